import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItem, createNote } from './ops.ts';
import { readBoard, readNotes } from './read.ts';
import { REVEAL_COLUMNS, copyRevealedItems, emptyBoard } from './reveal.ts';
import { itemsOf } from './schema.ts';
import { applyBoardTemplate, phaseAreaIds, templateItemId } from './templates.ts';
import type { BoardView, ItemView } from './read.ts';

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

	describe("inside the current phase's areas", () => {
		const areasOf = phaseAreaIds('meaningful-and-needs');
		const inside = (item: ItemView, frame: ItemView) =>
			item.x >= frame.x &&
			item.y >= frame.y &&
			item.x + item.width <= frame.x + frame.width &&
			item.y + item.height <= frame.y + frame.height;
		const apart = (a: ItemView, b: ItemView) =>
			a.x + a.width <= b.x ||
			b.x + b.width <= a.x ||
			a.y + a.height <= b.y ||
			b.y + b.height <= a.y;
		function expectNoOverlaps(board: BoardView) {
			const items = board.items.filter((item) => item.type === 'note' || item.type === 'card');
			for (let i = 0; i < items.length; i += 1) {
				for (let j = i + 1; j < items.length; j += 1) {
					expect(apart(items[i], items[j]), `${items[i].text} / ${items[j].text}`).toBe(true);
				}
			}
		}

		it('places the notes in a grid inside the first area, not below the board', () => {
			const table = new Y.Doc();
			// An earlier phase's areas on the left, this phase's laid out right of them.
			applyBoardTemplate(table, 'metaphor-picks', { now: 1 });
			applyBoardTemplate(table, 'meaningful-and-needs', { now: 2 });
			const a = privateBoard('key-a', ['a1', 'a2', 'a3']);
			const b = privateBoard('key-b', ['b1', 'b2']);
			expect(copyRevealedItems(table, [a, b], { ...plain, areas: areasOf })).toBe(5);
			const board = readBoard(table);
			const first = board.byId.get(templateItemId('meaningful-and-needs', 'meaningful'))!;
			const notes = readNotes(table);
			for (const note of notes) expect(inside(note, first), note.text).toBe(true);
			expectNoOverlaps(board);
			// Writer order, row by row, as many to a row as the area holds (two here).
			const byText = new Map(notes.map((note) => [note.text, note]));
			expect(byText.get('a2')!.y).toBe(byText.get('a1')!.y);
			expect(byText.get('a2')!.x).toBeGreaterThan(byText.get('a1')!.x);
			expect(byText.get('a3')!.x).toBe(byText.get('a1')!.x);
			expect(byText.get('a3')!.y).toBeGreaterThan(byText.get('a1')!.y);
		});

		it('keeps clear of notes already in the area and fills the next area when one is full', () => {
			const table = new Y.Doc();
			applyBoardTemplate(table, 'meaningful-and-needs', { now: 1 });
			const board = readBoard(table);
			const first = board.byId.get(templateItemId('meaningful-and-needs', 'meaningful'))!;
			const second = board.byId.get(templateItemId('meaningful-and-needs', 'needs'))!;
			// Notes people placed by hand, one off the grid, before the reveal.
			createNote(table, {
				actorType: 'ngo',
				authorKey: 'x',
				text: 'here',
				x: first.x + 30,
				y: first.y + 80
			});
			createNote(table, {
				actorType: 'ngo',
				authorKey: 'x',
				text: 'there',
				x: first.x + 250,
				y: first.y + 400
			});
			const texts = Array.from({ length: 8 }, (_, i) => `p${i}`);
			const a = privateBoard('key-a', texts);
			expect(copyRevealedItems(table, [a], { ...plain, areas: areasOf })).toBe(8);
			const after = readBoard(table);
			expectNoOverlaps(after);
			const revealed = readNotes(table).filter((note) => note.text.startsWith('p'));
			const inFirst = revealed.filter((note) => inside(note, first));
			const inSecond = revealed.filter((note) => inside(note, second));
			expect(inFirst.length).toBeGreaterThan(0);
			expect(inSecond.length).toBeGreaterThan(0);
			expect(inFirst.length + inSecond.length).toBe(8);
		});

		it('puts what does not fit below the board, and everything there when the areas are missing', () => {
			const table = new Y.Doc();
			applyBoardTemplate(table, 'problem-candidates', { now: 1 });
			const frames = readBoard(table).items;
			const bottom = Math.max(...frames.map((frame) => frame.y + frame.height));
			const many = privateBoard(
				'key-a',
				Array.from({ length: 40 }, (_, i) => `m${i}`)
			);
			expect(
				copyRevealedItems(table, [many], { ...plain, areas: phaseAreaIds('problem-candidates') })
			).toBe(40);
			const notes = readNotes(table);
			const below = notes.filter((note) => note.y >= bottom);
			expect(below.length).toBeGreaterThan(0);
			expect(below.length).toBeLessThan(40);
			expectNoOverlaps(readBoard(table));

			const blank = new Y.Doc();
			createItem(blank, { type: 'frame', actorType: 'other', x: 100, y: 50, height: 400 });
			copyRevealedItems(blank, [privateBoard('key-b', ['b1'])], { ...plain, areas: areasOf });
			expect(readNotes(blank)[0].y).toBeGreaterThanOrEqual(450);
		});

		it('leaves the Neliapila leaves to their actor types', () => {
			expect(phaseAreaIds('neliapila')).toEqual([]);
			expect(phaseAreaIds('problem-candidates')).toEqual([
				templateItemId('problem-candidates', 'candidates'),
				templateItemId('problem-candidates', 'chosen')
			]);
		});
	});
});
