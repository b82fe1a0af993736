import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItem, createNote } from './ops.ts';
import { readBoard, readNotes } from './read.ts';
import { REVEAL_COLUMNS, copyRevealedItems, emptyBoard } from './reveal.ts';
import { itemsOf } from './schema.ts';

/** A private board with notes by one writer, written at times 1, 2, … */
function privateBoard(authorKey: string, texts: string[]): Y.Doc {
	const doc = new Y.Doc();
	texts.forEach((text, i) => createNote(doc, { actorType: 'ngo', authorKey, text, now: i + 1 }));
	return doc;
}

/** A seeded generator, so a shuffle is repeatable. */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

const plain = { anonymise: false, shuffle: false, now: 1000 };

describe('copying private items on reveal (sync S10, control C15)', () => {
	it('copies every note, writer by writer, in a grid without overlaps, keeping ids and authors', () => {
		const a = privateBoard('key-a', ['a1', 'a2', 'a3']);
		const b = privateBoard('key-b', ['b1', 'b2']);
		const table = new Y.Doc();
		expect(copyRevealedItems(table, [a, b], plain)).toBe(5);
		const notes = readNotes(table);
		expect(notes.map((note) => note.text).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
		const byText = new Map(notes.map((note) => [note.text, note]));
		expect(byText.get('a1')).toMatchObject({ authorKey: 'key-a', actorType: 'ngo', createdAt: 1 });
		expect(byText.get('b2')).toMatchObject({ authorKey: 'key-b', createdAt: 2 });
		expect(new Set(notes.map((note) => note.id))).toEqual(
			new Set([...readNotes(a), ...readNotes(b)].map((note) => note.id))
		);
		const spots = notes.map((note) => `${note.x},${note.y}`);
		expect(new Set(spots).size).toBe(5);
		// Writer order, row by row: a1 a2 a3 b1 | b2.
		expect(byText.get('b1')!.y).toBe(byText.get('a1')!.y);
		expect(byText.get('b2')!.y).toBeGreaterThan(byText.get('a1')!.y);
		expect(byText.get('b2')!.x).toBe(byText.get('a1')!.x);
	});

	it('anonymised: no author key, times restamped, actor type kept', () => {
		const a = privateBoard('key-a', ['a1', 'a2']);
		const table = new Y.Doc();
		copyRevealedItems(table, [a], { ...plain, anonymise: true });
		for (const [, item] of itemsOf(table)) {
			expect(item.has('authorKey')).toBe(false);
			expect(item.get('actorType')).toBe('ngo');
			expect(item.get('createdAt')).toBeGreaterThanOrEqual(1000);
		}
	});

	it('shuffled: a repeatable random order, the same items, and creation times follow it', () => {
		const writers = ['a', 'b', 'c'].map((w) =>
			privateBoard(
				`key-${w}`,
				[1, 2, 3, 4].map((n) => `${w}${n}`)
			)
		);
		const ordered = new Y.Doc();
		copyRevealedItems(ordered, writers, plain);
		const once = new Y.Doc();
		copyRevealedItems(once, writers, { ...plain, shuffle: true, random: seeded(7) });
		const again = new Y.Doc();
		copyRevealedItems(again, writers, { ...plain, shuffle: true, random: seeded(7) });
		const order = (doc: Y.Doc) => readNotes(doc).map((note) => note.text);
		expect(order(once)).toEqual(order(again));
		expect(order(once)).not.toEqual(order(ordered));
		expect([...order(once)].sort()).toEqual([...order(ordered)].sort());
		// Reading order (creation time) is the placement order: left to right, row by row.
		const placed = readNotes(once);
		for (let i = 1; i < placed.length; i += 1) {
			const before = placed[i - 1];
			const here = placed[i];
			if (i % REVEAL_COLUMNS === 0) expect(here.y).toBeGreaterThan(before.y);
			else expect(here.x).toBeGreaterThan(before.x);
		}
	});

	it('lays out below what the board holds, and copies nothing twice', () => {
		const table = new Y.Doc();
		createItem(table, { type: 'frame', actorType: 'other', x: 100, y: 50, height: 400 });
		const a = privateBoard('key-a', ['a1']);
		expect(copyRevealedItems(table, [a], plain)).toBe(1);
		const note = readNotes(table)[0];
		expect(note.y).toBeGreaterThanOrEqual(450);
		expect(note.x).toBe(100);
		expect(copyRevealedItems(table, [a], plain)).toBe(0);
		expect(readBoard(table).items).toHaveLength(2);
	});

	it('copies cards with their picture but leaves frames and arrows out', () => {
		const a = privateBoard('key-a', ['a1']);
		const card = createItem(a, {
			type: 'card',
			actorType: 'ngo',
			cardId: 'bridge',
			authorKey: 'k'
		});
		const note = readNotes(a)[0].id;
		createItem(a, { type: 'frame', actorType: 'ngo', authorKey: 'k' });
		createItem(a, { type: 'arrow', actorType: 'ngo', from: note, to: card, authorKey: 'k' });
		const table = new Y.Doc();
		expect(copyRevealedItems(table, [a], plain)).toBe(2);
		expect(readBoard(table).byId.get(card)).toMatchObject({ type: 'card', cardId: 'bridge' });
	});

	it('empties a revealed private board', () => {
		const a = privateBoard('key-a', ['a1', 'a2']);
		expect(emptyBoard(a)).toBe(2);
		expect(readBoard(a).items).toEqual([]);
		expect(emptyBoard(a)).toBe(0);
	});
});
