import { promisify } from 'node:util';
import { crc32, deflate as zlibDeflate } from 'node:zlib';

/** The 8-byte PNG signature. */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk; throws on anything that is not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
	const isPng =
		png.length >= 24 &&
		SIGNATURE.every((byte, i) => png[i] === byte) &&
		String.fromCharCode(...png.subarray(12, 16)) === 'IHDR';
	if (!isPng) throw new Error('[exports] board image is not a PNG');
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

const deflate = promisify(zlibDeflate);

/**
 * An opaque picture as an 8-bit RGB PNG (no alpha channel), from RGBA pixels whose alpha is 255.
 * PDF writers embed such a PNG's compressed rows as they are; one with an alpha channel they
 * inflate, split into colour and mask and deflate again in JavaScript, about 100 ms of CPU per board.
 * Rows use the Sub filter (flat colours compress well); deflating runs on a libuv worker.
 */
export async function opaquePng(
	width: number,
	height: number,
	rgba: Uint8Array
): Promise<Uint8Array> {
	if (rgba.length !== width * height * 4) throw new Error('[exports] pixels do not fit the size');
	const stride = width * 3 + 1;
	const rows = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const out = y * stride;
		let from = y * width * 4;
		rows[out] = 1; // Sub: each byte minus the same byte of the pixel to its left.
		let r = 0;
		let g = 0;
		let b = 0;
		for (let x = 0, to = out + 1; x < width; x++, from += 4, to += 3) {
			const nr = rgba[from];
			const ng = rgba[from + 1];
			const nb = rgba[from + 2];
			rows[to] = (nr - r) & 0xff;
			rows[to + 1] = (ng - g) & 0xff;
			rows[to + 2] = (nb - b) & 0xff;
			r = nr;
			g = ng;
			b = nb;
		}
	}
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, adaptive filters, no interlace
	return Buffer.concat([
		Buffer.from(SIGNATURE),
		chunk('IHDR', header),
		chunk('IDAT', await deflate(rows, { level: 6 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))));
	return Buffer.concat([head, data, crc]);
}
