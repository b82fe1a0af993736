import {
	EXPORT_FORMATS,
	REPORT_LANGUAGES,
	renderReport,
	reportFileName,
	type ExportFormat,
	type ReportLanguage
} from '#server/exports/index.ts';
import { apiError, apiRequest } from '$lib/server/api';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** GET /api/v1/workshops/{id}/export?format=pdf|docx|odt|ods|md|csv|json&lang=fi|sv|en */
export const GET: RequestHandler = (event) =>
	apiRequest(event, async (principal) => {
		const format = event.url.searchParams.get('format') ?? 'json';
		const language = event.url.searchParams.get('lang') ?? 'fi';
		if (
			!Object.hasOwn(EXPORT_FORMATS, format) ||
			!(REPORT_LANGUAGES as readonly string[]).includes(language)
		) {
			return apiError(400, 'invalid_payload', 'format or lang is not valid.');
		}
		const report = await services().api.report(principal, event.params.workshopId);
		const options = { format: format as ExportFormat, language: language as ReportLanguage };
		const rendered = await renderReport(report, options);
		return new Response(new Uint8Array(rendered.bytes), {
			headers: {
				'content-type': rendered.contentType,
				'content-disposition': `attachment; filename="${reportFileName(report, options.format, options.language)}"`,
				'cache-control': 'private, no-store'
			}
		});
	});
