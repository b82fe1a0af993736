import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services.ts';
import { workshopVoices } from '#server/workshops/voice-balance.ts';
import type { PageServerLoad } from './$types';

/** Contributions and votes per actor type, for the workshop's facilitators only (issue 4). */
export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('rajapinta:voices');
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const { storage, tokens } = services();
	return {
		workshop: { id: workshop.id, title: workshop.title },
		balance: await workshopVoices(storage, (id) => tokens.authorKey(id), workshop)
	};
};
