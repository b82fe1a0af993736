import type { WorkshopId } from '#shared/model/ids.ts';
import { isPrivateWriting } from '#shared/model/workshop.ts';
import { markRevealed, showVoteCounts } from '#shared/model/workshop-ops.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { AccessControl } from '#server/auth/access.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { requireFacilitator } from './guards.ts';
import type { HandlerBinder } from './types.ts';

/** Copies every participant's private items of a workshop to their tables' boards (sync S10). */
export type RevealPrivate = (
	workshopId: WorkshopId,
	options: { anonymise: boolean; shuffle: boolean }
) => Promise<void>;

/**
 * SPEC C15: `phase:reveal`, facilitators only. The phase is marked revealed first, so the sync
 * server takes no more private writes and screens go back to the table boards; then the items are
 * copied. A reveal that failed after marking (storage down) may be sent again: it copies whatever
 * is still private.
 */
export function registerRevealHandler(options: {
	handle: HandlerBinder;
	access: AccessControl;
	workshops: WorkshopService;
	revealPrivate?: RevealPrivate;
}): void {
	const { handle, access, workshops, revealPrivate } = options;

	handle('phase:reveal', async ({ workshopId, anonymise, shuffle }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		const id = workshopId as WorkshopId;
		const current = await workshops.state(id);
		if (!current) throw new RajapintaError('not_found', `workshop ${workshopId}`);
		if (!current.phases[current.phaseIndex]?.settings.privateWriting) {
			throw new RajapintaError('conflict', 'the phase has no private writing');
		}
		if (!revealPrivate) throw new Error('no sync server to reveal private items with');
		const state = isPrivateWriting(current) ? await workshops.change(id, markRevealed) : current;
		await revealPrivate(id, { anonymise, shuffle });
		return state;
	});

	// SPEC C19: counts hidden while people vote are shown to everybody at once.
	handle('votes:show', async ({ workshopId }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return workshops.change(workshopId as WorkshopId, showVoteCounts);
	});
}
