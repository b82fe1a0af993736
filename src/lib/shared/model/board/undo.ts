import * as Y from 'yjs';
import { TX_ORIGIN } from '../../protocol/sync.ts';
import { itemsOf } from './schema.ts';

/** Changes closer together than this become one undo step (typing a word, one drag). */
export const UNDO_CAPTURE_MS = 500;

/**
 * An undo manager over the board items that tracks only this browser's own transactions
 * (origin `local`). Remote edits, template seeding and server changes are never undone, and
 * undoing one's own step leaves others' later edits of the same item in place (Yjs semantics).
 * Votes are left out on purpose: un-voting is its own action, not an undo.
 */
export function createBoardUndoManager(
	doc: Y.Doc,
	options: { captureTimeout?: number } = {}
): Y.UndoManager {
	return new Y.UndoManager(itemsOf(doc), {
		trackedOrigins: new Set([TX_ORIGIN.local]),
		captureTimeout: options.captureTimeout ?? UNDO_CAPTURE_MS,
		captureTransaction: (transaction) => !isVoteOnly(transaction)
	});
}

function isVoteOnly(transaction: Y.Transaction): boolean {
	const changed = [...transaction.changed.keys()];
	if (changed.length === 0) return false;
	return changed.every((type) => {
		if (!(type instanceof Y.Map) || !(type.parent instanceof Y.Map)) return false;
		return type.parent.get('votes') === type;
	});
}
