import type Konva from 'konva';
import type { ArrowView, ItemView } from '#shared/model/board.ts';
import { SELECT_COLOUR, type ShapeContext } from './common.ts';

const ARROW_COLOUR = '#333333';

export interface Point {
	x: number;
	y: number;
}

/** Where the line from the centre of `box` towards `toward` leaves the box's edge. */
export function edgePoint(box: ItemView, toward: Point): Point {
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	const dx = toward.x - cx;
	const dy = toward.y - cy;
	if (dx === 0 && dy === 0) return { x: cx, y: cy };
	const scale = Math.min(
		dx === 0 ? Infinity : box.width / 2 / Math.abs(dx),
		dy === 0 ? Infinity : box.height / 2 / Math.abs(dy)
	);
	return { x: cx + dx * Math.min(scale, 1), y: cy + dy * Math.min(scale, 1) };
}

/** Start and end of an arrow between two items, on their edges, as [x1, y1, x2, y2]. */
export function arrowPoints(from: ItemView, to: ItemView): number[] {
	const fromCentre = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
	const toCentre = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
	const start = edgePoint(from, toCentre);
	const end = edgePoint(to, fromCentre);
	return [start.x, start.y, end.x, end.y];
}

/** Arrows take their geometry from their ends, so they also need the end items' views. */
export const arrowShape = {
	create(ctx: ShapeContext, view: ArrowView, ends: [ItemView, ItemView] | null): Konva.Arrow {
		const arrow = new ctx.Konva.Arrow({
			id: view.id,
			name: 'item',
			points: [0, 0, 0, 0],
			stroke: ARROW_COLOUR,
			fill: ARROW_COLOUR,
			strokeWidth: 3,
			pointerLength: 14,
			pointerWidth: 14,
			hitStrokeWidth: 16,
			perfectDrawEnabled: false,
			shadowForStrokeEnabled: false
		});
		arrowShape.update(ctx, arrow, view, ends, false);
		return arrow;
	},

	update(
		_ctx: ShapeContext,
		arrow: Konva.Arrow,
		_view: ArrowView,
		ends: [ItemView, ItemView] | null,
		selected: boolean
	): void {
		arrow.visible(ends !== null);
		if (ends) arrow.points(arrowPoints(ends[0], ends[1]));
		arrow.stroke(selected ? SELECT_COLOUR : ARROW_COLOUR);
		arrow.fill(selected ? SELECT_COLOUR : ARROW_COLOUR);
		arrow.strokeWidth(selected ? 5 : 3);
	}
};
