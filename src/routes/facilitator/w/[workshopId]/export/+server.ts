import { error } from '@sveltejs/kit';
import type { WorkshopId } from '#shared/model/ids.ts';
import { assembleWorkshopReport } from '#server/exports/assemble.ts';
import { anonymiseReport } from '#server/exports/anonymise.ts';
import {
	EXPORT_FORMATS,
	REPORT_LANGUAGES,
	renderReport,
	reportFileName,
	type ExportFormat,
	type ReportLanguage
} from '#server/exports/index.ts';
import { reportText } from '#server/exports/text.ts';
import { getLocale } from '$lib/paraglide/runtime.js';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Same shape as the control plane's workshop id schema; anything else cannot exist. */
const WORKSHOP_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

/**
 * GET ?format=pdf|docx|odt|ods|md|csv|json&lang=fi|sv|en&anonymise=1 — the workshop's report as a
 * file. Only the workshop's facilitators get it; anybody else (signed out, a participant, another
 * facilitator) gets 404, so the address says nothing about which workshops exist. The language
 * defaults to the facilitator's UI language; anonymise=1 codes the locality ("Locality A").
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const notFound = () => error(404, { message: 'not_found', code: 'not_found' });
	if (!locals.user || !WORKSHOP_ID_PATTERN.test(params.workshopId)) notFound();
	const user = locals.user!;
	const workshopId = params.workshopId as WorkshopId;
	const { workshops, storage } = services();
	if (!(await workshops.isFacilitator(workshopId, user.id))) notFound();

	const format = url.searchParams.get('format') ?? 'pdf';
	const language = url.searchParams.get('lang') ?? getLocale();
	if (
		!Object.hasOwn(EXPORT_FORMATS, format) ||
		!(REPORT_LANGUAGES as readonly string[]).includes(language)
	) {
		error(400, { message: 'bad_request', code: 'bad_request' });
	}
	const options = { format: format as ExportFormat, language: language as ReportLanguage };
	// Spreadsheets have no place for pictures of the boards; every other format shows them.
	const pictures = options.format !== 'csv' && options.format !== 'ods';
	const assembled = await assembleWorkshopReport(storage, workshopId, {
		language: pictures ? options.language : undefined
	});
	if (!assembled) notFound();
	const text = reportText(options.language);
	const report =
		url.searchParams.get('anonymise') === '1'
			? anonymiseReport(assembled!, {
					label: (code) => text.t('export_locality_coded', { code })
				})
			: assembled!;
	const rendered = await renderReport(report, options);
	return new Response(new Uint8Array(rendered.bytes), {
		headers: {
			'content-type': rendered.contentType,
			'content-disposition': `attachment; filename="${reportFileName(report, options.format, options.language)}"`,
			// Reports hold what a workshop said: never kept by shared caches.
			'cache-control': 'private, no-store'
		}
	});
};
