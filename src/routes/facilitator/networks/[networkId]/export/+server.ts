import { error } from '@sveltejs/kit';
import {
	EXPORT_FORMATS,
	REPORT_LANGUAGES,
	renderReport,
	reportFileName,
	type ExportFormat,
	type ReportLanguage
} from '#server/exports/index.ts';
import { getLocale } from '$lib/paraglide/runtime.js';
import { archiveFilter, errorCode } from '$lib/server/archive.ts';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET ?kind=locality&locality=…|kind=overview[&year=…]&format=…&lang=… — a network's locality
 * report (agreed commitments with their current follow-up status) or its overview (one row per
 * shared workshop). Members only: anybody else gets 404, as for the archive page.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const notFound = () => error(404, { message: 'not_found', code: 'not_found' });
	if (!locals.user) notFound();
	const userId = locals.user!.id;
	const format = url.searchParams.get('format') ?? 'pdf';
	const language = url.searchParams.get('lang') ?? getLocale();
	const kind = url.searchParams.get('kind');
	const filter = archiveFilter(url);
	if (
		!Object.hasOwn(EXPORT_FORMATS, format) ||
		!(REPORT_LANGUAGES as readonly string[]).includes(language) ||
		(kind !== 'overview' && (kind !== 'locality' || filter.locality === null))
	) {
		error(400, { message: 'bad_request', code: 'bad_request' });
	}
	const { networks } = services();
	try {
		const report =
			kind === 'locality'
				? await networks.localityReport(params.networkId, userId, filter.locality!)
				: await networks.overview(params.networkId, userId, filter);
		const options = { format: format as ExportFormat, language: language as ReportLanguage };
		const rendered = await renderReport(report, options);
		return new Response(new Uint8Array(rendered.bytes), {
			headers: {
				'content-type': rendered.contentType,
				'content-disposition': `attachment; filename="${reportFileName(report, options.format, options.language)}"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (caught) {
		if (errorCode(caught) === 'not_found') notFound();
		throw caught;
	}
};
