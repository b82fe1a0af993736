import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	FEEDBACK_TEXT_MAX_CHARS,
	FeedbackFormSchema,
	answerOf,
	summariseFeedback,
	type FeedbackAnswer
} from './feedback.ts';

const answer = (usefulness: 1 | 2 | 3 | 4 | 5, text: string | null = null): FeedbackAnswer => ({
	ratings: { usefulness, voices: 3, again: 5 },
	text
});

describe('feedback form schema', () => {
	it('turns the form into an answer: ratings as numbers, text trimmed, empty text null', () => {
		const parsed = v.parse(FeedbackFormSchema, {
			usefulness: '1',
			voices: '5',
			again: '3',
			text: '  Kiitos!  '
		});
		expect(answerOf(parsed)).toEqual({
			ratings: { usefulness: 1, voices: 5, again: 3 },
			text: 'Kiitos!'
		});
		const blank = v.parse(FeedbackFormSchema, {
			usefulness: '2',
			voices: '2',
			again: '2',
			text: ' '
		});
		expect(answerOf(blank).text).toBeNull();
	});

	it('refuses a missing or out-of-range rating and a text over the cap', () => {
		for (const bad of ['', '0', '6', '2.5', ' 3', '10']) {
			const result = v.safeParse(FeedbackFormSchema, { usefulness: bad, voices: '1', again: '1' });
			expect(result.success, `rating ${JSON.stringify(bad)}`).toBe(false);
		}
		expect(v.safeParse(FeedbackFormSchema, { voices: '1', again: '1' }).success).toBe(false);
		const long = 'ä'.repeat(FEEDBACK_TEXT_MAX_CHARS + 1);
		const result = v.safeParse(FeedbackFormSchema, {
			usefulness: '1',
			voices: '1',
			again: '1',
			text: long
		});
		expect(result.success).toBe(false);
		expect(
			v.safeParse(FeedbackFormSchema, {
				usefulness: '1',
				voices: '1',
				again: '1',
				text: long.slice(1)
			}).success
		).toBe(true);
	});
});

describe('summariseFeedback', () => {
	it('counts, means to one decimal and distributions per question', () => {
		const summary = summariseFeedback([answer(1), answer(2), answer(2)]);
		expect(summary.responses).toBe(3);
		expect(summary.questions[0]).toEqual({
			question: 'usefulness',
			mean: 1.7,
			distribution: [1, 2, 0, 0, 0]
		});
		expect(summary.questions[2]).toEqual({
			question: 'again',
			mean: 5,
			distribution: [0, 0, 0, 0, 3]
		});
	});

	it('has no means without answers', () => {
		const summary = summariseFeedback([]);
		expect(summary).toMatchObject({ responses: 0, texts: [] });
		expect(summary.questions.map((q) => q.mean)).toEqual([null, null, null]);
	});

	it('shuffles the open texts and leaves out empty ones', () => {
		const answers = ['a', 'b', 'c', 'd'].map((text) => answer(3, text));
		answers.push(answer(4, null));
		// random() = 0 swaps each position with the first: a b c d -> b c d a.
		expect(summariseFeedback(answers, () => 0).texts).toEqual(['b', 'c', 'd', 'a']);
		expect(summariseFeedback(answers, () => 0.999).texts).toEqual(['a', 'b', 'c', 'd']);
	});
});
