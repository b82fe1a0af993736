import { formatJoinCode } from '#shared/model/ids.ts';
import { participantsByTable, requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const joinCode = formatJoinCode(workshop.joinCode);
	return {
		workshop: {
			id: workshop.id,
			title: workshop.title,
			joinCode,
			tableCount: workshop.tableCount
		},
		joinUrl: `${url.origin}/join?code=${joinCode}`,
		tables: await participantsByTable(workshop)
	};
};
