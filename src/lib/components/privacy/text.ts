import { getLocale } from '$lib/paraglide/runtime.js';

const LOCALE_TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/**
 * A moment as Finnish wall-clock time in the UI language. The zone is fixed, so the server and
 * the browser render the same text.
 */
export function momentLabel(epochMs: number): string {
	return new Intl.DateTimeFormat(LOCALE_TAGS[getLocale()], {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Helsinki'
	}).format(epochMs);
}

/** The Finnish day of a moment in the UI language. */
export function dayOfLabel(epochMs: number): string {
	return new Intl.DateTimeFormat(LOCALE_TAGS[getLocale()], {
		day: 'numeric',
		month: getLocale() === 'en' ? 'short' : 'numeric',
		year: 'numeric',
		timeZone: 'Europe/Helsinki'
	}).format(epochMs);
}
