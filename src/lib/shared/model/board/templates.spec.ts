import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_TEMPLATE_IDS } from '../board-templates.ts';
import { deleteItems } from './ops.ts';
import { readBoard } from './read.ts';
import { BOARD_TEMPLATE_LAYOUTS, applyBoardTemplate, templateItemId } from './templates.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('board templates', () => {
	it.each(BOARD_TEMPLATE_IDS.map((id) => [id]))('%s lays out valid frames once', (id) => {
		const doc = new Y.Doc();
		expect(applyBoardTemplate(doc, id)).toBe(true);
		expect(applyBoardTemplate(doc, id)).toBe(false);
		const board = readBoard(doc);
		expect(board.items).toHaveLength(BOARD_TEMPLATE_LAYOUTS[id].length);
		expect(board.items.every((item) => item.type === 'frame' && item.labelKey)).toBe(true);
	});

	it('the clover has four leaves, the rules and the shared object drawn on top', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'neliapila');
		const ids = readBoard(doc).items.map((item) => item.id);
		expect(ids.at(-1)).toBe(templateItemId('neliapila', 'shared-object'));
		expect(ids).toContain(templateItemId('neliapila', 'knot-rules'));
		expect(ids).toHaveLength(6);
	});

	it("a later phase's areas go to the right of what the board holds, like a paper wall", () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'meaningful-and-needs');
		const right = Math.max(...readBoard(doc).items.map((item) => item.x + item.width));
		applyBoardTemplate(doc, 'neliapila');
		const clover = readBoard(doc).items.filter((item) => item.id.includes('neliapila'));
		expect(clover).toHaveLength(6);
		expect(Math.min(...clover.map((item) => item.x))).toBeGreaterThan(right);
	});

	it('two browsers applying at once end with one copy of each area', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		applyBoardTemplate(a, 'meaningful-and-needs', { now: 1 });
		applyBoardTemplate(b, 'meaningful-and-needs', { now: 2 });
		sync(a, b);
		expect(readBoard(a).items).toHaveLength(2);
		expect(readBoard(a)).toEqual(readBoard(b));
	});

	it('does not bring back an area people deleted', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'commitments');
		deleteItems(doc, [templateItemId('commitments', 'commitments')]);
		expect(applyBoardTemplate(doc, 'commitments')).toBe(false);
		expect(readBoard(doc).items).toEqual([]);
	});
});
