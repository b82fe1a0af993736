import type Konva from 'konva';
import { COLOUR_FILL, type FrameView } from '#shared/model/board.ts';
import { frameLabel } from '../labels.ts';
import {
	BORDER_COLOUR,
	FONT_FAMILY,
	FRAME_FONT_PX,
	TEXT_COLOUR,
	updateVoteBadge,
	voteBadge,
	type ShapeKind
} from './common.ts';

/** An area of the board: a tinted box with its label along the top edge. */
export const frameShape: ShapeKind<FrameView, Konva.Group> = {
	create(ctx, view) {
		const { Konva: K } = ctx;
		const group = new K.Group({ id: view.id, name: 'item' });
		group.add(
			new K.Rect({
				name: 'body',
				stroke: BORDER_COLOUR,
				strokeWidth: 2,
				dash: [10, 6],
				cornerRadius: 8,
				opacity: 0.7,
				perfectDrawEnabled: false,
				shadowForStrokeEnabled: false
			}),
			new K.Text({
				name: 'text',
				x: 16,
				y: 14,
				fontFamily: FONT_FAMILY,
				fontSize: FRAME_FONT_PX,
				fontStyle: 'bold',
				fill: TEXT_COLOUR,
				wrap: 'none',
				ellipsis: true,
				listening: false,
				perfectDrawEnabled: false
			}),
			voteBadge(ctx)
		);
		frameShape.update(ctx, group, view);
		return group;
	},

	update(ctx, group, view) {
		group.position({ x: view.x, y: view.y });
		group.findOne<Konva.Rect>('.body')!.setAttrs({
			width: view.width,
			height: view.height,
			fill: COLOUR_FILL[view.colour]
		});
		group.findOne<Konva.Text>('.text')!.setAttrs({
			text: frameLabel(view),
			width: Math.max(0, view.width - 64),
			// Labels stay readable further out than note text: they are how people find their way.
			visible: ctx.editingId !== view.id
		});
		updateVoteBadge(ctx, group.findOne<Konva.Group>('.badge')!, view);
	}
};
