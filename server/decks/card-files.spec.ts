import { describe, expect, it } from 'vitest';
import { MAX_CARD_FILE_BYTES } from '#shared/model/card-deck.ts';
import { checkCardFile, sniffPicture, SVG_RASTER_WIDTH_PX } from './card-files.ts';

const text = (value: string) => new TextEncoder().encode(value);
const svg = (body: string) =>
	text(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 40">${body}</svg>`);
const SQUARE = '<rect width="30" height="40" fill="#2a6"/>';

describe('card files (issue 4: own decks)', () => {
	it('sniffs the type from the bytes, not the name', () => {
		expect(sniffPicture(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
			'image/png'
		);
		expect(sniffPicture(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffPicture(text('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
		expect(sniffPicture(text('<?xml version="1.0"?>\n<!-- x --><svg width="1"/>'))).toBe(
			'image/svg+xml'
		);
		expect(sniffPicture(text('GIF89a'))).toBeNull();
		expect(sniffPicture(text('<html><svg></svg></html>'))).toBeNull();
	});

	it('turns a plain SVG into a PNG of the card width', () => {
		const checked = checkCardFile({ name: 'a.svg', bytes: svg(SQUARE) });
		expect(checked.ok).toBe(true);
		if (!checked.ok) return;
		expect(checked.contentType).toBe('image/png');
		expect(sniffPicture(checked.bytes)).toBe('image/png');
		const view = new DataView(checked.bytes.buffer, checked.bytes.byteOffset);
		expect(view.getUint32(16)).toBe(SVG_RASTER_WIDTH_PX);
	});

	it.each([
		['a script', '<script>alert(1)</script>'],
		['a script in another case', '<SCRIPT >alert(1)</SCRIPT>'],
		['an event handler', '<rect width="1" height="1" onload="alert(1)"/>'],
		[
			'a foreign object',
			'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>'
		],
		['a javascript link', '<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'],
		['an outside picture', '<image href="file:///etc/passwd" width="1" height="1"/>'],
		['an outside xlink', '<image xlink:href="https://example.com/x.png" width="1" height="1"/>'],
		['a css import', '<style>@import "https://example.com/x.css";</style>'],
		['a css url', '<rect width="1" height="1" style="fill:url(https://example.com/x)"/>']
	])('refuses an SVG with %s', (_what, body) => {
		expect(checkCardFile({ name: 'x.svg', bytes: svg(body) })).toEqual({
			ok: false,
			problem: 'svg_unsafe'
		});
	});

	it('refuses entities, keeps in-file links and data pictures', () => {
		const entity = text(
			'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
		);
		expect(checkCardFile({ name: 'e.svg', bytes: entity })).toMatchObject({
			problem: 'svg_unsafe'
		});
		const linked = svg(
			`<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs><rect width="30" height="40" fill="url(#g)"/><use href="#g"/>`
		);
		expect(checkCardFile({ name: 'l.svg', bytes: linked }).ok).toBe(true);
	});

	it('refuses other types, broken SVGs and files over the size cap', () => {
		expect(checkCardFile({ name: 'x.gif', bytes: text('GIF89a....') })).toEqual({
			ok: false,
			problem: 'type'
		});
		expect(checkCardFile({ name: 'x.svg', bytes: text('<svg><rect') })).toMatchObject({
			problem: 'svg_broken'
		});
		const strip = text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 100000"/>');
		expect(checkCardFile({ name: 'strip.svg', bytes: strip })).toMatchObject({
			problem: 'svg_broken'
		});
		const big = new Uint8Array(MAX_CARD_FILE_BYTES + 1);
		big.set([0xff, 0xd8, 0xff]);
		expect(checkCardFile({ name: 'big.jpg', bytes: big })).toEqual({
			ok: false,
			problem: 'too_large'
		});
	});
});
