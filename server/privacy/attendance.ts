import type { ActorType } from '#shared/model/actor.ts';
import { renderCsv } from '../exports/csv.ts';
import { cleanText } from '../exports/escape.ts';
import type { AttendanceEntry } from './privacy-service.ts';

/** The words of the attendance list, in the facilitator's language. */
export interface AttendanceLabels {
	/** Column titles: name, organisation, actor type, joined. */
	header: [string, string, string, string];
	/** Written for a participant who gave no name. */
	anonymous: string;
	actorType: (actorType: ActorType) => string;
}

/** Join times as Finnish wall-clock time, in a form every spreadsheet reads as a date. */
const JOINED_FORMAT = new Intl.DateTimeFormat('sv-SE', {
	timeZone: 'Europe/Helsinki',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/**
 * The attendance list for funders as CSV (the export's Finnish-Excel dialect: BOM, `;`, every
 * cell formula-safe). Names, organisations and actor types only: it is never joined with what
 * anybody wrote.
 */
export function attendanceCsv(entries: readonly AttendanceEntry[], labels: AttendanceLabels) {
	return renderCsv({
		name: 'attendance',
		header: labels.header,
		rows: entries.map((entry) =>
			[
				entry.displayName ?? labels.anonymous,
				entry.organisation,
				labels.actorType(entry.actorType),
				JOINED_FORMAT.format(entry.joinedAt)
			].map((text) => ({ text: cleanText(text) }))
		)
	});
}
