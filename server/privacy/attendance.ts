import type { ActorType } from '#shared/model/actor.ts';
import { renderCsv } from '../exports/csv.ts';
import { cleanText } from '../exports/escape.ts';
import { renderPdf } from '../exports/pdf.ts';
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

/** The words of the printable attendance list, beside those of the CSV. */
export interface AttendancePdfText extends AttendanceLabels {
	/** Document title and first heading. */
	title: string;
	/** Label–value pairs above the list, e.g. the workshop, its locality and day. */
	details: [label: string, value: string][];
	/** A sentence under the list, e.g. that it holds nothing anybody wrote. */
	note: string;
	language: 'fi' | 'sv' | 'en';
	pageLabel(page: number, pages: number): string;
}

/** Name, organisation, actor type, joined: the organisation gets the most room. */
const PDF_COLUMN_WEIGHTS = [2.4, 2.8, 1.8, 1.6];

/**
 * The attendance list as a tagged A4 PDF, with the same renderer and font as the report exports
 * (server/exports/pdf.ts), for funders who want it printed. The same columns as the CSV.
 */
export function attendancePdf(
	entries: readonly AttendanceEntry[],
	text: AttendancePdfText
): Promise<Uint8Array> {
	return renderPdf({
		title: cleanText(text.title),
		language: text.language,
		pageLabel: text.pageLabel,
		blocks: [
			{ kind: 'heading', level: 1, text: cleanText(text.title) },
			{
				kind: 'fields',
				rows: text.details.map(([label, value]) => [cleanText(label), cleanText(value)])
			},
			{
				kind: 'table',
				header: text.header.map(cleanText),
				weights: PDF_COLUMN_WEIGHTS,
				rows: entries.map((entry) =>
					[
						entry.displayName ?? text.anonymous,
						entry.organisation,
						text.actorType(entry.actorType),
						JOINED_FORMAT.format(entry.joinedAt)
					].map(cleanText)
				)
			},
			{ kind: 'paragraph', text: cleanText(text.note) }
		]
	});
}
