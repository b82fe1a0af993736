import { csvField } from './escape.ts';
import type { Sheet } from './sheets.ts';

/**
 * CSV for Excel with a Finnish (or Finland-Swedish) locale, which is where these files are
 * opened:
 * - UTF-8 with a byte-order mark, or Excel reads the file as Windows-1252 and breaks å ä ö;
 * - `;` between fields, because Finnish Excel uses the comma as its decimal separator and
 *   therefore expects semicolons as its list separator (a comma file lands in one column);
 * - CRLF line ends (RFC 4180), every field quoted, formulas neutralised (see escape.ts).
 */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

export function renderCsv(sheet: Sheet): Uint8Array {
	const lines = [sheet.header, ...sheet.rows.map((row) => row.map((cell) => cell.text))].map(
		(cells) => cells.map(csvField).join(CSV_SEPARATOR)
	);
	return new TextEncoder().encode(BOM + lines.join('\r\n') + '\r\n');
}
