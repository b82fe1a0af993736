import { JOIN_CODE_ALPHABET } from './ids.ts';
import { TEXT_LOCALES, type LocalisedText, type TextLocale } from './workshop.ts';

/**
 * Registration before the day (issue 5): a workshop's facilitator may open a registration link
 * where participants give their details and answer the pre-task (ennakkotehtävä) questions.
 */

/** The random part of a registration link /r/<code>: nanoid, 21 URL-safe characters. */
export type RegistrationCode = string & { readonly __brand: 'RegistrationCode' };
/** The random part of a registered person's own link /p/<token>: nanoid, 32 URL-safe characters. */
export type RegistrationToken = string & { readonly __brand: 'RegistrationToken' };
export type RegistrationId = string & { readonly __brand: 'RegistrationId' };

export const REGISTRATION_CODE_LENGTH = 21;
export const REGISTRATION_TOKEN_LENGTH = 32;
/**
 * The short personal code typed on /join instead of the workshop code. Ten characters of the join
 * code alphabet (31^10 ≈ 8·10^14), so it never has a join code's length of eight and /join can tell
 * the two apart; the join rate limit makes guessing hopeless.
 */
export const PERSONAL_CODE_LENGTH = 10;

/** Caps the server enforces on registration input. */
export const REGISTRATION_LIMITS = {
	questions: 10,
	questionChars: 300,
	answerChars: 2000
} as const;

/** One pre-task question. Languages the facilitator left empty are ''; at least one is filled. */
export interface PreTaskQuestion {
	/** Random, stable while the question exists: answers are keyed by it. */
	id: string;
	text: LocalisedText;
}

/** The languages a participant may prefer. */
export const PREFERRED_LANGUAGES = TEXT_LOCALES;
export type PreferredLanguage = TextLocale;

/** The question in `locale`, else in Finnish, Swedish or English, whichever was written. */
export function questionText(question: PreTaskQuestion, locale: string): string {
	const wanted = (TEXT_LOCALES as readonly string[]).includes(locale)
		? question.text[locale as TextLocale]
		: '';
	return wanted || question.text.fi || question.text.sv || question.text.en;
}

/** Shows a personal code in two groups of five for reading aloud: "ABCDE-23456". */
export function formatPersonalCode(code: string): string {
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Uppercases and strips spaces and dashes; null unless it has a personal code's length and alphabet. */
export function normalisePersonalCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== PERSONAL_CODE_LENGTH) return null;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
	return code;
}
