import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ItemId } from '../ids.ts';
import { createItem, createNote } from './ops.ts';
import {
	AREA_CELL,
	chooseTask,
	freeSpot,
	harvestItems,
	placeSeeds,
	readProblemDefinition
} from './problem.ts';
import { readBoard, readItem } from './read.ts';
import { itemsOf } from './schema.ts';
import { applyBoardTemplate, templateItemId } from './templates.ts';
import { placeVote } from './votes.ts';

/** A table board with both problem-definition templates and a note in each area. */
function tableBoard(): { doc: Y.Doc; ids: Record<string, ItemId> } {
	const doc = new Y.Doc();
	applyBoardTemplate(doc, 'meaningful-and-needs', { now: 1 });
	applyBoardTemplate(doc, 'problem-candidates', { now: 10 });
	const at = (slot: string, template: 'meaningful-and-needs' | 'problem-candidates') => {
		const frame = readItem(doc, templateItemId(template, slot))!;
		return { x: frame.x + 40, y: frame.y + 100 };
	};
	const ids = {
		meaningful: createNote(doc, {
			actorType: 'ngo',
			text: 'Yhteiset asiakkaat',
			...at('meaningful', 'meaningful-and-needs'),
			now: 20
		}),
		needs: createNote(doc, {
			actorType: 'education',
			text: 'Tieto ei kulje',
			...at('needs', 'meaningful-and-needs'),
			now: 21
		}),
		language: createNote(doc, {
			actorType: 'client',
			authorKey: 'key-a',
			text: 'Kielitaito',
			...at('candidates', 'problem-candidates'),
			now: 22
		}),
		handover: createNote(doc, {
			actorType: 'social_services',
			authorKey: 'key-b',
			text: 'Asiakkaan siirto palvelusta toiseen',
			...at('candidates', 'problem-candidates'),
			x: at('candidates', 'problem-candidates').x + 300,
			now: 23
		})
	};
	return { doc, ids };
}

describe('problem definition on the board (control C16)', () => {
	it('reads the two areas and the candidates, most dots first, with no seeds before a choice', () => {
		const { doc, ids } = tableBoard();
		placeVote(doc, { itemId: ids.handover, voterKey: 'key-a', limit: 3 });
		const view = readProblemDefinition(readBoard(doc));
		expect(view.meaningful.map((n) => n.text)).toEqual(['Yhteiset asiakkaat']);
		expect(view.needs.map((n) => n.text)).toEqual(['Tieto ei kulje']);
		expect(view.candidates.map((n) => [n.text, n.votes])).toEqual([
			['Asiakkaan siirto palvelusta toiseen', 1],
			['Kielitaito', 0]
		]);
		expect(view.chosen).toEqual([]);
		expect(view.seeds).toEqual([]);
		expect(view.areas.chosen?.labelKey).toBe('chosen_task');
	});

	it('choosing copies the candidate into the chosen area with a link; the rest become seeds', () => {
		const { doc, ids } = tableBoard();
		expect(chooseTask(doc, ids.handover, { now: 100 })).toBeNull();
		const view = readProblemDefinition(readBoard(doc));
		expect(view.chosen.map((n) => n.text)).toEqual(['Asiakkaan siirto palvelusta toiseen']);
		expect(view.chosen[0]).toMatchObject({ sourceItem: ids.handover, authorKey: '' });
		expect(view.chosenCandidate).toBe(ids.handover);
		expect(view.seeds.map((n) => n.text)).toEqual(['Kielitaito']);
		// The candidate keeps its place (and dots) among the candidates.
		expect(view.candidates).toHaveLength(2);
	});

	it('changing the choice replaces the copy; a hand-placed note goes back to the candidates', () => {
		const { doc, ids } = tableBoard();
		chooseTask(doc, ids.handover);
		const chosenArea = readProblemDefinition(readBoard(doc)).areas.chosen!;
		createNote(doc, {
			actorType: 'ngo',
			text: 'Käsin kirjoitettu',
			x: chosenArea.x + 40,
			y: chosenArea.y + 400
		});
		expect(chooseTask(doc, ids.language)).toBeNull();
		const view = readProblemDefinition(readBoard(doc));
		expect(view.chosen.map((n) => n.text)).toEqual(['Kielitaito']);
		expect(view.candidates.map((n) => n.text).sort()).toEqual([
			'Asiakkaan siirto palvelusta toiseen',
			'Kielitaito',
			'Käsin kirjoitettu'
		]);
		expect(view.seeds.map((n) => n.text).sort()).toEqual([
			'Asiakkaan siirto palvelusta toiseen',
			'Käsin kirjoitettu'
		]);
	});

	it('null withdraws the choice; a note outside the candidates cannot be chosen', () => {
		const { doc, ids } = tableBoard();
		chooseTask(doc, ids.language);
		expect(chooseTask(doc, null)).toBeNull();
		expect(readProblemDefinition(readBoard(doc)).chosen).toEqual([]);
		const before = Y.encodeStateVector(doc);
		expect(chooseTask(doc, ids.meaningful)).toBe('not_a_candidate');
		expect(chooseTask(doc, 'missing' as ItemId)).toBe('not_a_candidate');
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});

describe('harvest into the plenary (control C17)', () => {
	it('copies picked notes and cards with links to their table, once, inside the outputs area', () => {
		const { doc, ids } = tableBoard();
		const other = new Y.Doc();
		const card = createItem(other, {
			type: 'card',
			actorType: 'ngo',
			cardId: 'bridge',
			text: 'Silta'
		});
		const frame = createItem(other, { type: 'frame', actorType: 'ngo' });
		const plenary = new Y.Doc();
		applyBoardTemplate(plenary, 'plenary');
		const sources = [
			{ table: 1, doc, itemIds: [ids.language, ids.needs, 'gone' as ItemId] },
			{ table: 2, doc: other, itemIds: [card, frame] }
		];
		expect(harvestItems(plenary, sources, { now: 5 })).toBe(3);
		expect(harvestItems(plenary, sources)).toBe(0);
		const copies = readBoard(plenary).items.filter((item) => item.type !== 'frame');
		expect(copies.map((c) => [c.sourceTable, c.sourceItem]).sort()).toEqual(
			[
				[1, ids.language],
				[1, ids.needs],
				[2, card]
			].sort()
		);
		for (const copy of copies) expect(copy.authorKey).toBe('');
		const area = readItem(plenary, templateItemId('plenary', 'outputs'))!;
		for (const copy of copies) {
			expect(copy.x).toBeGreaterThanOrEqual(area.x);
			expect(copy.y + copy.height).toBeLessThanOrEqual(area.y + area.height);
		}
		expect(new Set(copies.map((c) => `${c.x},${c.y}`)).size).toBe(3);
	});

	it('grows the outputs area to fit and lays out the plenary template when it is missing', () => {
		const table = new Y.Doc();
		const ids = Array.from({ length: 40 }, (_, i) =>
			createNote(table, { actorType: 'ngo', text: `n${i}` })
		);
		const plenary = new Y.Doc();
		expect(harvestItems(plenary, [{ table: 3, doc: table, itemIds: ids }])).toBe(40);
		const area = readItem(plenary, templateItemId('plenary', 'outputs'))!;
		const lowest = Math.max(
			...readBoard(plenary)
				.items.filter((i) => i.type === 'note')
				.map((i) => i.y + i.height)
		);
		expect(lowest).toBeLessThanOrEqual(area.y + area.height);
		expect(itemsOf(plenary).size).toBe(41);
	});
});

describe('placing notes into an area', () => {
	it('takes the first cell nothing covers, and says when the area is full', () => {
		const area = { x: 100, y: 100, width: 24 + 2 * AREA_CELL.width, height: 72 + AREA_CELL.height };
		const note = (x: number, y: number) => ({ type: 'note', x, y, width: 200, height: 160 });
		const first = freeSpot(area, [])!;
		expect(first).toEqual({ x: 124, y: 172 });
		const second = freeSpot(area, [note(first.x, first.y)])!;
		expect(second).toEqual({ x: 124 + AREA_CELL.width, y: 172 });
		expect(freeSpot(area, [note(first.x, first.y), note(second.x, second.y)])).toBeNull();
		// Frames and arrows take no room.
		expect(freeSpot(area, [{ ...note(first.x, first.y), type: 'frame' }])).toEqual(first);
	});
});

describe("a follow-up session's seeds (issue 6)", () => {
	it('become marked candidates inside the area, once, each text once, and the area grows to hold them', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'commitments', { now: 1 });
		const texts = Array.from({ length: 18 }, (_, i) => `Aihio ${i + 1}`);
		const placed = placeSeeds(doc, [...texts, ' Aihio 1 ', '   '], { from: '2026-03-12', now: 5 });
		expect(placed).toBe(18);
		const board = readBoard(doc);
		const view = readProblemDefinition(board);
		const area = view.areas.candidates!;
		// Laid out right of what the board held, as the phase would have.
		expect(area.x).toBeGreaterThan(1200);
		expect(view.candidates.map((note) => note.text).sort()).toEqual([...texts].sort());
		expect(view.unsorted).toEqual([]);
		for (const note of view.candidates) {
			expect(note).toMatchObject({ seedFrom: '2026-03-12', actorType: 'other', authorKey: '' });
			expect(note.x).toBeGreaterThanOrEqual(area.x);
			expect(note.x + note.width).toBeLessThanOrEqual(area.x + area.width);
			expect(note.y + note.height).toBeLessThanOrEqual(area.y + area.height);
		}
		// 18 notes need more rows than the area's 700 units hold.
		expect(area.height).toBeGreaterThan(700);
		const boxes = view.candidates.map((n) => `${n.x},${n.y}`);
		expect(new Set(boxes).size).toBe(18);

		// Once per board: a second call (a phase gone back to) adds nothing, even after a removal.
		itemsOf(doc).delete(view.candidates[0].id);
		expect(placeSeeds(doc, texts, { from: '2026-03-12' })).toBe(0);
		expect(readProblemDefinition(readBoard(doc)).candidates).toHaveLength(17);
	});

	it('go after notes people already wrote in the area; a plain note has no seedFrom', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'problem-candidates', { now: 1 });
		const area = readItem(doc, templateItemId('problem-candidates', 'candidates'))!;
		const own = createNote(doc, {
			actorType: 'ngo',
			text: 'Uusi aihio',
			x: area.x + 24,
			y: area.y + 72,
			now: 2
		});
		expect(placeSeeds(doc, ['Vanha aihio'], { from: '2025-11-23', now: 3 })).toBe(1);
		const notes = readProblemDefinition(readBoard(doc)).candidates;
		expect(notes.find((n) => n.id === own)!.seedFrom).toBeNull();
		const seed = notes.find((n) => n.text === 'Vanha aihio')!;
		expect(seed.seedFrom).toBe('2025-11-23');
		expect(seed.x).toBeGreaterThan(area.x + 200);
		// A malformed day reads as no mark, never hides the note.
		(itemsOf(doc).get(seed.id) as Y.Map<unknown>).set('seedFrom', 'eilen');
		expect(readItem(doc, seed.id)).toMatchObject({ type: 'note', seedFrom: null });
	});
});
