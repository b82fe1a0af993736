import type Konva from 'konva';
import { COLOUR_FILL, type NoteView } from '#shared/model/board.ts';
import { noteMeta } from '../labels.ts';
import {
	BORDER_COLOUR,
	FONT_FAMILY,
	NOTE_FONT_PX,
	NOTE_PADDING_PX,
	TEXT_COLOUR,
	updateVoteBadge,
	voteBadge,
	type ShapeContext,
	type ShapeKind
} from './common.ts';
import { wrapText } from './text-layout.ts';

const LINE_HEIGHT = 1.3;
const TEXT_FONT = `${NOTE_FONT_PX}px ${FONT_FAMILY}`;
const META_FONT_PX = 11;
const META_FONT = `${META_FONT_PX}px ${FONT_FAMILY}`;
const META_COLOUR = '#474747';
/** The actor-type line's top, measured up from the note's bottom edge. */
const META_FROM_BOTTOM_PX = 18;
/** Room the actor-type line takes from the text. */
const META_STRIP_PX = 14;
const CORNER_RADIUS_PX = 4;

/** What a note's text wraps to, kept until its text, size or label changes. */
interface NoteLayout {
	key: string;
	lines: string[];
	meta: string;
}

const layouts = new WeakMap<Konva.Shape, NoteLayout>();

/**
 * A sticky note: coloured box, wrapped text, the writer's actor type in small print. One Konva
 * shape draws all three (plus a vote badge when voting is on or the note has dots): a thousand
 * notes are then a thousand nodes, not six thousand, and text is laid out only when a note is
 * drawn, i.e. on screen and zoomed in far enough to read (Konva.Text measures on every change).
 */
export const noteShape: ShapeKind<NoteView, Konva.Group> = {
	create(ctx, view) {
		const { Konva: K } = ctx;
		// Built with its attributes at once: a thousand notes load with the board, and setting
		// them afterwards fires a change per attribute.
		const group = new K.Group({ id: view.id, name: 'item', x: view.x, y: view.y });
		group.add(
			new K.Shape({
				name: 'body',
				stroke: BORDER_COLOUR,
				strokeWidth: 1,
				perfectDrawEnabled: false,
				shadowForStrokeEnabled: false,
				sceneFunc: (context, shape) => drawNote(ctx, context, shape),
				hitFunc: (context, shape) => {
					context.beginPath();
					context.rect(0, 0, shape.width(), shape.height());
					context.closePath();
					context.fillStrokeShape(shape);
				},
				...bodyAttrs(ctx, view)
			})
		);
		if (ctx.voting || view.votes > 0) {
			const badge = voteBadge(ctx);
			group.add(badge);
			updateVoteBadge(ctx, badge, view);
		}
		return group;
	},

	update(ctx, group, view) {
		group.position({ x: view.x, y: view.y });
		(group.children[0] as Konva.Shape).setAttrs(bodyAttrs(ctx, view));
		let badge = group.findOne<Konva.Group>('.badge');
		// Most notes never get a dot: their badge is made when voting starts or a dot arrives.
		if (!badge && (ctx.voting || view.votes > 0)) {
			badge = voteBadge(ctx);
			group.add(badge);
		}
		if (badge) updateVoteBadge(ctx, badge, view);
	}
};

/** The body shape's attributes for `view`: size, colour, and the words its draw lays out. */
function bodyAttrs(ctx: ShapeContext, view: NoteView) {
	return {
		width: view.width,
		height: view.height,
		fill: COLOUR_FILL[view.colour],
		noteText: view.text,
		noteMeta: noteMeta(view),
		textVisible: ctx.showText && ctx.editingId !== view.id,
		metaVisible: ctx.showText
	};
}

function drawNote(ctx: ShapeContext, context: Konva.Context, shape: Konva.Shape): void {
	const width = shape.width();
	const height = shape.height();
	context.beginPath();
	// Zoomed out too far for words, the rounded corners are under a pixel: a plain box looks the
	// same and draws faster, which counts when the whole board is on screen.
	if (shape.getAttr('metaVisible') === true) {
		ctx.Konva.Util.drawRoundedRectPath(context, width, height, CORNER_RADIUS_PX);
	} else {
		context.rect(0, 0, width, height);
	}
	context.closePath();
	context.fillStrokeShape(shape);
	const textVisible = shape.getAttr('textVisible') === true;
	if (!textVisible && shape.getAttr('metaVisible') !== true) return;
	const layout = layoutOf(ctx, shape);
	context.setAttr('textBaseline', 'middle');
	context.setAttr('textAlign', 'left');
	if (textVisible) {
		const lineHeight = NOTE_FONT_PX * LINE_HEIGHT;
		context.setAttr('font', TEXT_FONT);
		context.setAttr('fillStyle', TEXT_COLOUR);
		layout.lines.forEach((line, index) => {
			context.fillText(line, NOTE_PADDING_PX, NOTE_PADDING_PX + (index + 0.5) * lineHeight);
		});
	}
	if (shape.getAttr('metaVisible') === true) {
		context.setAttr('font', META_FONT);
		context.setAttr('fillStyle', META_COLOUR);
		context.fillText(layout.meta, NOTE_PADDING_PX, height - META_FROM_BOTTOM_PX + META_FONT_PX / 2);
	}
}

function layoutOf(ctx: ShapeContext, shape: Konva.Shape): NoteLayout {
	const text = String(shape.getAttr('noteText') ?? '');
	const meta = String(shape.getAttr('noteMeta') ?? '');
	const width = shape.width();
	const height = shape.height();
	const key = `${width}x${height}\u0000${meta}\u0000${text}`;
	const cached = layouts.get(shape);
	if (cached?.key === key) return cached;
	const maxWidth = width - NOTE_PADDING_PX * 2;
	const textHeight = height - NOTE_PADDING_PX * 2 - META_STRIP_PX;
	const layout: NoteLayout = {
		key,
		lines: wrapText({
			text,
			maxWidth,
			maxLines: Math.floor(textHeight / (NOTE_FONT_PX * LINE_HEIGHT)),
			measure: (piece) => ctx.textWidth(TEXT_FONT, piece)
		}),
		meta:
			wrapText({
				text: meta,
				maxWidth,
				maxLines: 1,
				measure: (piece) => ctx.textWidth(META_FONT, piece)
			})[0] ?? ''
	};
	layouts.set(shape, layout);
	return layout;
}
