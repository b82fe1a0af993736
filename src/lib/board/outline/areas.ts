import type { ItemId } from '#shared/model/ids.ts';
import type {
	ArrowView,
	BoardView,
	CardView,
	FrameView,
	ItemView,
	NoteView
} from '#shared/model/board.ts';

/**
 * The outline's reading of a board. The schema has no "parent" field: an item is in an area when
 * its centre lies inside the frame, as people see it on the canvas. When frames overlap, the
 * smallest one wins (a frame drawn inside a column is the more specific place).
 */
export type PlacedItem = NoteView | CardView;

export interface OutlineArea {
	frame: FrameView;
	items: PlacedItem[];
}

export interface BoardOutline {
	areas: OutlineArea[];
	/** Notes and cards outside every area. */
	loose: PlacedItem[];
	arrows: ArrowView[];
	/** Which area each item is in, null for loose items. */
	areaOf: ReadonlyMap<ItemId, ItemId | null>;
}

/** Gap between items placed by the outline, in board units. */
const GAP = 16;

export function outlineOf(board: BoardView): BoardOutline {
	const frames = board.items.filter((item): item is FrameView => item.type === 'frame');
	// Reading order on the canvas: top to bottom, then left to right.
	frames.sort((a, b) => a.y - b.y || a.x - b.x || a.createdAt - b.createdAt);
	const areas = frames.map((frame) => ({ frame, items: [] as PlacedItem[] }));
	const loose: PlacedItem[] = [];
	const arrows: ArrowView[] = [];
	const areaOf = new Map<ItemId, ItemId | null>();
	for (const item of board.items) {
		if (item.type === 'arrow') arrows.push(item);
		if (item.type !== 'note' && item.type !== 'card') continue;
		const frame = containingFrame(frames, item);
		areaOf.set(item.id, frame?.id ?? null);
		const bucket = frame ? areas.find((area) => area.frame.id === frame.id)!.items : loose;
		bucket.push(item);
	}
	for (const list of [loose, ...areas.map((area) => area.items)]) list.sort(readingOrder);
	return { areas, loose, arrows, areaOf };
}

function readingOrder(a: PlacedItem, b: PlacedItem): number {
	return a.y - b.y || a.x - b.x || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
}

function containingFrame(frames: readonly FrameView[], item: ItemView): FrameView | null {
	const cx = item.x + item.width / 2;
	const cy = item.y + item.height / 2;
	let best: FrameView | null = null;
	for (const frame of frames) {
		const inside =
			cx >= frame.x && cx <= frame.x + frame.width && cy >= frame.y && cy <= frame.y + frame.height;
		if (inside && (!best || frame.width * frame.height < best.width * best.height)) best = frame;
	}
	return best;
}

/**
 * Where an item of `size` goes when the outline puts it into `frame` (null: outside every area):
 * the first free cell of a grid inside the frame, scanning rows, so keyboard users get a tidy
 * canvas for the mouse users at the table. A full frame takes it at its last cell, overlapping.
 * Outside areas, items go in a column right of everything on the board.
 */
export function placeFor(
	board: BoardView,
	frame: FrameView | null,
	size: { width: number; height: number },
	ignore?: ItemId
): { x: number; y: number } {
	const others = board.items.filter(
		(item) => item.id !== ignore && item.type !== 'frame' && item.type !== 'arrow'
	);
	if (!frame) return placeOutside(board, others, size);
	// Room under the frame's label for its title.
	const top = frame.y + 48;
	const columns = Math.max(1, Math.floor((frame.width - GAP) / (size.width + GAP)));
	const rows = Math.max(1, Math.floor((frame.y + frame.height - top) / (size.height + GAP)));
	let cell = { x: frame.x + GAP, y: top };
	for (let row = 0; row < rows; row++) {
		for (let column = 0; column < columns; column++) {
			cell = { x: frame.x + GAP + column * (size.width + GAP), y: top + row * (size.height + GAP) };
			if (!others.some((item) => overlaps(item, { ...cell, ...size }))) return cell;
		}
	}
	return cell;
}

function placeOutside(
	board: BoardView,
	others: readonly ItemView[],
	size: { width: number; height: number }
): { x: number; y: number } {
	const frames = board.items.filter((item) => item.type === 'frame');
	const right = Math.max(0, ...frames.map((frame) => frame.x + frame.width));
	const x = frames.length ? right + GAP * 2 : 0;
	let y = 0;
	while (others.some((item) => overlaps(item, { x, y, ...size }))) y += size.height + GAP;
	return { x, y };
}

function overlaps(
	a: { x: number; y: number; width: number; height: number },
	b: { x: number; y: number; width: number; height: number }
): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
