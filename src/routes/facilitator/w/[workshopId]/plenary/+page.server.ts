import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import type { PageServerLoad } from './$types';

/** The facilitators' plenary desk: harvest from the tables, write plenary notes. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	return {
		workshop: { id: workshop.id, title: workshop.title, tableCount: workshop.tableCount },
		displayName: locals.user!.displayName
	};
};
