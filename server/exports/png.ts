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
