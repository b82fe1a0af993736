import { requireFacilitatedWorkshop, requireUser } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services.ts';
import type { PageServerLoad } from './$types';

/** The anonymous feedback summary, for the workshop's facilitators only (issue 4). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	return {
		workshop: { id: workshop.id, title: workshop.title },
		summary: await services().feedback.summary({
			userId: requireUser(locals).id,
			workshopId: workshop.id
		})
	};
};
