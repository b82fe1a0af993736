import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import {
	CARD_FILE_PROBLEMS,
	MAX_CARD_FILE_BYTES,
	type CardFileProblem,
	type DeckPictureType
} from '#shared/model/card-deck.ts';

const require = createRequire(import.meta.url);
/** An SVG's text is drawn with a font the server carries, never one it looks up on the system. */
const FONT_FILES = [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')];

/** An SVG becomes a PNG this wide (a card on a 2× screen), so no SVG is ever served to a browser. */
export const SVG_RASTER_WIDTH_PX = 480;
/** Height over width beyond which an SVG is refused: its PNG would be a strip of millions of pixels. */
const SVG_MAX_ASPECT = 4;

/** One uploaded file as the form gave it. */
export interface CardFile {
	/** The file name the browser sent; only for messages. */
	name: string;
	bytes: Uint8Array;
}

export type CheckedCardFile =
	| { ok: true; contentType: DeckPictureType; bytes: Uint8Array }
	| { ok: false; problem: CardFileProblem };

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
	signature.every((byte, index) => bytes[offset + index] === byte);

/** The picture type by the file's first bytes; its name and the browser's claim do not count. */
export function sniffPicture(bytes: Uint8Array): DeckPictureType | 'image/svg+xml' | null {
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	// RIFF <size> WEBP
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
		return 'image/webp';
	return looksLikeSvg(bytes) ? 'image/svg+xml' : null;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
	const head = decodeUtf8(bytes.subarray(0, 4096));
	if (head === null) return false;
	// An XML declaration, comments or a doctype may come first; the root element must be <svg.
	const rest = head
		.replace(/^\uFEFF/, '')
		.replace(/<\?xml[\s\S]*?\?>/, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '')
		.trimStart();
	return /^<svg[\s>]/.test(rest);
}

function decodeUtf8(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// A cut in the middle of a character at the 4 KiB boundary is still text.
		try {
			return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, -3));
		} catch {
			return null;
		}
	}
}

/**
 * What makes an SVG unsafe to keep, even as the source of a PNG: anything that runs (scripts,
 * event handlers, javascript: links), embeds other documents (foreignObject, iframes), defines
 * entities (entity expansion), or reaches outside the file (any link that is not to `#id` or a
 * `data:image/` picture, CSS imports and urls). Refused, not cleaned: a facilitator fixes the file
 * knowing why, and no cleaning rule has to be right about every trick.
 */
const UNSAFE_SVG = [
	/<\s*script\b/i,
	/<\s*foreignObject\b/i,
	/<\s*(iframe|embed|object|audio|video|handler|listener)\b/i,
	/<!ENTITY/i,
	/\son[a-z]+\s*=/i,
	/javascript\s*:/i,
	/@import/i,
	/\b(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/(?:png|jpeg|webp);)/i,
	/url\(\s*["']?\s*(?!#)/i
];

export function unsafeSvg(text: string): boolean {
	return UNSAFE_SVG.some((pattern) => pattern.test(text));
}

/** Checks one upload and turns an SVG into a PNG. Never throws for bad input. */
export function checkCardFile(file: CardFile): CheckedCardFile {
	if (file.bytes.byteLength > MAX_CARD_FILE_BYTES) {
		return { ok: false, problem: CARD_FILE_PROBLEMS.tooLarge };
	}
	const type = sniffPicture(file.bytes);
	if (type === null) return { ok: false, problem: CARD_FILE_PROBLEMS.type };
	if (type !== 'image/svg+xml') return { ok: true, contentType: type, bytes: file.bytes };
	const text = decodeUtf8(file.bytes);
	if (text === null) return { ok: false, problem: CARD_FILE_PROBLEMS.type };
	if (unsafeSvg(text)) return { ok: false, problem: CARD_FILE_PROBLEMS.svgUnsafe };
	const png = rasterise(text);
	return png
		? { ok: true, contentType: 'image/png', bytes: png }
		: { ok: false, problem: CARD_FILE_PROBLEMS.svgBroken };
}

function rasterise(svg: string): Uint8Array | null {
	try {
		const resvg = new Resvg(svg, {
			fitTo: { mode: 'width', value: SVG_RASTER_WIDTH_PX },
			font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }
		});
		if (!(resvg.width > 0 && resvg.height > 0)) return null;
		if (resvg.height / resvg.width > SVG_MAX_ASPECT) return null;
		return new Uint8Array(resvg.render().asPng());
	} catch (error) {
		// A parse error of a facilitator's file is their problem to fix, not a server fault.
		console.error(`[decks] an SVG could not be drawn: ${(error as Error).message}`);
		return null;
	}
}
