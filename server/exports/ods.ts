import { escapeXml } from './escape.ts';
import { documentXml, metaXml, odfPackage, odfText } from './odf.ts';
import type { Cell, Sheet } from './sheets.ts';
import type { ReportLanguage } from './text.ts';

/**
 * OpenDocument spreadsheet: one table per sheet, numbers and dates as typed cells. Text cells are
 * typed as strings (office:value-type="string"), which spreadsheets never evaluate, so text that
 * starts with "=" needs no apostrophe here (unlike CSV).
 */
const MIME = 'application/vnd.oasis.opendocument.spreadsheet';

export function renderOds(
	sheets: Sheet[],
	options: { title: string; language: ReportLanguage }
): Uint8Array {
	const names = uniqueSheetNames(sheets.map((sheet) => sheet.name));
	const body = sheets.map((sheet, i) => sheetXml(sheet, names[i])).join('');
	const content = documentXml(
		'document-content',
		`<office:automatic-styles>${STYLES}</office:automatic-styles>` +
			`<office:body><office:spreadsheet>${body}</office:spreadsheet></office:body>`
	);
	return odfPackage(MIME, [
		{ path: 'content.xml', mediaType: 'text/xml', data: content },
		{
			path: 'styles.xml',
			mediaType: 'text/xml',
			data: documentXml('document-styles', '<office:styles/>')
		},
		{ path: 'meta.xml', mediaType: 'text/xml', data: metaXml(options) }
	]);
}

/** Dates show as 23.11.2026, the Finnish and Finland-Swedish way. */
const STYLES =
	'<number:date-style style:name="N-day"><number:day/><number:text>.</number:text><number:month/><number:text>.</number:text><number:year number:style="long"/></number:date-style>' +
	'<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="4.5cm"/></style:style>' +
	'<style:style style:name="ce-head" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>' +
	'<style:style style:name="ce-day" style:family="table-cell" style:data-style-name="N-day"/>';

function sheetXml(sheet: Sheet, name: string): string {
	const header = `<table:table-header-rows><table:table-row>${sheet.header
		.map(
			(text) =>
				`<table:table-cell table:style-name="ce-head" office:value-type="string"><text:p>${odfText(text)}</text:p></table:table-cell>`
		)
		.join('')}</table:table-row></table:table-header-rows>`;
	const rows = sheet.rows
		.map((row) => `<table:table-row>${row.map(cellXml).join('')}</table:table-row>`)
		.join('');
	return (
		`<table:table table:name="${escapeXml(name)}">` +
		`<table:table-column table:style-name="co1" table:number-columns-repeated="${Math.max(1, sheet.header.length)}"/>` +
		header +
		rows +
		'</table:table>'
	);
}

function cellXml(cell: Cell): string {
	const text = `<text:p>${odfText(cell.text)}</text:p>`;
	if ('number' in cell) {
		return `<table:table-cell office:value-type="float" office:value="${cell.number}">${text}</table:table-cell>`;
	}
	if ('date' in cell) {
		return `<table:table-cell table:style-name="ce-day" office:value-type="date" office:date-value="${cell.date}">${text}</table:table-cell>`;
	}
	return cell.text === ''
		? '<table:table-cell/>'
		: `<table:table-cell office:value-type="string">${text}</table:table-cell>`;
}

/** Sheet names may not hold []*?:/\ and must be unique; 31 characters keep Excel happy too. */
function uniqueSheetNames(names: string[]): string[] {
	const seen = new Set<string>();
	return names.map((raw) => {
		const base =
			raw
				.replace(/[[\]*?:/\\']/g, ' ')
				.trim()
				.slice(0, 28) || 'Sheet';
		let name = base;
		for (let n = 2; seen.has(name); n++) name = `${base} ${n}`;
		seen.add(name);
		return name;
	});
}
