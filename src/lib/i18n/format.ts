import { getLocale, type Locale } from '$lib/paraglide/runtime.js';

/** Formats follow Finland: Finland-Swedish writes 23.11.2026 as Finnish does, not Sweden's ISO form. */
const REGIONAL: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Formats an ISO day (YYYY-MM-DD) in the current locale; UTC so no time zone shifts the day. */
export function formatDay(isoDate: string): string {
	const [year, month, day] = isoDate.split('-').map(Number);
	return new Intl.DateTimeFormat(REGIONAL[getLocale()], {
		day: 'numeric',
		month: 'numeric',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(year, month - 1, day)));
}
