import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItem, createNote, itemsOf, placeVote, readBoard } from '#shared/model/board.ts';
import { summariseBoard, topNotes } from './summary.ts';
import { boardThumbnail } from './thumbnail.ts';

function board() {
	const doc = new Y.Doc();
	const frame = createItem(doc, {
		type: 'frame',
		actorType: 'other',
		text: 'Nyt',
		x: 0,
		y: 0,
		width: 600,
		height: 400
	});
	const a = createNote(doc, { actorType: 'education', text: 'Sisällä', x: 50, y: 50 });
	const b = createNote(doc, { actorType: 'education', text: 'Suosittu', x: 300, y: 50 });
	const c = createNote(doc, { actorType: 'education', text: 'Ulkona', x: 900, y: 50 });
	createItem(doc, { type: 'arrow', actorType: 'education', from: a, to: c });
	return { doc, frame, a, b, c };
}

describe('board overview', () => {
	it('thumbnail: one box per frame, note and card, one line per arrow, rounded', () => {
		const { doc } = board();
		const thumbnail = boardThumbnail(readBoard(doc).items);
		expect(thumbnail.boxes.map((box) => box.kind)).toEqual(['frame', 'note', 'note', 'note']);
		expect(thumbnail.lines).toHaveLength(1);
		expect(thumbnail.notes).toBe(3);
		expect(thumbnail.viewBox).toMatch(/^-?\d+ -?\d+ \d+ \d+$/);
	});

	it('summary: notes by the area around their centre, most votes first; the rest last', () => {
		const { doc, frame, a, b, c } = board();
		placeVote(doc, { itemId: b, voterKey: 'voter-1', limit: 3 });
		const areas = summariseBoard(readBoard(doc));
		expect(areas.map((area) => area.frame?.id ?? null)).toEqual([frame, null]);
		expect(areas[0].notes.map((note) => note.id)).toEqual([b, a]);
		expect(areas[1].notes.map((note) => note.id)).toEqual([c]);
		expect(topNotes(readBoard(doc), 1).map((note) => note.id)).toEqual([b]);
	});

	it('summary while vote counts are hidden: in the order written, so the order tells nothing', () => {
		const { doc, a, b } = board();
		// Written within one millisecond; say which came first.
		itemsOf(doc).get(a)!.set('createdAt', 1);
		itemsOf(doc).get(b)!.set('createdAt', 2);
		placeVote(doc, { itemId: b, voterKey: 'voter-1', limit: 3 });
		const areas = summariseBoard(readBoard(doc), 'written');
		expect(areas[0].notes.map((note) => note.id)).toEqual([a, b]);
		expect(topNotes(readBoard(doc), 1, 'written').map((note) => note.id)).toEqual([a]);
	});
});
