import { formatJoinCode } from '#shared/model/ids.ts';
import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import { qrSymbol } from '$lib/server/qr.ts';
import type { PageServerLoad } from './$types';

/** Finnish and Swedish both write a date as 23.11.2026, so one form serves the bilingual sheet. */
const SHEET_DATE = new Intl.DateTimeFormat('fi-FI', {
	day: 'numeric',
	month: 'numeric',
	year: 'numeric',
	timeZone: 'UTC'
});

/** The printable join sheet and table cards, for the workshop's facilitators only. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const joinCode = formatJoinCode(workshop.joinCode);
	const joinUrl = `${url.origin}/join?code=${joinCode}`;
	return {
		workshop: {
			id: workshop.id,
			title: workshop.title,
			locality: workshop.locality,
			date: SHEET_DATE.format(new Date(`${workshop.date}T00:00:00Z`)),
			joinCode,
			tableCount: workshop.tableCount
		},
		/** What to type when the QR code cannot be scanned: the address without the code. */
		joinAddress: `${url.host}/join`,
		joinUrl,
		joinQr: qrSymbol(joinUrl)
	};
};
