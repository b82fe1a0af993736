import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import { itemsOf } from './schema.ts';

/** What one transaction changed on the board, as item ids. */
export interface BoardChange {
	/** Items added or changed in any field (text, geometry, votes…); read them again. */
	changed: ReadonlySet<ItemId>;
	/** Items no longer on the board. */
	removed: ReadonlySet<ItemId>;
	/** The transaction's origin, e.g. TX_ORIGIN.local for this browser's own edits. */
	origin: unknown;
}

/**
 * Calls `onChange` once per transaction with the ids it touched, so a renderer can update only
 * those nodes. Returns the unsubscribe function.
 */
export function observeBoard(doc: Y.Doc, onChange: (change: BoardChange) => void): () => void {
	const items = itemsOf(doc);
	const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
		const changed = new Set<ItemId>();
		const removed = new Set<ItemId>();
		for (const event of events) {
			if (event.target === items) {
				for (const [key, change] of (event as Y.YMapEvent<unknown>).changes.keys) {
					if (change.action === 'delete') removed.add(key as ItemId);
					else changed.add(key as ItemId);
				}
			} else {
				// path[0] is the item's key in the items map, whatever nested type changed.
				const id = event.path[0];
				if (typeof id === 'string') changed.add(id as ItemId);
			}
		}
		for (const id of removed) changed.delete(id);
		if (changed.size || removed.size) onChange({ changed, removed, origin: transaction.origin });
	};
	items.observeDeep(handler);
	return () => items.unobserveDeep(handler);
}
