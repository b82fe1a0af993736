import { SYNC_DENIAL, type SyncDenialReason } from '../protocol/sync.ts';
import type { ParticipantRights } from './workshop.ts';

/**
 * What a phase's participant rights allow with one board item (server/sync/SPEC.md S9). The sync
 * server enforces these on every update; the board uses the same rules to offer only what will
 * be accepted. `me` is the participant's author key; `owner` the item's (null when it has none).
 */

export function mayAddItems(rights: ParticipantRights): boolean {
	return rights !== 'view_only';
}

/** Why `me` may not change (edit, move, resize, recolour) an item of `owner`; null when they may. */
export function changeDenial(
	rights: ParticipantRights,
	me: string,
	owner: string | null
): SyncDenialReason | null {
	switch (rights) {
		case 'edit_all':
			return null;
		case 'view_only':
			return SYNC_DENIAL.viewOnly;
		default:
			return owner !== null && owner === me ? null : SYNC_DENIAL.notOwn;
	}
}

/** Why `me` may not delete an item of `owner`; null when they may. */
export function deleteDenial(
	rights: ParticipantRights,
	me: string,
	owner: string | null
): SyncDenialReason | null {
	if (rights === 'add_only') return SYNC_DENIAL.noDelete;
	return changeDenial(rights, me, owner);
}
