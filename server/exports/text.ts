import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import type { CommitmentStatus } from '#shared/model/commitment.ts';
import type { LocalityRef } from '#shared/model/report.ts';
import { m } from '../../src/lib/paraglide/messages.js';

/** The languages a report can be written in (the UI's). */
export const REPORT_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

type ExportKey = Exclude<
	keyof typeof import('../../src/lib/i18n/messages/export/fi.json'),
	'$schema'
>;
type ExportMessage = (
	inputs?: Record<string, string | number>,
	options?: { locale?: ReportLanguage }
) => string;
const messages = m as unknown as Record<ExportKey, ExportMessage>;

/** Finland's formats: Finland-Swedish writes dates as Finnish does, not as Sweden does. */
const REGIONAL: Record<ReportLanguage, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
/** Times in a report are the workshops' own: all of them are held in Finland. */
const TIME_ZONE = 'Europe/Helsinki';

/** Every label and format of one report language. Texts come from the Paraglide messages. */
export interface ReportText {
	language: ReportLanguage;
	t(key: ExportKey, inputs?: Record<string, string | number>): string;
	/** A calendar day YYYY-MM-DD, e.g. 23.11.2026 (fi, sv) or 23 November 2026 (en). */
	day(isoDate: string): string;
	/** An ISO timestamp as day and time in Finland. */
	moment(isoTimestamp: string): string;
	number(value: number): string;
	actor(type: ActorType): string;
	duration(duration: WorkshopDuration): string;
	status(status: CommitmentStatus): string;
	locality(ref: LocalityRef): string;
}

export function reportText(language: ReportLanguage): ReportText {
	const t = (key: ExportKey, inputs: Record<string, string | number> = {}) =>
		messages[key](inputs, { locale: language });
	const dayFormat = new Intl.DateTimeFormat(REGIONAL[language], {
		day: 'numeric',
		month: language === 'en' ? 'long' : 'numeric',
		year: 'numeric',
		timeZone: 'UTC'
	});
	const momentFormat = new Intl.DateTimeFormat(REGIONAL[language], {
		dateStyle: 'short',
		timeStyle: 'short',
		timeZone: TIME_ZONE
	});
	const numberFormat = new Intl.NumberFormat(REGIONAL[language], { maximumFractionDigits: 1 });
	return {
		language,
		t,
		day(isoDate) {
			const [year, month, day] = isoDate.split('-').map(Number);
			return dayFormat.format(new Date(Date.UTC(year, month - 1, day)));
		},
		moment: (iso) => momentFormat.format(new Date(iso)),
		number: (value) => numberFormat.format(value),
		actor: (type) => t(`export_actor_${type}`),
		duration: (duration) => t(`export_duration_${duration}`),
		status: (status) => t(`export_status_${status}`),
		locality: (ref) =>
			ref.code === null ? ref.name : t('export_locality_coded', { code: ref.code })
	};
}
