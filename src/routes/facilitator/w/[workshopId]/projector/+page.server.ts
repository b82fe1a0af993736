import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** The plenary screen, for the workshop's facilitators only (the projector laptop signs in). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	return {
		workshop: { id: workshop.id, title: workshop.title, tableCount: workshop.tableCount },
		/** A follow-up session's open commitments, shown in its opening phase; null otherwise. */
		openCommitments: await services().followUps.openCommitments(workshop.id)
	};
};
