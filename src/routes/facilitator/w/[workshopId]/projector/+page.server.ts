import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import type { PageServerLoad } from './$types';

/** The plenary screen, for the workshop's facilitators only (the projector laptop signs in). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	return {
		workshop: { id: workshop.id, title: workshop.title, tableCount: workshop.tableCount }
	};
};
