import { error } from '@sveltejs/kit';
import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const table = /^[1-9][0-9]{0,2}$/.test(params.table) ? Number(params.table) : 0;
	if (table < 1 || table > workshop.tableCount)
		error(404, { message: 'not_found', code: 'not_found' });
	return {
		workshop: { id: workshop.id, title: workshop.title },
		table,
		displayName: locals.user!.displayName
	};
};
