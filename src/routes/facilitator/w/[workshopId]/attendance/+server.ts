import { error } from '@sveltejs/kit';
import type { WorkshopId } from '#shared/model/ids.ts';
import { attendanceCsv } from '#server/privacy/attendance.ts';
import { actorTypeLabel } from '$lib/i18n/labels.ts';
import { m } from '$lib/paraglide/messages.js';
import { services } from '$lib/server/services.ts';
import type { RequestHandler } from './$types';

/** Same shape as the control plane's workshop id schema; anything else cannot exist. */
const WORKSHOP_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

/**
 * GET — the attendance list for funders as CSV, in the facilitator's UI language. Like the
 * report export, anybody but the workshop's facilitators gets 404. It holds names and
 * organisations only, never anything written on a board or in a commitment.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const notFound = () => error(404, { message: 'not_found', code: 'not_found' });
	if (!locals.user || !WORKSHOP_ID_PATTERN.test(params.workshopId)) notFound();
	const workshopId = params.workshopId as WorkshopId;
	const { workshops, privacy } = services();
	if (!(await workshops.isFacilitator(workshopId, locals.user!.id))) notFound();
	const entries = await privacy.attendance(locals.user!.id, workshopId);
	const bytes = attendanceCsv(entries, {
		header: [m.pv_name(), m.pv_organisation(), m.pv_actor_type(), m.pv_joined()],
		anonymous: m.pv_anonymous(),
		actorType: actorTypeLabel
	});
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${m.pv_attendance_file()}-${workshopId}.csv"`,
			// Names of people: never kept by shared caches.
			'cache-control': 'private, no-store'
		}
	});
};
