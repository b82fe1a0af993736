import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyBoardTemplate, createItem, createNote, readBoard } from '#shared/model/board.ts';
import { MAX_BOARD_IMAGE_WIDTH, renderBoardPng } from './board-image.ts';
import { pngSize } from './png.ts';
import { reportText } from './text.ts';

describe('pictures of final boards for the report', () => {
	it('draws nothing for a board with only its template areas', async () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'meaningful-and-needs');
		expect(await renderBoardPng(readBoard(doc).items, reportText('fi'), 'Pöytä 1')).toBeNull();
	});

	it('keeps a small board at its size and scales a wide one down to the report width', async () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'meaningful-and-needs');
		createNote(doc, {
			actorType: 'ngo',
			text: 'Yhteinen kieli – gemensamt språk 🙂',
			x: 40,
			y: 80
		});
		createItem(doc, { type: 'card', actorType: 'client', cardId: 'bridge', x: 700, y: 80 });
		const small = (await renderBoardPng(readBoard(doc).items, reportText('sv'), 'Bord 1'))!;
		expect(pngSize(small).width).toBeLessThan(MAX_BOARD_IMAGE_WIDTH);
		expect(pngSize(small).width).toBeGreaterThan(1300);

		createNote(doc, { actorType: 'ngo', text: 'Kaukana oikealla', x: 9000, y: 80 });
		const wide = (await renderBoardPng(readBoard(doc).items, reportText('en'), 'Table 1'))!;
		expect(pngSize(wide).width).toBe(MAX_BOARD_IMAGE_WIDTH);
	});
});
