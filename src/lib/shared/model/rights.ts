import { SYNC_DENIAL, type SyncDenialReason } from '../protocol/sync.ts';
import type { ActorType } from './actor.ts';
import type { ParticipantRights } from './workshop.ts';

/**
 * What a phase's participant rights allow with one board item (server/sync/SPEC.md S9). The sync
 * server enforces these on every update; the board uses the same rules to offer only what will
 * be accepted. `me` is the participant's author key; `owner` the item's (null when it has none).
 */

/**
 * Neliapila leaf rights (SPEC S9), when the phase has them on: `me` is the participant's actor
 * type, `leaves` the actor types of the leaves the item is in, was in or lands in (a leaf open
 * to everyone, like a table's fifth leaf, is left out). An item touching another actor's leaf
 * is refused, whoever wrote it.
 */
export interface LeafCheck {
	me: ActorType;
	leaves: readonly ActorType[];
}

export function leafDenial(leaf: LeafCheck | undefined): SyncDenialReason | null {
	if (!leaf) return null;
	return leaf.leaves.some((actor) => actor !== leaf.me) ? SYNC_DENIAL.otherLeaf : null;
}

/** Why a participant may not add an item (where `leaf` says it lands); null when they may. */
export function addDenial(rights: ParticipantRights, leaf?: LeafCheck): SyncDenialReason | null {
	if (rights === 'view_only') return SYNC_DENIAL.viewOnly;
	return leafDenial(leaf);
}

export function mayAddItems(rights: ParticipantRights, leaf?: LeafCheck): boolean {
	return addDenial(rights, leaf) === null;
}

/** Why a table may not add its fifth Neliapila leaf; null when the facilitator allows one. */
export function fifthLeafDenial(allowed: boolean): SyncDenialReason | null {
	return allowed ? null : SYNC_DENIAL.fifthLeaf;
}

/** Why `me` may not change (edit, move, resize, recolour) an item of `owner`; null when they may. */
export function changeDenial(
	rights: ParticipantRights,
	me: string,
	owner: string | null,
	leaf?: LeafCheck
): SyncDenialReason | null {
	return ownerDenial(rights, me, owner) ?? leafDenial(leaf);
}

function ownerDenial(
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
	owner: string | null,
	leaf?: LeafCheck
): SyncDenialReason | null {
	if (rights === 'add_only') return SYNC_DENIAL.noDelete;
	return changeDenial(rights, me, owner, leaf);
}
