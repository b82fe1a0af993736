import { fail } from '@sveltejs/kit';
import { formatJoinCode } from '#shared/model/ids.ts';
import { rajapintaErrorCode } from '#shared/protocol/errors.ts';
import {
	participantsByTable,
	requireFacilitatedWorkshop,
	requireUser
} from '$lib/server/facilitator.ts';
import { parseInviteForm, readForm } from '$lib/server/forms.ts';
import { qrSymbol } from '$lib/server/qr.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const user = requireUser(locals);
	const joinCode = formatJoinCode(workshop.joinCode);
	const joinUrl = `${url.origin}/join?code=${joinCode}`;
	const facilitators = await services().workshops.facilitators(workshop.id);
	return {
		workshop: {
			id: workshop.id,
			title: workshop.title,
			joinCode,
			tableCount: workshop.tableCount
		},
		joinUrl,
		joinQr: qrSymbol(joinUrl),
		tables: await participantsByTable(workshop),
		facilitators: facilitators.map(({ userId, email, displayName, role }) => ({
			userId,
			email,
			displayName,
			role
		})),
		isOwner: facilitators.some((f) => f.userId === user.id && f.role === 'owner')
	};
};

/** Why an invite was refused, for the console's message. */
type InviteRefusal = 'invalid' | 'unknown' | 'already' | 'owner_only' | 'rate_limited';

export const actions: Actions = {
	invite: async ({ locals, params, request, getClientAddress }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const user = requireUser(locals);
		const parsed = parseInviteForm(await readForm(request));
		if (!parsed.ok) {
			return fail(400, {
				invite: { refused: 'invalid' as InviteRefusal, email: parsed.values.email ?? '' }
			});
		}
		const { email } = parsed.value;
		// The answer tells whether an account has this e-mail, so invites share the sign-in budget
		// (any facilitator can own a workshop, and could otherwise probe addresses here).
		if (!(await services().rateLimits.allow('signIn', getClientAddress()))) {
			return fail(429, { invite: { refused: 'rate_limited' as InviteRefusal, email } });
		}
		try {
			const added = await services().workshops.inviteFacilitator({
				workshopId: workshop.id,
				invitedBy: user.id,
				email
			});
			return { invite: { added: added.displayName } };
		} catch (error) {
			const code = rajapintaErrorCode(error);
			if (code === 'forbidden') {
				return fail(403, { invite: { refused: 'owner_only' as InviteRefusal, email } });
			}
			if (code === 'not_found') {
				return fail(404, { invite: { refused: 'unknown' as InviteRefusal, email } });
			}
			if (code === 'conflict') {
				const already = (await services().workshops.facilitators(workshop.id)).find(
					(f) => f.email === email
				);
				return fail(409, {
					invite: { refused: 'already' as InviteRefusal, email, name: already?.displayName }
				});
			}
			throw error;
		}
	}
};
