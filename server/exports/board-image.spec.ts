import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyBoardTemplate, createItem, createNote, readBoard } from '#shared/model/board.ts';
import { MAX_BOARD_IMAGE_WIDTH, renderBoardPng } from './board-image.ts';
import { inflateSync } from 'node:zlib';
import { opaquePng, pngSize } from './png.ts';
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

	it('draws an opaque RGB PNG whose rows decode to the pixels it was given', async () => {
		const doc = new Y.Doc();
		createNote(doc, { actorType: 'client', text: 'Läpinäkymätön', x: 0, y: 0 });
		const png = (await renderBoardPng(readBoard(doc).items, reportText('fi'), 'Pöytä 1'))!;
		// Colour type 2 (truecolour without alpha): PDF writers embed it without re-encoding.
		expect(png[25]).toBe(2);

		const width = 3;
		const height = 2;
		const rgba = Uint8Array.from([
			...[255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255],
			...[10, 20, 30, 255, 250, 240, 230, 255, 255, 255, 255, 255]
		]);
		const encoded = await opaquePng(width, height, rgba);
		expect(pngSize(encoded)).toEqual({ width, height });
		const idat = Buffer.from(encoded).indexOf('IDAT');
		const length = Buffer.from(encoded).readUInt32BE(idat - 4);
		const rows = inflateSync(encoded.subarray(idat + 4, idat + 4 + length));
		const decoded: number[] = [];
		for (let y = 0; y < height; y++) {
			const row = rows.subarray(y * (width * 3 + 1), (y + 1) * (width * 3 + 1));
			expect(row[0]).toBe(1);
			for (let i = 1; i < row.length; i++) {
				decoded.push((row[i] + (i > 3 ? decoded[decoded.length - 3] : 0)) & 0xff);
			}
		}
		expect(decoded).toEqual([...rgba].filter((_, i) => i % 4 !== 3));
		await expect(opaquePng(2, 2, rgba)).rejects.toThrow();
	});
});
