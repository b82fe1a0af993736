import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import { TX_ORIGIN } from '../../protocol/sync.ts';
import { buildItem } from './ops.ts';
import { readBoard, type CardView, type NoteView } from './read.ts';
import { DEFAULT_SIZE, MAX_BOARD_ITEMS, MAX_COORDINATE, itemsOf } from './schema.ts';

/** How a reveal lays out and strips the private items it copies (control SPEC C15). */
export interface RevealOptions {
	/** Drop what ties an item to its writer (author key, times); keep the actor type. */
	anonymise: boolean;
	/** Place the items in random order, so neighbours on the board say nothing about who wrote them. */
	shuffle: boolean;
	/** Uniform in [0, 1); injectable so tests are repeatable. */
	random?: () => number;
	/** Epoch ms; anonymised and shuffled items are stamped from here. */
	now?: number;
}

/** Columns of the grid revealed items are laid out in. */
export const REVEAL_COLUMNS = 4;
/** Space between revealed items and below the board's existing content, in board units. */
export const REVEAL_GAP = 24;

type Revealable = NoteView | CardView;

/**
 * Copies the notes and cards of each private board into `target`, in one transaction with origin
 * `server`, and returns how many it copied. Items keep their ids, so a reveal that is repeated
 * after a crash between copying and emptying the private boards does not copy anything twice.
 *
 * Items are laid out in a grid below what the board already holds, writer by writer in the order
 * of `sources` (or all mixed with `shuffle`): each writer arranged their own board starting from
 * the same empty spot, so their positions would pile up on top of each other. Frames and arrows
 * are not copied: a private board is for writing, and a frame placed by one writer means nothing
 * in another's layout. The board never grows past MAX_BOARD_ITEMS; the rest is not copied.
 */
export function copyRevealedItems(
	target: Y.Doc,
	sources: readonly Y.Doc[],
	options: RevealOptions
): number {
	const random = options.random ?? Math.random;
	const now = options.now ?? Date.now();
	const existing = itemsOf(target);
	const picked: Revealable[] = [];
	for (const source of sources) {
		const own = readBoard(source)
			.items.filter((item): item is Revealable => item.type === 'note' || item.type === 'card')
			.filter((item) => !existing.has(item.id));
		picked.push(...own);
	}
	if (options.shuffle) shuffleInPlace(picked, random);
	picked.splice(Math.max(0, MAX_BOARD_ITEMS - existing.size));
	if (picked.length === 0) return 0;

	const origin = gridOrigin(target);
	const cellWidth = Math.max(DEFAULT_SIZE.note.width, DEFAULT_SIZE.card.width) + REVEAL_GAP;
	const cellHeight = Math.max(DEFAULT_SIZE.note.height, DEFAULT_SIZE.card.height) + REVEAL_GAP;
	// Stamped in placement order, so readers that sort by creation time follow the shuffle and
	// nobody can line items up with when each person wrote them.
	const restamp = options.anonymise || options.shuffle;
	target.transact(() => {
		picked.forEach((item, index) => {
			const column = index % REVEAL_COLUMNS;
			const row = Math.floor(index / REVEAL_COLUMNS);
			const built = buildItem({
				type: item.type,
				actorType: item.actorType,
				authorKey: options.anonymise ? undefined : item.authorKey || undefined,
				text: item.text,
				cardId: item.type === 'card' ? item.cardId : undefined,
				colour: item.colour,
				width: item.width,
				height: item.height,
				x: origin.x + column * cellWidth,
				y: origin.y + row * cellHeight,
				now: restamp ? now + index : item.createdAt
			});
			if (!restamp) built.set('updatedAt', item.updatedAt);
			existing.set(item.id as ItemId, built);
		});
	}, TX_ORIGIN.server);
	return picked.length;
}

/** Top-left of the grid: under the lowest item already on the board, or at 0,0 on an empty one. */
function gridOrigin(target: Y.Doc): { x: number; y: number } {
	const items = readBoard(target).items.filter((item) => item.type !== 'arrow');
	if (items.length === 0) return { x: 0, y: 0 };
	const left = Math.min(...items.map((item) => item.x));
	const bottom = Math.max(...items.map((item) => item.y + item.height));
	return { x: left, y: Math.min(bottom + REVEAL_GAP * 2, MAX_COORDINATE / 2) };
}

/** Fisher–Yates. */
function shuffleInPlace<T>(list: T[], random: () => number): void {
	for (let i = list.length - 1; i > 0; i -= 1) {
		const j = Math.floor(random() * (i + 1));
		[list[i], list[j]] = [list[j], list[i]];
	}
}

/**
 * Deletes every item of a private board once it is revealed, so the next private phase starts
 * empty and nothing is copied twice; returns how many went.
 */
export function emptyBoard(doc: Y.Doc): number {
	const items = itemsOf(doc);
	const ids = [...items.keys()];
	if (ids.length === 0) return 0;
	doc.transact(() => {
		for (const id of ids) items.delete(id);
	}, TX_ORIGIN.server);
	return ids.length;
}
