import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PICK_CARD_SIZE, placeCardPick } from './card-pick.ts';
import { createNote } from './ops.ts';
import { readBoard, type CardView } from './read.ts';
import { applyBoardTemplate } from './templates.ts';

function cards(doc: Y.Doc): CardView[] {
	return readBoard(doc).items.filter((item): item is CardView => item.type === 'card');
}

const pick = (authorKey: string, cardId: string, text: string) => ({
	authorKey,
	cardId,
	text,
	actorType: 'ngo' as const
});

describe('placeCardPick (warm-up picks)', () => {
	it("puts picks side by side inside the metaphor area, each as its author's own card", () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'metaphor-picks');
		const area = readBoard(doc).items.find((item) => item.type === 'frame')!;
		for (let i = 0; i < 6; i++) placeCardPick(doc, pick(`key-${i}`, 'bridge', `why ${i}`));
		const placed = cards(doc);
		expect(placed).toHaveLength(6);
		for (const card of placed) {
			expect(card.x).toBeGreaterThanOrEqual(area.x);
			expect(card.y).toBeGreaterThanOrEqual(area.y);
			expect(card.x + card.width).toBeLessThanOrEqual(area.x + area.width);
			expect(card.y + card.height).toBeLessThanOrEqual(area.y + area.height);
			expect(card.width).toBe(PICK_CARD_SIZE.width);
		}
		for (const [i, a] of placed.entries()) {
			for (const b of placed.slice(i + 1)) {
				const apart =
					a.x + a.width <= b.x ||
					b.x + b.width <= a.x ||
					a.y + a.height <= b.y ||
					b.y + b.height <= a.y;
				expect(apart).toBe(true);
			}
		}
		expect(placed.map((card) => card.authorKey).sort()).toEqual(
			['key-0', 'key-1', 'key-2', 'key-3', 'key-4', 'key-5'].sort()
		);
	});

	it('picking again changes the own card in place instead of adding a second', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'metaphor-picks');
		const first = placeCardPick(doc, pick('me', 'maze', 'lost'));
		placeCardPick(doc, pick('other', 'bridge', 'together'));
		const again = placeCardPick(doc, pick('me', 'compass', 'found the way'));
		expect(again).toBe(first);
		const mine = cards(doc).filter((card) => card.authorKey === 'me');
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ cardId: 'compass', text: 'found the way' });
		expect(cards(doc).find((card) => card.authorKey === 'other')?.cardId).toBe('bridge');
	});

	it('skips places taken by notes and works on a board without a metaphor area', () => {
		const doc = new Y.Doc();
		createNote(doc, { actorType: 'ngo', authorKey: 'x', x: 30, y: 60, text: 'in the way' });
		placeCardPick(doc, pick('me', 'key', ''));
		const [card] = cards(doc);
		expect(card.x).toBeGreaterThan(30 + 200);
	});

	it('refuses a card id that is not a card id', () => {
		expect(() => placeCardPick(new Y.Doc(), pick('me', '../x', ''))).toThrow(/invalid card id/);
	});
});
