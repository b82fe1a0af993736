import type Konva from 'konva';
import type { ItemView } from '#shared/model/board.ts';

export type KonvaModule = typeof Konva;

/** What draw code needs besides the item itself. */
export interface ShapeContext {
	Konva: KonvaModule;
	/** Voting is on for this phase: badges show and take clicks. */
	voting: boolean;
	/** Show everybody's dots; false shows only one's own until the facilitator reveals. */
	showVoteCounts: boolean;
	/** This browser's voter key. */
	voterKey: string;
	/** False when zoomed out so far that words would be unreadable; boxes only, much faster. */
	showText: boolean;
	/** The item whose text is in the in-place editor; its canvas text is hidden meanwhile. */
	editingId: string | null;
	/** The card picture once loaded, null when there is none (then the card shows its name). */
	cardImage: (cardId: string) => HTMLImageElement | null;
	/** Width of `text` in the CSS `font`, px; cached, so laying out a note again is cheap. */
	textWidth: (font: string, text: string) => number;
}

/** Widths kept per font before the cache starts over (a day's board has a few thousand words). */
const TEXT_WIDTH_CACHE_ENTRIES = 20_000;

/** A {@link ShapeContext.textWidth} measuring on one offscreen canvas, with a bounded cache. */
export function createTextWidth(): (font: string, text: string) => number {
	let context: CanvasRenderingContext2D | null = null;
	const caches = new Map<string, Map<string, number>>();
	return (font, text) => {
		let cache = caches.get(font);
		if (!cache) caches.set(font, (cache = new Map()));
		let width = cache.get(text);
		if (width !== undefined) return width;
		context ??= document.createElement('canvas').getContext('2d');
		if (!context) return text.length * 8;
		context.font = font;
		width = context.measureText(text).width;
		if (cache.size >= TEXT_WIDTH_CACHE_ENTRIES) cache.clear();
		cache.set(text, width);
		return width;
	};
}

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const TEXT_COLOUR = '#1b1b1b';
export const BORDER_COLOUR = '#5c5c5c';
export const SELECT_COLOUR = '#0b4f8a';
export const NOTE_FONT_PX = 16;
export const NOTE_PADDING_PX = 12;
export const FRAME_FONT_PX = 22;
export const VOTE_RADIUS_PX = 14;

/** The shape of one item type: build its node once, then update it in place on every change. */
export interface ShapeKind<V extends ItemView, N extends Konva.Node> {
	create: (ctx: ShapeContext, view: V) => N;
	update: (ctx: ShapeContext, node: N, view: V) => void;
}

/**
 * The dot badge at an item's top-right corner. Its circle is named `vote` so a click on it is a
 * vote, not a selection. Hidden when voting is off and nobody has voted.
 */
export function voteBadge(ctx: ShapeContext): Konva.Group {
	const { Konva: K } = ctx;
	const badge = new K.Group({ name: 'badge' });
	badge.add(
		new K.Circle({
			name: 'vote',
			radius: VOTE_RADIUS_PX,
			fill: '#0b4f8a',
			stroke: '#ffffff',
			strokeWidth: 2,
			perfectDrawEnabled: false
		}),
		new K.Text({
			name: 'vote-count',
			x: -VOTE_RADIUS_PX,
			y: -VOTE_RADIUS_PX,
			width: VOTE_RADIUS_PX * 2,
			height: VOTE_RADIUS_PX * 2,
			align: 'center',
			verticalAlign: 'middle',
			fontFamily: FONT_FAMILY,
			fontSize: 13,
			fontStyle: 'bold',
			fill: '#ffffff',
			listening: false
		})
	);
	return badge;
}

export function updateVoteBadge(ctx: ShapeContext, badge: Konva.Group, view: ItemView): void {
	const mine = view.voters[ctx.voterKey] ?? 0;
	const shown = ctx.showVoteCounts ? view.votes : mine;
	badge.visible(ctx.voting || shown > 0);
	badge.position({ x: view.width - 4, y: 4 });
	badge.findOne<Konva.Text>('.vote-count')?.text(shown > 0 ? String(shown) : '+');
	// Own dots make the badge solid dark; an empty badge is an outlined invitation to vote.
	badge.findOne<Konva.Circle>('.vote')?.fill(mine > 0 ? '#083b68' : '#0b4f8a');
}
