import { error, redirect } from '@sveltejs/kit';
import type { ActorType } from '#shared/model/actor.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { services } from './services.ts';

/** Same shape as the control plane's workshop id schema; anything else cannot exist. */
const WORKSHOP_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

export const SIGN_IN_PATH = '/facilitator/sign-in';

/** The signed-in facilitator, or a redirect to the sign-in page. */
export function requireUser(locals: App.Locals): NonNullable<App.Locals['user']> {
	if (!locals.user) redirect(303, SIGN_IN_PATH);
	return locals.user;
}

/**
 * The workshop when the signed-in user facilitates it. 404 for an unknown id, and 403 for somebody
 * else's workshop, since its existence is no secret to a signed-in facilitator.
 */
export async function requireFacilitatedWorkshop(
	locals: App.Locals,
	workshopId: string
): Promise<WorkshopRecord> {
	const user = requireUser(locals);
	const { workshops } = services();
	const workshop = WORKSHOP_ID_PATTERN.test(workshopId)
		? await workshops.get(workshopId as WorkshopId)
		: null;
	if (!workshop) error(404, { message: 'not_found', code: 'not_found' });
	if (!(await workshops.isFacilitator(workshop.id, user.id))) {
		error(403, { message: 'forbidden', code: 'forbidden' });
	}
	return workshop;
}

/** What the console shows about a participant; the facilitator may see names, boards never do. */
export interface SeatedParticipant {
	id: string;
	displayName: string | null;
	organisation: string;
	actorType: ActorType;
}

/** Participants of each table 1..tableCount, in the order they joined. */
export async function participantsByTable(
	workshop: WorkshopRecord
): Promise<{ table: number; participants: SeatedParticipant[] }[]> {
	const all = await services().storage.participants.listByWorkshop(workshop.id);
	const sorted = [...all].sort((a, b) => a.joinedAt - b.joinedAt);
	return Array.from({ length: workshop.tableCount }, (_, i) => ({
		table: i + 1,
		participants: sorted
			.filter((p) => p.table === i + 1)
			.map(({ id, displayName, organisation, actorType }) => ({
				id,
				displayName,
				organisation,
				actorType
			}))
	}));
}
