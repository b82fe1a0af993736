import type Konva from 'konva';
import { COLOUR_FILL, type NoteView } from '#shared/model/board.ts';
import { actorTypeLabel } from '../labels.ts';
import {
	BORDER_COLOUR,
	FONT_FAMILY,
	NOTE_FONT_PX,
	NOTE_PADDING_PX,
	TEXT_COLOUR,
	updateVoteBadge,
	voteBadge,
	type ShapeKind
} from './common.ts';

/** A sticky note: coloured box, wrapped text, the writer's actor type in small print. */
export const noteShape: ShapeKind<NoteView, Konva.Group> = {
	create(ctx, view) {
		const { Konva: K } = ctx;
		const group = new K.Group({ id: view.id, name: 'item' });
		group.add(
			new K.Rect({
				name: 'body',
				stroke: BORDER_COLOUR,
				strokeWidth: 1,
				cornerRadius: 4,
				perfectDrawEnabled: false,
				shadowForStrokeEnabled: false
			}),
			new K.Text({
				name: 'text',
				x: NOTE_PADDING_PX,
				y: NOTE_PADDING_PX,
				fontFamily: FONT_FAMILY,
				fontSize: NOTE_FONT_PX,
				lineHeight: 1.3,
				fill: TEXT_COLOUR,
				wrap: 'word',
				ellipsis: true,
				listening: false,
				perfectDrawEnabled: false
			}),
			new K.Text({
				name: 'meta',
				x: NOTE_PADDING_PX,
				fontFamily: FONT_FAMILY,
				fontSize: 11,
				fill: '#474747',
				listening: false,
				perfectDrawEnabled: false
			}),
			voteBadge(ctx)
		);
		noteShape.update(ctx, group, view);
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
			text: view.text,
			width: view.width - NOTE_PADDING_PX * 2,
			height: view.height - NOTE_PADDING_PX * 2 - 14,
			visible: ctx.showText && ctx.editingId !== view.id
		});
		group.findOne<Konva.Text>('.meta')!.setAttrs({
			text: actorTypeLabel(view.actorType),
			y: view.height - 18,
			width: view.width - NOTE_PADDING_PX * 2,
			visible: ctx.showText
		});
		updateVoteBadge(ctx, group.findOne<Konva.Group>('.badge')!, view);
	}
};
