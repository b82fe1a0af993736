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
const CAPTION_PX = 56;
const GAP_PX = 4;
/** One line of the card's name above a caption. */
const NAME_PX = 22;
/** The deck's pictures are 3:4 (static/cards, viewBox 0 0 240 320). */
const DEFAULT_ASPECT = 3 / 4;

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
			new K.Text({
				name: 'caption',
				x: INSET_PX,
				fontFamily: FONT_FAMILY,
				fontSize: 14,
				align: 'center',
				verticalAlign: 'top',
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
		const picture = image ? fitPicture(image, view) : null;
		group.findOne<Konva.Image>('.picture')!.setAttrs({
			image: image ?? undefined,
			visible: picture !== null,
			x: picture?.x ?? INSET_PX,
			y: INSET_PX,
			width: picture?.width ?? 0,
			height: picture?.height ?? 0
		});
		const caption = view.text.trim();
		const textTop = picture ? INSET_PX + picture.height + GAP_PX : INSET_PX;
		const textVisible = ctx.showText && ctx.editingId !== view.id;
		// With a picture: the card's name, then the caption (a warm-up pick's why) under it.
		// Without one the name (or the caption) fills the card, so it still says what it is.
		const nameHeight = picture && caption ? NAME_PX : view.height - textTop - INSET_PX;
		group.findOne<Konva.Text>('.text')!.setAttrs({
			text: picture ? cardLabel(view.cardId) : caption || cardLabel(view.cardId),
			width: innerWidth,
			y: textTop,
			height: Math.max(0, nameHeight),
			fontSize: picture ? 16 : 22,
			visible: textVisible
		});
		const captionTop = textTop + NAME_PX;
		group.findOne<Konva.Text>('.caption')!.setAttrs({
			text: caption,
			width: innerWidth,
			y: captionTop,
			height: Math.max(0, view.height - captionTop - INSET_PX),
			visible: textVisible && picture !== null && caption !== ''
		});
		updateVoteBadge(ctx, group.findOne<Konva.Group>('.badge')!, view);
	}
};

/** The picture keeps its shape: as wide as the card allows, leaving room for a caption. */
function fitPicture(
	image: HTMLImageElement,
	view: Pick<CardView, 'width' | 'height'>
): { x: number; width: number; height: number } {
	const aspect =
		image.naturalWidth > 0 && image.naturalHeight > 0
			? image.naturalWidth / image.naturalHeight
			: DEFAULT_ASPECT;
	const innerWidth = view.width - INSET_PX * 2;
	const height = Math.max(
		0,
		Math.min(innerWidth / aspect, view.height - INSET_PX * 2 - CAPTION_PX - GAP_PX)
	);
	const width = height * aspect;
	return { x: (view.width - width) / 2, width, height };
}
