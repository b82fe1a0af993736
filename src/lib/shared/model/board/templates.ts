import type * as Y from 'yjs';
import { ACTOR_TYPES } from '../actor.ts';
import type { ItemId } from '../ids.ts';
import { BOARD_TEMPLATE_IDS, type BoardTemplateId } from '../board-templates.ts';
import { TX_ORIGIN, type TxOrigin } from '../../protocol/sync.ts';
import { buildItem } from './ops.ts';
import { readBoard } from './read.ts';
import { itemsOf, metaOf, type LabelKey, type NoteColour } from './schema.ts';

/** One pre-laid area of a board template, in board units. */
export interface TemplateArea {
	/** Stable within the template; part of the item id. */
	slot: string;
	labelKey: LabelKey;
	x: number;
	y: number;
	width: number;
	height: number;
	colour: NoteColour;
}

const LEAF = 560;
const GAP = 40;
/** Space between the areas of one phase and the next on a board. */
const TEMPLATE_SPACING = 160;
const CENTRE = 360;

/** The areas each board template starts with. Frames are drawn in this order. */
export const BOARD_TEMPLATE_LAYOUTS: Record<BoardTemplateId, readonly TemplateArea[]> = {
	blank: [],
	'metaphor-picks': [
		{
			slot: 'metaphors',
			labelKey: 'metaphors',
			x: 0,
			y: 0,
			width: 1200,
			height: 760,
			colour: 'purple'
		}
	],
	'meaningful-and-needs': [
		{
			slot: 'meaningful',
			labelKey: 'meaningful',
			x: 0,
			y: 0,
			width: 640,
			height: 900,
			colour: 'green'
		},
		{
			slot: 'needs',
			labelKey: 'needs_development',
			x: 640 + GAP,
			y: 0,
			width: 640,
			height: 900,
			colour: 'orange'
		}
	],
	'problem-candidates': [
		{
			slot: 'candidates',
			labelKey: 'problem_candidates',
			x: 0,
			y: 0,
			width: 900,
			height: 700,
			colour: 'blue'
		},
		{
			slot: 'chosen',
			labelKey: 'chosen_task',
			x: 900 + GAP,
			y: 0,
			width: 420,
			height: 700,
			colour: 'yellow'
		}
	],
	// The four-leaf clover: a knot of four actors around the shared object in the centre.
	neliapila: [
		{
			slot: 'client',
			labelKey: 'leaf_client',
			x: 0,
			y: 0,
			width: LEAF,
			height: LEAF,
			colour: 'green'
		},
		{
			slot: 'employment-office',
			labelKey: 'leaf_employment_office',
			x: LEAF + GAP,
			y: 0,
			width: LEAF,
			height: LEAF,
			colour: 'blue'
		},
		{
			slot: 'social-services',
			labelKey: 'leaf_social_services',
			x: 0,
			y: LEAF + GAP,
			width: LEAF,
			height: LEAF,
			colour: 'pink'
		},
		{
			slot: 'education',
			labelKey: 'leaf_education',
			x: LEAF + GAP,
			y: LEAF + GAP,
			width: LEAF,
			height: LEAF,
			colour: 'orange'
		},
		// The knot's rules: who can call it and how it is untied.
		{
			slot: 'knot-rules',
			labelKey: 'knot_rules',
			x: 0,
			y: 2 * (LEAF + GAP),
			width: 2 * LEAF + GAP,
			height: 320,
			colour: 'purple'
		},
		{
			slot: 'shared-object',
			labelKey: 'shared_object',
			x: LEAF + GAP / 2 - CENTRE / 2,
			y: LEAF + GAP / 2 - CENTRE / 2,
			width: CENTRE,
			height: CENTRE,
			colour: 'yellow'
		}
	],
	commitments: [
		{
			slot: 'commitments',
			labelKey: 'commitments',
			x: 0,
			y: 0,
			width: 1200,
			height: 800,
			colour: 'green'
		}
	],
	plenary: [
		{
			slot: 'outputs',
			labelKey: 'table_outputs',
			x: 0,
			y: 0,
			width: 1600,
			height: 900,
			colour: 'grey'
		}
	]
};

/** Deterministic, so two browsers seeding the same board write the same keys. */
export function templateItemId(templateId: BoardTemplateId, slot: string): ItemId {
	return `tpl-${templateId}-${slot}` as ItemId;
}

/**
 * The frame ids of a template's areas, in the order new items fill them (the order the template
 * lists them). A phase's reveal places the private notes in these (reveal.ts). None for the
 * Neliapila: its leaves belong to actor types (sync S9 leaf rights), so nobody's note may be put in
 * a leaf for them.
 */
export function phaseAreaIds(templateId: BoardTemplateId): ItemId[] {
	if (templateId === 'neliapila') return [];
	return BOARD_TEMPLATE_LAYOUTS[templateId].map((area) => templateItemId(templateId, area.slot));
}

export function isBoardTemplateId(value: unknown): value is BoardTemplateId {
	return BOARD_TEMPLATE_IDS.includes(value as BoardTemplateId);
}

/**
 * Lays out a template's areas as frames, once per board. Idempotent: a second call (or a call
 * after people deleted an area) changes nothing. Two browsers applying it at the same moment
 * write the same ids and contents, so the merge holds one copy of each area whichever wins.
 * Returns true when this call seeded the board.
 */
export function applyBoardTemplate(
	doc: Y.Doc,
	templateId: BoardTemplateId,
	options: { origin?: TxOrigin; now?: number } = {}
): boolean {
	const meta = metaOf(doc);
	const flag = `template:${templateId}`;
	if (meta.get(flag) === true) return false;
	const items = itemsOf(doc);
	const now = options.now ?? Date.now();
	// A board gathers the day's phases like a paper wall: a new template goes right of what is there.
	const offsetX = items.size === 0 ? 0 : rightEdge(doc) + TEMPLATE_SPACING;
	doc.transact(() => {
		BOARD_TEMPLATE_LAYOUTS[templateId].forEach((area, index) => {
			const id = templateItemId(templateId, area.slot);
			if (items.has(id)) return;
			const item = buildItem({
				type: 'frame',
				// A template is nobody's contribution; "other" with no author key says so.
				actorType: ACTOR_TYPES.other,
				x: area.x + offsetX,
				y: area.y,
				width: area.width,
				height: area.height,
				colour: area.colour,
				labelKey: area.labelKey,
				// Later areas draw on top (the clover's centre over its leaves).
				now: now + index
			});
			items.set(id, item);
		});
		meta.set(flag, true);
	}, options.origin ?? TX_ORIGIN.template);
	return true;
}

/** The right edge of everything on the board (0 when nothing valid is there). */
function rightEdge(doc: Y.Doc): number {
	let edge = 0;
	for (const item of readBoard(doc).items) {
		if (item.type !== 'arrow') edge = Math.max(edge, item.x + item.width);
	}
	return edge;
}
