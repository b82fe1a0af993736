import type { Report } from '#shared/model/report.ts';
import { renderCsv } from './csv.ts';
import { renderDocx } from './docx.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderOds } from './ods.ts';
import { renderOdt } from './odt.ts';
import { outlineOf } from './outline.ts';
import { renderPdf } from './pdf.ts';
import { sheetsOf, singleSheet } from './sheets.ts';
import { REPORT_LANGUAGES, reportText, type ReportLanguage } from './text.ts';

export { REPORT_LANGUAGES, type ReportLanguage };

export const EXPORT_FORMATS = {
	pdf: { contentType: 'application/pdf', extension: 'pdf' },
	docx: {
		contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extension: 'docx'
	},
	odt: { contentType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
	ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
	md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
	csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
	json: { contentType: 'application/json; charset=utf-8', extension: 'json' }
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_LIST = Object.keys(EXPORT_FORMATS) as ExportFormat[];

export interface RenderedReport {
	bytes: Uint8Array;
	contentType: string;
	extension: string;
}

/** One report in one format and language. JSON is language-neutral and ignores `language`. */
export async function renderReport(
	report: Report,
	options: { format: ExportFormat; language: ReportLanguage }
): Promise<RenderedReport> {
	const { format, language } = options;
	const text = reportText(language);
	const done = (bytes: Uint8Array): RenderedReport => ({ bytes, ...EXPORT_FORMATS[format] });
	switch (format) {
		case 'json':
			return done(renderJson(report));
		case 'csv':
			return done(renderCsv(singleSheet(report, text)));
		case 'ods': {
			const title = outlineOf(report, text).title;
			return done(renderOds(sheetsOf(report, text), { title, language }));
		}
		case 'md':
			return done(renderMarkdown(outlineOf(report, text)));
		case 'odt':
			return done(renderOdt(outlineOf(report, text)));
		case 'docx':
			return done(await renderDocx(outlineOf(report, text)));
		case 'pdf':
			return done(await renderPdf(outlineOf(report, text)));
	}
}

/**
 * A file name that says what is inside and survives every file system: ASCII letters, digits and
 * dashes, e.g. "rajapinta-kuopio-2026-11-23.pdf" or "rajapinta-paikkakunta-a-2026-11-23.pdf".
 */
export function reportFileName(
	report: Report,
	format: ExportFormat,
	language: ReportLanguage
): string {
	const text = reportText(language);
	const parts = ['rajapinta'];
	if (report.kind === 'workshop' || report.kind === 'locality') {
		parts.push(text.locality(report.locality));
	}
	if (report.kind === 'workshop') parts.push(report.date);
	if (report.kind === 'overview') parts.push(text.t('export_title_overview'));
	const slug = parts
		.join('-')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 80);
	return `${slug}.${EXPORT_FORMATS[format].extension}`;
}
