import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import { TX_ORIGIN, type TxOrigin } from '../../protocol/sync.ts';
import { MAX_KEY_CHARS, itemsOf } from './schema.ts';

/**
 * Dot voting. Each item's `votes` Y.Map holds voterKey → dots. Only the voter writes their own
 * key, so concurrent votes by different people never conflict. The limit is per phase: the phase
 * that enables voting says how many dots each person has, and the facilitator clears the votes
 * (clearVotes) before the next vote.
 */

/** Dots a voter has placed on the whole board. */
export function votesUsed(doc: Y.Doc, voterKey: string): number {
	let used = 0;
	for (const item of itemsOf(doc).values()) {
		const votes = item instanceof Y.Map ? item.get('votes') : null;
		if (!(votes instanceof Y.Map)) continue;
		const count = votes.get(voterKey);
		if (Number.isInteger(count) && (count as number) > 0) used += count as number;
	}
	return used;
}

/** Dots left for a voter under `limit`; `limit` null means voting is off, so none are left. */
export function votesLeft(doc: Y.Doc, voterKey: string, limit: number | null): number {
	if (limit === null || !Number.isInteger(limit) || limit <= 0) return 0;
	return Math.max(0, limit - votesUsed(doc, voterKey));
}

export interface VoteOptions {
	itemId: ItemId;
	voterKey: string;
	/** Dots per person in the current phase; null when voting is off. */
	limit: number | null;
	origin?: TxOrigin;
}

/** Places one dot. Returns false (and changes nothing) when no dots are left or the item is gone. */
export function placeVote(doc: Y.Doc, options: VoteOptions): boolean {
	const { itemId, voterKey, limit } = options;
	if (!voterKey || voterKey.length > MAX_KEY_CHARS) return false;
	if (votesLeft(doc, voterKey, limit) <= 0) return false;
	const votes = itemsOf(doc).get(itemId)?.get('votes');
	if (!(votes instanceof Y.Map)) return false;
	doc.transact(() => {
		const count = votes.get(voterKey);
		votes.set(voterKey, (Number.isInteger(count) ? (count as number) : 0) + 1);
	}, options.origin ?? TX_ORIGIN.local);
	return true;
}

/** Takes back one of this voter's dots from the item. Returns false when there was none. */
export function removeVote(doc: Y.Doc, options: Omit<VoteOptions, 'limit'>): boolean {
	const votes = itemsOf(doc).get(options.itemId)?.get('votes');
	if (!(votes instanceof Y.Map)) return false;
	const count = votes.get(options.voterKey);
	if (!Number.isInteger(count) || (count as number) <= 0) return false;
	doc.transact(() => {
		if ((count as number) <= 1) votes.delete(options.voterKey);
		else votes.set(options.voterKey, (count as number) - 1);
	}, options.origin ?? TX_ORIGIN.local);
	return true;
}

/** Removes every dot from the board, e.g. when the facilitator starts a new vote. */
export function clearVotes(doc: Y.Doc, origin: TxOrigin = TX_ORIGIN.local): void {
	doc.transact(() => {
		for (const item of itemsOf(doc).values()) {
			const votes = item instanceof Y.Map ? item.get('votes') : null;
			if (votes instanceof Y.Map) votes.clear();
		}
	}, origin);
}
