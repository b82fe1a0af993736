import type { FeedbackQuestion } from '#shared/model/feedback.ts';
import { m } from '$lib/paraglide/messages.js';

const QUESTIONS: Record<FeedbackQuestion, () => string> = {
	usefulness: m.fb_q_usefulness,
	voices: m.fb_q_voices,
	again: m.fb_q_again
};

const HINTS: Record<FeedbackQuestion, () => string> = {
	usefulness: m.fb_hint_usefulness,
	voices: m.fb_hint_voices,
	again: m.fb_hint_again
};

const ERRORS: Record<string, () => string> = {
	rating_required: m.fb_error_rating_required,
	too_long: m.fb_error_too_long,
	phase_closed: m.fb_error_phase_closed
};

export const feedbackQuestion = (question: FeedbackQuestion): string => QUESTIONS[question]();
export const feedbackHint = (question: FeedbackQuestion): string => HINTS[question]();
/** A form error code of the feedback form, in the UI language. */
export const feedbackErrorText = (code: string): string => (ERRORS[code] ?? m.fb_error_invalid)();
