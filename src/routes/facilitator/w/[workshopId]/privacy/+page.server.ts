import { error, fail } from '@sveltejs/kit';
import { RETENTION_DAYS } from '#server/privacy/retention.ts';
import { requireFacilitatedWorkshop, requireUser } from '$lib/server/facilitator.ts';
import { readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** The workshop's personal data: attendance list, retention, erasure (issue 5). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const user = requireUser(locals);
	return {
		workshop: { id: workshop.id, title: workshop.title },
		retention: await services().privacy.retention(user.id, workshop.id),
		/** Registrations before the day are personal data too, erased with the rest. */
		registrations: (await services().registrations.overview(user.id, workshop.id)).registrants
			.length,
		bounds: { min: RETENTION_DAYS.min, max: RETENTION_DAYS.max },
		confirming: url.searchParams.get('confirm') === '1'
	};
};

export const actions: Actions = {
	retention: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const raw = form.get('days');
		const text = typeof raw === 'string' ? raw.trim() : '';
		const days = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
		if (!(days >= RETENTION_DAYS.min && days <= RETENTION_DAYS.max)) {
			return fail(400, { retentionInvalid: true, days: text.slice(0, 10) });
		}
		await services().privacy.setRetentionDays(requireUser(locals).id, workshop.id, days);
		return { retentionSaved: true };
	},
	erase: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		// Sent only by the confirmation step's button.
		if (form.get('confirm') !== 'yes') error(400, { message: 'bad_request', code: 'bad_request' });
		const erased = await services().privacy.eraseWorkshop(requireUser(locals).id, workshop.id);
		return { erased };
	}
};
