import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOT } from '../knot.ts';
import {
	FIFTH_LEAF_ID,
	addFifthLeaf,
	applyKnotLeaves,
	centreOf,
	knotBalance,
	knotFrames,
	knotPlaceAt,
	leafCheckOf,
	placeKnotNote
} from './knot-board.ts';
import { createNote } from './ops.ts';
import { readBoard } from './read.ts';
import { applyBoardTemplate } from './templates.ts';

function clover(): Y.Doc {
	const doc = new Y.Doc();
	applyBoardTemplate(doc, 'neliapila');
	return doc;
}

const write = (
	doc: Y.Doc,
	place: Parameters<typeof placeKnotNote>[1]['place'],
	prompt: 'brings' | 'needs' | 'convenes' | 'calls' | null,
	text: string
) => placeKnotNote(doc, { place, prompt, text, authorKey: 'k', actorType: 'client' });

describe('the Neliapila knot on a board', () => {
	it('places each answer in its own leaf and column, never under the shared object', () => {
		const doc = clover();
		for (let index = 0; index < 4; index++) {
			for (let n = 0; n < 6; n++) write(doc, { kind: 'leaf', index }, 'convenes', `${index}-${n}`);
		}
		const board = readBoard(doc);
		const frames = knotFrames(board.byId);
		for (const item of board.items) {
			if (item.type !== 'note') continue;
			const index = Number(item.text.split('-')[0]);
			expect(knotPlaceAt(frames, centreOf(item)), item.text).toEqual({ kind: 'leaf', index });
		}
		const balance = knotBalance(board);
		expect(balance.leaves.map((leaf) => leaf.byPrompt.convenes.length)).toEqual([6, 6, 6, 6]);
		expect(balance.leaves[0].missing).toEqual(['brings', 'needs']);
	});

	it('balances: empty leaves, untagged notes, the shared object and the rules', () => {
		const doc = clover();
		expect(knotBalance(readBoard(doc)).emptyLeaves).toEqual([0, 1, 2, 3]);
		write(doc, { kind: 'leaf', index: 2 }, 'brings', 'Tuki');
		write(doc, { kind: 'shared' }, null, 'Polku');
		write(doc, { kind: 'rules' }, 'calls', 'Kuka tahansa');
		// A note put on the canvas inside the first leaf counts for it, answering no prompt.
		createNote(doc, { actorType: 'client', text: 'Vapaa', x: 20, y: 60 });
		createNote(doc, { actorType: 'client', text: '   ', x: 620, y: 60 });
		const balance = knotBalance(readBoard(doc));
		expect(balance.emptyLeaves).toEqual([1, 3]);
		expect(balance.leaves[0].untagged.map((note) => note.text)).toEqual(['Vapaa']);
		expect(balance.shared.map((note) => note.text)).toEqual(['Polku']);
		expect(balance.rules.calls.map((note) => note.text)).toEqual(['Kuka tahansa']);
	});

	it('writes the configured actors on the leaves once, and adds one fifth leaf', () => {
		const doc = clover();
		const leaves = DEFAULT_KNOT.leaves.map((leaf, index) =>
			index === 1 ? { actorType: 'ngo' as const, name: { fi: 'Kela', sv: '', en: '' } } : leaf
		);
		expect(applyKnotLeaves(doc, { ...DEFAULT_KNOT, leaves })).toBe(true);
		expect(applyKnotLeaves(doc, { ...DEFAULT_KNOT, leaves })).toBe(false);
		const frames = knotFrames(readBoard(doc).byId);
		expect(frames.leaves[1]).toMatchObject({
			leafActor: 'ngo',
			labels: { fi: 'Kela', sv: '', en: '' }
		});
		expect(addFifthLeaf(doc, { name: 'Seurakunta', authorKey: 'k', actorType: 'client' })).toBe(
			FIFTH_LEAF_ID
		);
		expect(addFifthLeaf(doc, { name: 'Toinen', authorKey: 'k', actorType: 'client' })).toBe(
			FIFTH_LEAF_ID
		);
		const fifth = knotFrames(readBoard(doc).byId).leaves[4];
		expect(fifth?.text).toBe('Seurakunta');
		write(doc, { kind: 'leaf', index: 4 }, 'needs', 'Vapaaehtoiset');
		expect(
			knotBalance(readBoard(doc))
				.leaves.at(-1)
				?.notes.map((n) => n.text)
		).toEqual(['Vapaaehtoiset']);
	});

	it('tells the board which leaves an item touches under leaf rights', () => {
		const doc = clover();
		const knot = { ...DEFAULT_KNOT, leafRights: true };
		const id = write(doc, { kind: 'leaf', index: 0 }, 'brings', 'x')!;
		const board = readBoard(doc);
		const frames = knotFrames(board.byId);
		expect(leafCheckOf(frames, knot, 'education', board.byId.get(id))).toEqual({
			me: 'education',
			leaves: ['client']
		});
		expect(
			leafCheckOf(frames, { ...knot, leafRights: false }, 'education', board.byId.get(id))
		).toBeUndefined();
	});
});
