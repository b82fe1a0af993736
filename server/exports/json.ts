import type { Report, ReportJson } from '#shared/model/report.ts';

/**
 * The JSON export: the report object as the schema in schema/report.schema.json describes it,
 * board images as base64. Language-neutral: codes (actor types, statuses), not labels.
 */
export function reportToJson(report: Report): ReportJson {
	if (report.kind !== 'workshop') return report;
	return {
		...report,
		boardImages: report.boardImages.map((image) => ({
			table: image.table,
			alt: image.alt,
			mediaType: 'image/png' as const,
			data: Buffer.from(image.png).toString('base64')
		}))
	};
}

export function renderJson(report: Report): Uint8Array {
	return new TextEncoder().encode(JSON.stringify(reportToJson(report), null, '\t') + '\n');
}
