import * as v from 'valibot';

/**
 * The anonymous feedback survey of a workshop's feedback phase (issue 4): three fixed 1–5 ratings
 * and one optional open text. An answer carries nothing that names or seats its writer; who has
 * answered is kept apart (see FeedbackStore in server/storage/storage.ts).
 */

/** The rated questions, in the order the form asks them. */
export const FEEDBACK_QUESTIONS = {
	/** How useful the day was for the participant's own work. */
	usefulness: 'usefulness',
	/** How well the different organisations got to speak. */
	voices: 'voices',
	/** Would the participant take part again. */
	again: 'again'
} as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[keyof typeof FEEDBACK_QUESTIONS];
export const FEEDBACK_QUESTION_LIST = Object.values(FEEDBACK_QUESTIONS) as FeedbackQuestion[];

export const FEEDBACK_RATING_MIN = 1;
export const FEEDBACK_RATING_MAX = 5;
/** Longest open text, in UTF-16 code units. */
export const FEEDBACK_TEXT_MAX_CHARS = 1000;

/** One rating, 1 (not at all) … 5 (very much). */
export type FeedbackRating = 1 | 2 | 3 | 4 | 5;

/** One participant's answer as stored: no participant, name, table or time. */
export interface FeedbackAnswer {
	ratings: Record<FeedbackQuestion, FeedbackRating>;
	/** The open text, trimmed; null when left empty. */
	text: string | null;
}

// Optional and then checked: valibot reports a missing key with its own message, not ours.
const rating = v.pipe(
	v.optional(v.string('rating_required'), ''),
	v.regex(/^[1-5]$/, 'rating_required'),
	v.transform((value) => Number(value) as FeedbackRating)
);

/**
 * The form as submitted: every rating as '1'…'5' (a radio group sends nothing when none is
 * chosen, which reads as missing), the open text optional.
 */
export const FeedbackFormSchema = v.object({
	usefulness: rating,
	voices: rating,
	again: rating,
	text: v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(FEEDBACK_TEXT_MAX_CHARS, 'too_long'),
		v.transform((value) => (value === '' ? null : value))
	)
});

/** A parsed form as the answer to store. */
export function answerOf(form: v.InferOutput<typeof FeedbackFormSchema>): FeedbackAnswer {
	const { usefulness, voices, again, text } = form;
	return { ratings: { usefulness, voices, again }, text };
}

/** The figures of one question. */
export interface FeedbackQuestionSummary {
	question: FeedbackQuestion;
	/** Mean rating rounded to one decimal; null without answers. */
	mean: number | null;
	/** How many chose 1, 2, 3, 4 and 5 (index 0 is rating 1). */
	distribution: [number, number, number, number, number];
}

/** What the facilitators see: counts and means, and the open texts in an order that tells nothing. */
export interface FeedbackSummaryView {
	responses: number;
	questions: FeedbackQuestionSummary[];
	texts: string[];
}

/**
 * Sums up the answers. The open texts are shuffled (Fisher–Yates with `random`), so their order
 * cannot be matched with who answered when.
 */
export function summariseFeedback(
	answers: readonly FeedbackAnswer[],
	random: () => number = Math.random
): FeedbackSummaryView {
	const questions = FEEDBACK_QUESTION_LIST.map((question): FeedbackQuestionSummary => {
		const distribution: FeedbackQuestionSummary['distribution'] = [0, 0, 0, 0, 0];
		let sum = 0;
		for (const answer of answers) {
			const value = answer.ratings[question];
			distribution[value - 1] += 1;
			sum += value;
		}
		const mean = answers.length === 0 ? null : Math.round((sum / answers.length) * 10) / 10;
		return { question, mean, distribution };
	});
	const texts = answers.flatMap((answer) => (answer.text === null ? [] : [answer.text]));
	for (let i = texts.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[texts[i], texts[j]] = [texts[j], texts[i]];
	}
	return { responses: answers.length, questions, texts };
}
