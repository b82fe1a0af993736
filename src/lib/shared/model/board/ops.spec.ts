import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import {
	createItem,
	createNote,
	deleteItems,
	groupItems,
	moveItems,
	recolourItems,
	resizeItem,
	setItemText,
	ungroupItems
} from './ops.ts';
import { readBoard, readItem } from './read.ts';
import { MAX_COORDINATE, MIN_ITEM_SIZE } from './schema.ts';
import { observeBoard, type BoardChange } from './observe.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('board items', () => {
	it('create each item type with defaults and read them back in drawing order', () => {
		const doc = new Y.Doc();
		const note = createNote(doc, { actorType: 'ngo', authorKey: 'k1', text: 'Åbo 🍀', now: 3 });
		const frame = createItem(doc, { type: 'frame', actorType: 'other', text: 'Alue', now: 5 });
		const card = createItem(doc, { type: 'card', actorType: 'client', cardId: 'bridge', now: 2 });
		const arrow = createItem(doc, {
			type: 'arrow',
			actorType: 'ngo',
			from: note,
			to: card,
			now: 4
		});
		const board = readBoard(doc);
		expect(board.items.map((item) => item.id)).toEqual([frame, arrow, card, note]);
		expect(board.byId.get(note)).toMatchObject({
			type: 'note',
			text: 'Åbo 🍀',
			width: 200,
			height: 160,
			colour: 'yellow',
			authorKey: 'k1',
			votes: 0,
			group: null
		});
		expect(board.byId.get(card)).toMatchObject({ type: 'card', cardId: 'bridge' });
		expect(board.byId.get(arrow)).toMatchObject({ type: 'arrow', from: note, to: card });
	});

	it('move, resize, recolour, group and delete, with coordinates and sizes capped', () => {
		const doc = new Y.Doc();
		const a = createNote(doc, { actorType: 'ngo' });
		const b = createNote(doc, { actorType: 'ngo' });
		moveItems(doc, [
			{ id: a, x: 120, y: -40 },
			{ id: b, x: 1e9, y: 5 }
		]);
		expect(readItem(doc, a)).toMatchObject({ x: 120, y: -40 });
		expect(readItem(doc, b)).toMatchObject({ x: MAX_COORDINATE, y: 5 });
		resizeItem(doc, a, { x: 10, y: 20, width: 1, height: 300 });
		expect(readItem(doc, a)).toMatchObject({ x: 10, y: 20, width: MIN_ITEM_SIZE, height: 300 });
		recolourItems(doc, [a, b], 'blue');
		expect(readBoard(doc).items.every((item) => item.colour === 'blue')).toBe(true);
		const group = groupItems(doc, [a, b]);
		expect(readItem(doc, b)?.group).toBe(group);
		ungroupItems(doc, [b]);
		expect(readItem(doc, b)?.group).toBeNull();
		const arrow = createItem(doc, { type: 'arrow', actorType: 'ngo', from: a, to: b });
		deleteItems(doc, [a]);
		expect(readItem(doc, arrow)).toBeNull();
		expect(readBoard(doc).items.map((item) => item.id)).toEqual([b]);
	});

	it('a move and a text edit of the same note by two people both survive', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = createNote(a, { actorType: 'education', text: 'Työnvarjostus' });
		sync(a, b);
		moveItems(a, [{ id, x: 300, y: 200 }]);
		setItemText(b, id, 'Työnvarjostus ja kierto');
		resizeItem(b, id, { x: 0, y: 0, width: 260, height: 180 });
		sync(a, b);
		// Resize wrote x/y too; one of the concurrent positions wins, the same on both sides.
		expect(readItem(a, id)).toEqual(readItem(b, id));
		expect(readItem(a, id)).toMatchObject({ text: 'Työnvarjostus ja kierto', width: 260 });

		moveItems(a, [{ id, x: 500, y: 400 }]);
		setItemText(b, id, 'Työnvarjostus ja henkilöstön kierto');
		sync(a, b);
		expect(readItem(a, id)).toMatchObject({
			x: 500,
			y: 400,
			text: 'Työnvarjostus ja henkilöstön kierto'
		});
		expect(readBoard(b)).toEqual(readBoard(a));
	});

	it('text edits keep emoji whole when two people type next to one', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = createNote(a, { actorType: 'ngo', text: 'a😀b' });
		sync(a, b);
		setItemText(a, id, 'a😃b');
		setItemText(b, id, 'a😀bc');
		sync(a, b);
		const text = (readItem(a, id) as { text: string }).text;
		expect(text).toBe((readItem(b, id) as { text: string }).text);
		expect(text.isWellFormed()).toBe(true);
	});

	it('observeBoard reports changed and removed ids per transaction', () => {
		const doc = new Y.Doc();
		const changes: BoardChange[] = [];
		const stop = observeBoard(doc, (change) => changes.push(change));
		const id = createNote(doc, { actorType: 'ngo' });
		setItemText(doc, id, 'hei');
		deleteItems(doc, [id]);
		stop();
		createNote(doc, { actorType: 'ngo' });
		expect(changes.map((c) => [[...c.changed], [...c.removed], c.origin])).toEqual([
			[[id], [], 'local'],
			[[id], [], 'local'],
			[[], [id], 'local']
		]);
	});

	it('refuse cards without a valid card id', () => {
		const doc = new Y.Doc();
		expect(() =>
			createItem(doc, { type: 'card', actorType: 'ngo', cardId: '../etc/passwd' })
		).toThrow();
		expect(readBoard(doc).items).toEqual([]);
		expect(readItem(doc, 'missing' as ItemId)).toBeNull();
	});
});
