import type Konva from 'konva';
import type { CardView } from '#shared/model/board.ts';
import { cardLabel } from '../labels.ts';
import {
	BORDER_COLOUR,
	FONT_FAMILY,
	TEXT_COLOUR,
	updateVoteBadge,
	voteBadge,
	type ShapeKind
} from './common.ts';

const INSET_PX = 8;
const CAPTION_PX = 40;

/** A metaphor card: its picture when there is one, its name underneath (or large without one). */
export const cardShape: ShapeKind<CardView, Konva.Group> = {
	create(ctx, view) {
		const { Konva: K } = ctx;
		const group = new K.Group({ id: view.id, name: 'item' });
		group.add(
			new K.Rect({
				name: 'body',
				fill: '#ffffff',
				stroke: BORDER_COLOUR,
				strokeWidth: 2,
				cornerRadius: 8,
				perfectDrawEnabled: false,
				shadowForStrokeEnabled: false
			}),
			new K.Image({
				name: 'picture',
				image: undefined,
				x: INSET_PX,
				y: INSET_PX,
				listening: false
			}),
			new K.Text({
				name: 'text',
				x: INSET_PX,
				fontFamily: FONT_FAMILY,
				fontSize: 16,
				fontStyle: 'bold',
				align: 'center',
				verticalAlign: 'middle',
				fill: TEXT_COLOUR,
				wrap: 'word',
				ellipsis: true,
				listening: false,
				perfectDrawEnabled: false
			}),
			voteBadge(ctx)
		);
		cardShape.update(ctx, group, view);
		return group;
	},

	update(ctx, group, view) {
		group.position({ x: view.x, y: view.y });
		group.findOne<Konva.Rect>('.body')!.setAttrs({ width: view.width, height: view.height });
		const image = ctx.cardImage(view.cardId);
		const innerWidth = view.width - INSET_PX * 2;
		group.findOne<Konva.Image>('.picture')!.setAttrs({
			image: image ?? undefined,
			visible: image !== null,
			width: innerWidth,
			height: Math.max(0, view.height - INSET_PX * 2 - CAPTION_PX)
		});
		const title = view.text.trim() || cardLabel(view.cardId);
		group.findOne<Konva.Text>('.text')!.setAttrs({
			text: title,
			width: innerWidth,
			// Without a picture the name fills the card, so the card still says what it is.
			y: image ? view.height - CAPTION_PX : INSET_PX,
			height: image ? CAPTION_PX - INSET_PX : view.height - INSET_PX * 2,
			fontSize: image ? 16 : 22,
			visible: ctx.showText && ctx.editingId !== view.id
		});
		updateVoteBadge(ctx, group.findOne<Konva.Group>('.badge')!, view);
	}
};
