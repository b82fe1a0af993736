import { error } from '@sveltejs/kit';
import type { WorkshopId } from '#shared/model/ids.ts';
import { attendanceCsv, attendancePdf } from '#server/privacy/attendance.ts';
import { formatDay } from '$lib/i18n/format.ts';
import { actorTypeLabel } from '$lib/i18n/labels.ts';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Same shape as the control plane's workshop id schema; anything else cannot exist. */
const WORKSHOP_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

/**
 * GET — the attendance list for funders as CSV, or with `?format=pdf` as a printable PDF, in the
 * facilitator's UI language. Like the report export, anybody but the workshop's facilitators gets
 * 404. It holds names and organisations only, never anything written on a board or in a
 * commitment; people who registered count only once they have arrived.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const notFound = () => error(404, { message: 'not_found', code: 'not_found' });
	if (!locals.user || !WORKSHOP_ID_PATTERN.test(params.workshopId)) notFound();
	const workshopId = params.workshopId as WorkshopId;
	const { workshops, privacy } = services();
	const workshop = await workshops.get(workshopId);
	if (!workshop || !(await workshops.isFacilitator(workshopId, locals.user!.id))) notFound();
	const entries = await privacy.attendance(locals.user!.id, workshopId);
	const labels = {
		header: [m.pv_name(), m.pv_organisation(), m.pv_actor_type(), m.pv_joined()] as [
			string,
			string,
			string,
			string
		],
		anonymous: m.pv_anonymous(),
		actorType: actorTypeLabel
	};
	const pdf = url.searchParams.get('format') === 'pdf';
	const bytes = pdf
		? await attendancePdf(entries, {
				...labels,
				title: m.pv_attendance_pdf_title({ title: workshop!.title }),
				details: [
					[m.pv_attendance_locality(), workshop!.locality],
					[m.pv_attendance_date(), formatDay(workshop!.date)],
					[m.pv_attendance_count(), String(entries.length)]
				],
				note: m.pv_attendance_text(),
				language: getLocale(),
				pageLabel: (page, pages) => m.pv_attendance_page({ page, pages })
			})
		: attendanceCsv(entries, labels);
	const extension = pdf ? 'pdf' : 'csv';
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': pdf ? 'application/pdf' : 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${m.pv_attendance_file()}-${workshopId}.${extension}"`,
			// Names of people: never kept by shared caches.
			'cache-control': 'private, no-store'
		}
	});
};
