import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QR_QUIET_ZONE_MODULES, qrSymbol } from './qr.ts';

const PIXELS_PER_MODULE = 4;

/** Paints the symbol's path the way a browser would: white page, black runs. */
function rasterise(symbol: { size: number; path: string }) {
	const side = symbol.size * PIXELS_PER_MODULE;
	const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
	const runs = [...symbol.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
	// Every command of the path is a run this test understands, so nothing is drawn elsewhere.
	expect(runs.map((run) => run[0]).join('')).toBe(symbol.path);
	for (const [, x, y, width] of runs) {
		for (let py = 0; py < PIXELS_PER_MODULE; py++) {
			const rowStart = (Number(y) * PIXELS_PER_MODULE + py) * side;
			for (
				let px = Number(x) * PIXELS_PER_MODULE;
				px < (Number(x) + Number(width)) * PIXELS_PER_MODULE;
				px++
			) {
				rgba.fill(0, (rowStart + px) * 4, (rowStart + px) * 4 + 3);
			}
		}
	}
	return { rgba, side };
}

describe('qrSymbol', () => {
	it('draws a symbol that decodes back to the join URL', () => {
		const url = 'https://rajapinta.example.fi/join?code=ABCD-2345';
		const symbol = qrSymbol(url);
		const { rgba, side } = rasterise(symbol);
		const decoded = jsQR(rgba, side, side);
		expect(decoded?.data).toBe(url);
	});

	it('keeps a quiet zone of four light modules on every side', () => {
		const symbol = qrSymbol('http://127.0.0.1:4173/join?code=WXYZ-6789');
		// Version 3 at level M holds this URL: 29 modules, plus the quiet zone on both sides.
		expect(symbol.size).toBe(29 + 2 * QR_QUIET_ZONE_MODULES);
		const coordinates = [...symbol.path.matchAll(/M(\d+) (\d+)h(\d+)/g)];
		const xs = coordinates.map(([, x]) => Number(x));
		const ys = coordinates.map(([, , y]) => Number(y));
		const ends = coordinates.map(([, x, , width]) => Number(x) + Number(width));
		expect(Math.min(...xs)).toBe(QR_QUIET_ZONE_MODULES);
		expect(Math.min(...ys)).toBe(QR_QUIET_ZONE_MODULES);
		expect(Math.max(...ends)).toBe(symbol.size - QR_QUIET_ZONE_MODULES);
		expect(Math.max(...ys)).toBe(symbol.size - QR_QUIET_ZONE_MODULES - 1);
	});
});
