import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import { observeBoard } from './observe.ts';
import {
	createItem,
	createNote,
	deleteItems,
	groupItems,
	moveItems,
	recolourItems,
	resizeItem,
	setItemText
} from './ops.ts';
import { readBoard } from './read.ts';
import { BoardReader } from './reader.ts';
import { itemsOf } from './schema.ts';
import { placeVote } from './votes.ts';

/** A reader kept in step by observeBoard, as the board connection keeps one. */
function follow(doc: Y.Doc) {
	const reader = new BoardReader(doc);
	let changes = 0;
	observeBoard(doc, (change) => {
		reader.apply(change);
		changes++;
	});
	return { reader, changes: () => changes };
}

describe('BoardReader', () => {
	it('equals a full read after every kind of change, arrows with lost ends included', () => {
		const doc = new Y.Doc();
		const { reader } = follow(doc);
		const check = () => expect(reader.view).toEqual(readBoard(doc));
		const a = createNote(doc, { actorType: 'ngo', text: 'a', now: 3 });
		const b = createNote(doc, { actorType: 'ngo', text: 'b', now: 2 });
		const frame = createItem(doc, { type: 'frame', actorType: 'ngo', x: 0, y: 0 });
		check();
		const arrow = createItem(doc, { type: 'arrow', actorType: 'ngo', from: a, to: b });
		check();
		expect(reader.view.byId.has(arrow)).toBe(true);
		moveItems(doc, [{ id: a, x: 40, y: 50 }]);
		setItemText(doc, b, 'bee');
		resizeItem(doc, frame, { x: 0, y: 0, width: 900, height: 700 });
		recolourItems(doc, [a, b], 'pink');
		groupItems(doc, [a, b]);
		placeVote(doc, { itemId: a, voterKey: 'voter-1', limit: 3 });
		check();
		deleteItems(doc, [b]);
		check();
		expect(reader.view.byId.has(arrow)).toBe(false);
		// An invalid item is skipped, and comes back once it is valid again.
		const items = itemsOf(doc);
		items.get(a)!.set('colour', 'no-such-colour');
		check();
		items.get(a)!.set('colour', 'yellow');
		check();
	});

	it('converges with a full read under random concurrent edits from three people', () => {
		const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		const { reader } = follow(docs[0]);
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const ids = (doc: Y.Doc) => [...itemsOf(doc).keys()] as ItemId[];
		for (let step = 0; step < 300; step++) {
			const doc = docs[Math.floor(random() * docs.length)];
			const known = ids(doc);
			const pick = () => known[Math.floor(random() * known.length)];
			const roll = random();
			if (roll < 0.3 || known.length < 3) {
				createNote(doc, {
					actorType: 'education',
					text: `n${step}`,
					now: Math.floor(random() * 50)
				});
			} else if (roll < 0.5) moveItems(doc, [{ id: pick(), x: step, y: -step }]);
			else if (roll < 0.6) setItemText(doc, pick(), `t${step}`);
			else if (roll < 0.7) deleteItems(doc, [pick()]);
			else if (roll < 0.8) {
				createItem(doc, { type: 'arrow', actorType: 'ngo', from: pick(), to: pick() });
			} else if (roll < 0.9) placeVote(doc, { itemId: pick(), voterKey: 'v', limit: 1000 });
			else {
				// Deliver everything between two of them.
				const other = docs[Math.floor(random() * docs.length)];
				Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
				Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
			}
			expect(reader.view).toEqual(readBoard(docs[0]));
		}
		for (const doc of docs.slice(1)) Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(doc));
		expect(reader.view).toEqual(readBoard(docs[0]));
		expect(reader.view.items.length).toBeGreaterThan(10);
	});

	it('keeps the views of unchanged items, so keyed lists redraw only what moved', () => {
		const doc = new Y.Doc();
		const { reader, changes } = follow(doc);
		const a = createNote(doc, { actorType: 'ngo', now: 1 });
		const b = createNote(doc, { actorType: 'ngo', now: 2 });
		const before = reader.view;
		moveItems(doc, [{ id: a, x: 10, y: 10 }]);
		const after = reader.view;
		expect(after).not.toBe(before);
		expect(after.byId.get(b)).toBe(before.byId.get(b));
		expect(after.byId.get(a)).not.toBe(before.byId.get(a));
		expect(after.items.map((item) => item.id)).toEqual([a, b]);
		expect(changes()).toBe(3);
	});
});
