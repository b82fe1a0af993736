import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import { TX_ORIGIN } from '../../protocol/sync.ts';
import { buildItem } from './ops.ts';
import { readBoard, type BoardView, type CardView, type FrameView, type NoteView } from './read.ts';
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
	/**
	 * The current phase's areas on the target board (frame ids, in the order they fill), e.g. from
	 * `phaseAreaIds`. Revealed items go into their free cells first; only what does not fit, or
	 * everything on a board without those frames, goes below the board's content.
	 */
	areas?: readonly ItemId[];
}

/** Columns of the grid revealed items are laid out in. */
export const REVEAL_COLUMNS = 4;
/** Space between revealed items and below the board's existing content, in board units. */
export const REVEAL_GAP = 24;
/** Inside an area: room at its sides and bottom, and the band its label takes at the top. */
const AREA_PADDING = 24;
const AREA_LABEL_BAND = 72;

type Revealable = NoteView | CardView;

/**
 * Copies the notes and cards of each private board into `target`, in one transaction with origin
 * `server`, and returns how many it copied. Items keep their ids, so a reveal that is repeated
 * after a crash between copying and emptying the private boards does not copy anything twice.
 *
 * Items are laid out in a grid inside the current phase's areas (`options.areas`), in the cells
 * that no note or card takes yet, writer by writer in the order of `sources` (or all mixed with
 * `shuffle`): each writer arranged their own board starting from the same empty spot, so their
 * positions would pile up on top of each other. What does not fit goes in a grid below what the
 * board holds. Frames and arrows
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

	const cell = {
		width: Math.max(DEFAULT_SIZE.note.width, DEFAULT_SIZE.card.width) + REVEAL_GAP,
		height: Math.max(DEFAULT_SIZE.note.height, DEFAULT_SIZE.card.height) + REVEAL_GAP
	};
	const board = readBoard(target);
	const spots = spotsInAreas(board, options.areas ?? [], picked, cell);
	// What did not fit in the phase's areas goes in a grid below everything, the new items too.
	const origin = gridOrigin(board, spots);
	// Stamped in placement order, so readers that sort by creation time follow the shuffle and
	// nobody can line items up with when each person wrote them.
	const restamp = options.anonymise || options.shuffle;
	target.transact(() => {
		picked.forEach((item, index) => {
			const below = index - spots.length;
			const spot = spots[index] ?? {
				x: origin.x + (below % REVEAL_COLUMNS) * cell.width,
				y: origin.y + Math.floor(below / REVEAL_COLUMNS) * cell.height
			};
			const built = buildItem({
				type: item.type,
				actorType: item.actorType,
				authorKey: options.anonymise ? undefined : item.authorKey || undefined,
				text: item.text,
				cardId: item.type === 'card' ? item.cardId : undefined,
				colour: item.colour,
				width: item.width,
				height: item.height,
				x: spot.x,
				y: spot.y,
				now: restamp ? now + index : item.createdAt
			});
			if (!restamp) built.set('updatedAt', item.updatedAt);
			existing.set(item.id as ItemId, built);
		});
	}, TX_ORIGIN.server);
	return picked.length;
}

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * Free spots inside the phase's areas for the first items of `picked`, in order: each area is a
 * grid of `cell`s read row by row, and a cell is free when the item placed there, with a margin,
 * overlaps no note or card on the board nor one placed before it. Stops at the first item that
 * finds no room, so placement order stays reading order; the rest go below the board.
 */
function spotsInAreas(
	board: BoardView,
	areaIds: readonly ItemId[],
	picked: readonly Box[],
	cell: { width: number; height: number }
): { x: number; y: number }[] {
	const areas = areaIds
		.map((id) => board.byId.get(id))
		.filter((item): item is FrameView => item?.type === 'frame');
	const taken: Box[] = board.items.filter((item) => item.type === 'note' || item.type === 'card');
	const spots: { x: number; y: number }[] = [];
	let area = 0;
	let next = 0;
	for (const item of picked) {
		let spot: { x: number; y: number } | null = null;
		while (!spot && area < areas.length) {
			const frame = areas[area];
			const columns = Math.floor((frame.width - AREA_PADDING) / cell.width);
			const rows = Math.floor((frame.height - AREA_LABEL_BAND - AREA_PADDING) / cell.height);
			while (!spot && next < columns * rows) {
				const at = {
					x: frame.x + AREA_PADDING + (next % columns) * cell.width,
					y: frame.y + AREA_LABEL_BAND + Math.floor(next / columns) * cell.height
				};
				next += 1;
				const box = { ...at, width: item.width, height: item.height };
				if (fits(box, frame) && !taken.some((other) => overlaps(box, other))) spot = at;
			}
			if (!spot) {
				area += 1;
				next = 0;
			}
		}
		if (!spot) break;
		spots.push(spot);
		taken.push({ ...spot, width: item.width, height: item.height });
	}
	return spots;
}

/** Whether two boxes come closer than REVEAL_GAP / 2 to each other. */
function overlaps(a: Box, b: Box): boolean {
	const margin = REVEAL_GAP / 2;
	return (
		a.x < b.x + b.width + margin &&
		b.x < a.x + a.width + margin &&
		a.y < b.y + b.height + margin &&
		b.y < a.y + a.height + margin
	);
}

function fits(box: Box, frame: Box): boolean {
	return box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height;
}

/**
 * Top-left of the grid for what found no room in the phase's areas: under the lowest item on the
 * board (the ones just placed in areas count too), or at 0,0 on an empty one.
 */
function gridOrigin(
	board: BoardView,
	placed: readonly { x: number; y: number }[]
): {
	x: number;
	y: number;
} {
	const boxes: Box[] = board.items.filter((item) => item.type !== 'arrow');
	const bottoms = [
		...boxes.map((item) => item.y + item.height),
		...placed.map((spot) => spot.y + Math.max(DEFAULT_SIZE.note.height, DEFAULT_SIZE.card.height))
	];
	if (bottoms.length === 0) return { x: 0, y: 0 };
	const left = boxes.length > 0 ? Math.min(...boxes.map((item) => item.x)) : 0;
	return { x: left, y: Math.min(Math.max(...bottoms) + REVEAL_GAP * 2, MAX_COORDINATE / 2) };
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
