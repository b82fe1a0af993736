import { COLOUR_FILL, type ItemView } from '#shared/model/board.ts';
import { contentBounds } from '../canvas/export.ts';
import { arrowPoints } from '../canvas/shapes/arrow.ts';

/** A board item as a thumbnail draws it: a filled box, no text (unreadable at that size anyway). */
export interface ThumbnailBox {
	id: string;
	kind: 'frame' | 'note' | 'card';
	x: number;
	y: number;
	width: number;
	height: number;
	fill: string;
}

export interface ThumbnailLine {
	id: string;
	points: string;
}

/** What a board thumbnail shows, in board units rounded to whole numbers. */
export interface Thumbnail {
	viewBox: string;
	boxes: ThumbnailBox[];
	lines: ThumbnailLine[];
	/** Notes and cards on the board, for the accessible label. */
	notes: number;
}

/** Room around the content, in board units. */
const THUMBNAIL_MARGIN = 24;

/**
 * The shapes of a board's thumbnail, from the validated views in drawing order. Whole-number
 * coordinates keep the SVG attributes, and so the DOM work on an update, small.
 */
export function boardThumbnail(items: readonly ItemView[]): Thumbnail {
	const box = contentBounds(items, THUMBNAIL_MARGIN) ?? { x: 0, y: 0, width: 400, height: 300 };
	const byId = new Map(items.map((item) => [item.id, item]));
	const boxes: ThumbnailBox[] = [];
	const lines: ThumbnailLine[] = [];
	let notes = 0;
	for (const item of items) {
		if (item.type === 'arrow') {
			const from = byId.get(item.from);
			const to = byId.get(item.to);
			if (from && to)
				lines.push({ id: item.id, points: arrowPoints(from, to).map(Math.round).join(' ') });
			continue;
		}
		if (item.type !== 'frame') notes++;
		boxes.push({
			id: item.id,
			kind: item.type,
			x: Math.round(item.x),
			y: Math.round(item.y),
			width: Math.round(item.width),
			height: Math.round(item.height),
			fill: item.type === 'card' ? '#ffffff' : COLOUR_FILL[item.colour]
		});
	}
	const viewBox = [box.x, box.y, box.width, box.height].map(Math.round).join(' ');
	return { viewBox, boxes, lines, notes };
}
