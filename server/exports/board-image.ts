import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import {
	CARD_ID_PATTERN,
	type ItemView,
	type LabelKey,
	type NoteView
} from '#shared/model/board.ts';
import { boardToSvg, contentBounds, EXPORT_MARGIN } from '../../src/lib/board/canvas/export.ts';
import { m } from '../../src/lib/paraglide/messages.js';
import { opaquePng } from './png.ts';
import type { ReportText } from './text.ts';

const require = createRequire(import.meta.url);
/** The PDF's font, so a picture looks the same on a server without system fonts. */
const FONT_FILES = [
	require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
	require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')
];
/** Wide enough to read a note on A4 or a slide; a wall of a day's phases is scaled down to it. */
export const MAX_BOARD_IMAGE_WIDTH = 1600;

/**
 * Pictures drawn at once, across exports: one per core, and never all four threads of libuv's
 * pool, which password hashing, compression and file reads share.
 */
const MAX_DRAWING = Math.max(1, Math.min(availableParallelism(), 3));
let drawing = 0;
const waiting: (() => void)[] = [];

/** Runs `draw` once fewer than MAX_DRAWING pictures are being drawn. */
async function inTurn<T>(draw: () => Promise<T>): Promise<T> {
	// A finished drawing hands its turn straight to the next one waiting.
	if (drawing >= MAX_DRAWING) await new Promise<void>((resolve) => waiting.push(resolve));
	else drawing++;
	try {
		return await draw();
	} finally {
		const next = waiting.shift();
		if (next) next();
		else drawing--;
	}
}

/** The deck's pictures (static/cards); card ids match CARD_ID_PATTERN, so they stay inside. */
const CARDS_DIR = path.resolve(import.meta.dirname, '../../static/cards');
const pictures = new Map<string, string | null>();

/** A deck card's picture as a data: URL, so resvg needs no file access while drawing. */
function cardPicture(cardId: string): string | null {
	if (!CARD_ID_PATTERN.test(cardId)) return null;
	let found = pictures.get(cardId);
	if (found === undefined) {
		const file = path.join(CARDS_DIR, `${cardId}.svg`);
		found = existsSync(file)
			? `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`
			: null;
		pictures.set(cardId, found);
	}
	return found;
}

type Message = (inputs?: Record<string, string>, options?: { locale?: string }) => string;
const messages = m as unknown as Record<string, Message | undefined>;

/** A message of the board's own folder in the report's language, or '' when there is none. */
function boardMessage(key: string, text: ReportText): string {
	return messages[key]?.({}, { locale: text.language }) ?? '';
}

/** A note's small print: its writer's actor type, or the earlier workshop a seed came from. */
function noteMeta(note: NoteView, text: ReportText): string {
	if (!note.seedFrom) return text.actor(note.actorType);
	const seed = messages.board_note_seed_from?.(
		{ date: text.day(note.seedFrom) },
		{ locale: text.language }
	);
	return seed ?? text.actor(note.actorType);
}

/** What an item says in the picture: its text, else its area label or card name in `text`'s language. */
function itemTitle(item: ItemView, text: ReportText): string {
	switch (item.type) {
		case 'note':
			return item.text;
		case 'frame':
			return (
				item.text ||
				item.labels?.[text.language] ||
				(item.labelKey ? boardMessage(`board_area_${item.labelKey satisfies LabelKey}`, text) : '')
			);
		case 'card': {
			const name = boardMessage(`board_card_${item.cardId.replaceAll('-', '_')}`, text);
			return item.text ? `${name}: ${item.text}` : name;
		}
		case 'arrow':
			return '';
	}
}

/**
 * A table's final board as a PNG for the report, drawn from the stored items (not a screen), or
 * null when nobody wrote anything on it. Notes carry the writer's actor type, never a name.
 * resvg draws on a libuv worker thread, so the boards of a workshop are drawn side by side (up to
 * MAX_DRAWING at once) and the event loop keeps serving while they are.
 */
export async function renderBoardPng(
	items: readonly ItemView[],
	text: ReportText,
	title: string
): Promise<Uint8Array | null> {
	if (!items.some((item) => item.type === 'note' || item.type === 'card')) return null;
	const svg = boardToSvg(items, {
		title: (item) => itemTitle(item, text),
		meta: (item) => (item.type === 'note' ? noteMeta(item, text) : ''),
		documentTitle: title,
		picture: cardPicture
	}).replace('font-family="system-ui, sans-serif"', 'font-family="DejaVu Sans"');
	const width = contentBounds(items, EXPORT_MARGIN)?.width ?? MAX_BOARD_IMAGE_WIDTH;
	const rendered = await inTurn(() =>
		renderAsync(svg, {
			fitTo:
				width > MAX_BOARD_IMAGE_WIDTH
					? { mode: 'width', value: MAX_BOARD_IMAGE_WIDTH }
					: { mode: 'original' },
			font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
			// Opaque everywhere, edges too, so the picture needs no alpha channel.
			background: '#ffffff'
		})
	);
	return opaquePng(rendered.width, rendered.height, rendered.pixels);
}
