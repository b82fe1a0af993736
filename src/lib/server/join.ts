import type { Cookies } from '@sveltejs/kit';
import type { WorkshopId } from '#shared/model/ids.ts';
import { PARTICIPANT_TOKEN_TTL_MS } from '#server/auth/tokens.ts';
import { setParticipantCookie } from './cookies.ts';
import type { JoinInput } from './forms.ts';
import { services } from './services.ts';

/**
 * Seats a participant in the workshop with the code and gives this browser the signed token.
 * Returns null when no workshop has the code.
 */
export async function joinWorkshop(
	cookies: Cookies,
	input: JoinInput
): Promise<{ workshopId: WorkshopId; table: number } | null> {
	const { workshops, tokens } = services();
	const workshop = await workshops.findByJoinCode(input.code);
	if (!workshop) return null;
	const participant = await workshops.join(workshop, {
		displayName: input.displayName,
		organisation: input.organisation,
		actorType: input.actorType
	});
	const token = tokens.sign({
		participantId: participant.id,
		workshopId: workshop.id,
		expiresAt: Date.now() + PARTICIPANT_TOKEN_TTL_MS
	});
	setParticipantCookie(cookies, token);
	return { workshopId: workshop.id, table: participant.table };
}
