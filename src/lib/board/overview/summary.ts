import type { BoardView, FrameView, ItemView, NoteView } from '#shared/model/board.ts';

/** The notes inside one area of a board, for the projector. */
export interface AreaSummary {
	/** null for notes that lie in no area. */
	frame: FrameView | null;
	notes: NoteView[];
}

/**
 * A table's output as the projector lists it: each area with the notes whose centre lies in it
 * (the smallest area when areas nest), most votes first, then oldest first (only oldest first while
 * the counts are hidden: the order would give them away). Notes in no area come last. Empty areas
 * are left out.
 */
export function summariseBoard(board: BoardView, order: NoteOrder = 'votes'): AreaSummary[] {
	const frames = board.items.filter((item): item is FrameView => item.type === 'frame');
	const byFrame = new Map<FrameView | null, NoteView[]>();
	for (const item of board.items) {
		if (item.type !== 'note') continue;
		const frame = smallestFrameAround(frames, item);
		const list = byFrame.get(frame) ?? [];
		list.push(item);
		byFrame.set(frame, list);
	}
	const areaOrder = [...frames, null];
	return areaOrder
		.filter((frame) => byFrame.has(frame))
		.map((frame) => ({ frame, notes: byFrame.get(frame)!.sort(SORTS[order]) }));
}

/** The notes with the most votes (then the oldest), for a table's tile on the projector. */
export function topNotes(board: BoardView, count: number, order: NoteOrder = 'votes'): NoteView[] {
	return board.items
		.filter((item): item is NoteView => item.type === 'note' && item.text.trim() !== '')
		.sort(SORTS[order])
		.slice(0, count);
}

/** Most dots first, or in the order written while the counts are hidden (control C19). */
export type NoteOrder = 'votes' | 'written';

const byAge = (a: NoteView, b: NoteView): number => a.createdAt - b.createdAt;
const SORTS: Record<NoteOrder, (a: NoteView, b: NoteView) => number> = {
	votes: (a, b) => b.votes - a.votes || byAge(a, b),
	written: byAge
};

function smallestFrameAround(frames: readonly FrameView[], item: ItemView): FrameView | null {
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
