import * as Y from 'yjs';
import type { ActorType } from '../actor.ts';
import type { ItemId } from '../ids.ts';
import {
	FIFTH_LEAF_SLOT,
	KNOT_LEAF_SLOTS,
	KNOT_RULES_SLOT,
	LEAF_PROMPTS,
	RULE_PROMPTS,
	SHARED_OBJECT_SLOT,
	type KnotPrompt,
	type KnotSettings
} from '../knot.ts';
import type { LeafCheck } from '../rights.ts';
import { TX_ORIGIN, type TxOrigin } from '../../protocol/sync.ts';
import { buildItem, createItem } from './ops.ts';
import { readItem, type FrameView, type ItemView, type NoteView } from './read.ts';
import { MAX_LABEL_CHARS, isCoordinate, isSize, itemsOf } from './schema.ts';
import { templateItemId } from './templates.ts';

/**
 * The Neliapila knot on a table's board. The knot is what the template laid out: the four leaf
 * frames, the shared object over their meeting corners and the rules frame below, found by their
 * deterministic ids, plus a fifth leaf a table may add. A note belongs to the frame under its
 * centre; the shared object lies over the leaves, so it wins where they overlap. The canvas,
 * outline and exports see ordinary notes and frames.
 */

export const knotFrameId = (slot: string): ItemId => templateItemId('neliapila', slot);
export const FIFTH_LEAF_ID = knotFrameId(FIFTH_LEAF_SLOT);
/** Index of the fifth leaf among the leaves (0–3 are the configured four). */
export const FIFTH_LEAF_INDEX = KNOT_LEAF_SLOTS.length;

const LEAF_IDS: readonly ItemId[] = [...KNOT_LEAF_SLOTS, FIFTH_LEAF_SLOT].map(knotFrameId);
const SHARED_ID = knotFrameId(SHARED_OBJECT_SLOT);
const RULES_ID = knotFrameId(KNOT_RULES_SLOT);

export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Where the knot's frames lie; a frame somebody deleted (or never laid out) is null. */
export interface KnotGeometry {
	/** Five entries: the four configured leaves, then the fifth. */
	leaves: (Rect | null)[];
	shared: Rect | null;
	rules: Rect | null;
}

/** The knot's frames on one board, as the views show them. */
export interface KnotFrames extends KnotGeometry {
	leaves: (FrameView | null)[];
	shared: FrameView | null;
	rules: FrameView | null;
}

export type KnotPlace =
	{ kind: 'leaf'; index: number } | { kind: 'shared' } | { kind: 'rules' } | null;

function asFrame(item: ItemView | null | undefined): FrameView | null {
	return item?.type === 'frame' ? item : null;
}

export function knotFrames(byId: ReadonlyMap<ItemId, ItemView>): KnotFrames {
	return {
		leaves: LEAF_IDS.map((id) => asFrame(byId.get(id))),
		shared: asFrame(byId.get(SHARED_ID)),
		rules: asFrame(byId.get(RULES_ID))
	};
}

/** The same, straight from a document (the sync server reads a handful of items, not the board). */
export function knotFramesOf(doc: Y.Doc): KnotFrames {
	return {
		leaves: LEAF_IDS.map((id) => asFrame(readItem(doc, id))),
		shared: asFrame(readItem(doc, SHARED_ID)),
		rules: asFrame(readItem(doc, RULES_ID))
	};
}

/**
 * Only the frames' geometry, read from their maps without building views: the sync server does
 * this for every update while leaf rights are on, so it stays a few map lookups.
 */
export function knotGeometryOf(doc: Y.Doc): KnotGeometry {
	const items = itemsOf(doc);
	const rectOf = (id: ItemId): Rect | null => {
		const item = items.get(id);
		if (!(item instanceof Y.Map) || item.get('type') !== 'frame') return null;
		const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((key) => item.get(key));
		return isCoordinate(x) && isCoordinate(y) && isSize(width) && isSize(height)
			? { x, y, width, height }
			: null;
	};
	return { leaves: LEAF_IDS.map(rectOf), shared: rectOf(SHARED_ID), rules: rectOf(RULES_ID) };
}

export function centreOf(rect: Rect): { x: number; y: number } {
	return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

function inside(rect: Rect | null, point: { x: number; y: number }): boolean {
	return (
		rect !== null &&
		point.x >= rect.x &&
		point.x <= rect.x + rect.width &&
		point.y >= rect.y &&
		point.y <= rect.y + rect.height
	);
}

/** Where a point lies in the knot: the shared object first, since it is drawn over the leaves. */
export function knotPlaceAt(frames: KnotGeometry, point: { x: number; y: number }): KnotPlace {
	if (inside(frames.shared, point)) return { kind: 'shared' };
	const index = frames.leaves.findIndex((leaf) => inside(leaf, point));
	if (index >= 0) return { kind: 'leaf', index };
	if (inside(frames.rules, point)) return { kind: 'rules' };
	return null;
}

/** The index of the leaf whose frame has this id (-1 for any other item). */
export function leafIndexOfFrame(id: string): number {
	return LEAF_IDS.indexOf(id as ItemId);
}

/**
 * The actor type a leaf belongs to under leaf rights: the configured one for the four, none for
 * the fifth (the table added it; everyone at the table may write there).
 */
export function leafActorOf(knot: KnotSettings, index: number): ActorType | null {
	return knot.leaves[index]?.actorType ?? null;
}

type LeafPrompt = (typeof LEAF_PROMPTS)[number];
type RulePrompt = (typeof RULE_PROMPTS)[number];

export interface LeafBalance {
	index: number;
	frame: FrameView;
	/** Notes with text in the leaf, oldest first. */
	notes: NoteView[];
	byPrompt: Record<LeafPrompt, NoteView[]>;
	/** Notes put in the leaf without a prompt (from the canvas or outline). */
	untagged: NoteView[];
	/** Prompts no note answers yet. */
	missing: LeafPrompt[];
}

export interface KnotBalance {
	/** False while the board has none of the knot's frames. */
	laidOut: boolean;
	/** The leaves on the board, in order (the fifth last when a table added it). */
	leaves: LeafBalance[];
	shared: NoteView[];
	rules: Record<RulePrompt, NoteView[]> & { untagged: NoteView[] };
	/** Indexes of leaves with no note at all. */
	emptyLeaves: number[];
}

/** What each part of the knot holds; the balance indicator shows what is still empty. */
export function knotBalance(board: {
	items: readonly ItemView[];
	byId: ReadonlyMap<ItemId, ItemView>;
}): KnotBalance {
	const frames = knotFrames(board.byId);
	const leaves: LeafBalance[] = [];
	frames.leaves.forEach((frame, index) => {
		if (!frame) return;
		leaves.push({
			index,
			frame,
			notes: [],
			byPrompt: { brings: [], needs: [], convenes: [] },
			untagged: [],
			missing: []
		});
	});
	const shared: NoteView[] = [];
	const rules: KnotBalance['rules'] = { calls: [], unties: [], untagged: [] };
	for (const item of board.items) {
		if (item.type !== 'note' || item.text.trim() === '') continue;
		const place = knotPlaceAt(frames, centreOf(item));
		if (place?.kind === 'shared') shared.push(item);
		else if (place?.kind === 'rules') {
			const prompt = item.prompt as RulePrompt;
			(RULE_PROMPTS.includes(prompt) ? rules[prompt] : rules.untagged).push(item);
		} else if (place?.kind === 'leaf') {
			const leaf = leaves.find((entry) => entry.index === place.index)!;
			leaf.notes.push(item);
			const prompt = item.prompt as LeafPrompt;
			(LEAF_PROMPTS.includes(prompt) ? leaf.byPrompt[prompt] : leaf.untagged).push(item);
		}
	}
	for (const leaf of leaves) {
		leaf.missing = LEAF_PROMPTS.filter((prompt) => leaf.byPrompt[prompt].length === 0);
	}
	return {
		laidOut: leaves.length > 0 || frames.shared !== null,
		leaves,
		shared,
		rules,
		emptyLeaves: leaves.filter((leaf) => leaf.notes.length === 0).map((leaf) => leaf.index)
	};
}

/** A knot note's size: three fit side by side in a leaf. */
export const KNOT_NOTE_SIZE = { width: 150, height: 100 } as const;
const GAP = 12;
/** Room for the frame's label above the notes. */
const LABEL_SPACE = 56;
const MAX_ROWS = 40;

export interface KnotNoteOptions {
	place: Exclude<KnotPlace, null>;
	prompt: KnotPrompt | null;
	text: string;
	authorKey: string;
	actorType: ActorType;
	origin?: TxOrigin;
	now?: number;
}

/**
 * Writes an answer as a note in its part of the knot: each prompt has its own column, and the
 * note goes in the first free cell whose centre lies in that part (not under the shared object).
 * Returns null when the board has no such frame.
 */
export function placeKnotNote(doc: Y.Doc, options: KnotNoteOptions): ItemId | null {
	const items = [...itemsOf(doc).keys()]
		.map((id) => readItem(doc, id))
		.filter((item): item is ItemView => item !== null);
	const byId = new Map(items.map((item) => [item.id, item]));
	const frames = knotFrames(byId);
	const { place } = options;
	const frame =
		place.kind === 'leaf'
			? frames.leaves[place.index]
			: place.kind === 'shared'
				? frames.shared
				: frames.rules;
	if (!frame) return null;
	const prompts: readonly (KnotPrompt | null)[] =
		place.kind === 'leaf' ? LEAF_PROMPTS : place.kind === 'rules' ? RULE_PROMPTS : [null];
	const column = Math.max(0, prompts.indexOf(options.prompt));
	const slot = freeCell({ frame, frames, place, column, columns: prompts.length, items });
	return createItem(doc, {
		type: 'note',
		text: options.text,
		prompt: options.prompt ?? undefined,
		authorKey: options.authorKey,
		actorType: options.actorType,
		...slot,
		...KNOT_NOTE_SIZE,
		colour: 'yellow',
		origin: options.origin ?? TX_ORIGIN.local,
		now: options.now
	});
}

function samePlace(a: KnotPlace, b: KnotPlace): boolean {
	if (a === null || b === null) return false;
	if (a.kind === 'leaf' && b.kind === 'leaf') return a.index === b.index;
	return a.kind === b.kind;
}

function freeCell(options: {
	frame: FrameView;
	frames: KnotFrames;
	place: Exclude<KnotPlace, null>;
	column: number;
	columns: number;
	items: readonly ItemView[];
}): { x: number; y: number } {
	const { frame, column, columns } = options;
	const stepX = KNOT_NOTE_SIZE.width + GAP;
	const stepY = KNOT_NOTE_SIZE.height + GAP;
	const columnWidth = (frame.width - GAP) / columns;
	const across = Math.max(1, Math.floor(columnWidth / stepX));
	const left = frame.x + GAP + column * columnWidth;
	const top = frame.y + LABEL_SPACE;
	const notes = options.items.filter((item) => item.type === 'note' || item.type === 'card');
	let fallback: { x: number; y: number } | null = null;
	for (let index = 0; index < across * MAX_ROWS; index++) {
		const cell = {
			x: left + (index % across) * stepX,
			y: top + Math.floor(index / across) * stepY
		};
		const centre = centreOf({ ...cell, ...KNOT_NOTE_SIZE });
		if (centre.y > frame.y + frame.height) break;
		if (!samePlace(knotPlaceAt(options.frames, centre), options.place)) continue;
		fallback ??= cell;
		const taken = notes.some(
			(item) =>
				item.x < cell.x + KNOT_NOTE_SIZE.width &&
				cell.x < item.x + item.width &&
				item.y < cell.y + KNOT_NOTE_SIZE.height &&
				cell.y < item.y + item.height
		);
		if (!taken) return cell;
	}
	// A full part: stack on its first cell, a little lower each time, still inside the part.
	const base = fallback ?? { x: frame.x + GAP, y: top };
	const count = notes.filter((item) =>
		samePlace(knotPlaceAt(options.frames, centreOf(item)), options.place)
	).length;
	return { x: base.x, y: base.y + (count % 8) * 6 };
}

/** Where the fifth leaf goes: right of the top-right leaf, level with the clover's middle. */
function fifthLeafRect(frames: KnotFrames): Rect | null {
	const [first, second] = frames.leaves;
	const anchor = second ?? first;
	if (!anchor) return null;
	return {
		x: anchor.x + anchor.width + 40,
		y: anchor.y + Math.round(anchor.height / 2),
		width: anchor.width,
		height: anchor.height
	};
}

/**
 * Adds the table's fifth leaf (allowed only when the phase settings say so; the sync server
 * refuses it otherwise, S9). `name` is the fifth actor as the table calls it. Returns the leaf's
 * id, or null when the board has no knot to add it to; a leaf already there is kept.
 */
export function addFifthLeaf(
	doc: Y.Doc,
	options: { name: string; authorKey: string; actorType: ActorType; origin?: TxOrigin }
): ItemId | null {
	const items = itemsOf(doc);
	if (items.has(FIFTH_LEAF_ID)) return FIFTH_LEAF_ID;
	const rect = fifthLeafRect(knotFramesOf(doc));
	if (!rect) return null;
	const frame = buildItem({
		type: 'frame',
		text: options.name.trim().slice(0, MAX_LABEL_CHARS),
		labelKey: 'leaf_fifth',
		colour: 'grey',
		authorKey: options.authorKey,
		actorType: options.actorType,
		...rect
	});
	doc.transact(() => items.set(FIFTH_LEAF_ID, frame), options.origin ?? TX_ORIGIN.local);
	return FIFTH_LEAF_ID;
}

/**
 * Writes the configured actors onto the four leaf frames (their type, and their names for every
 * language), so each board shows the workshop's knot. Changes only what differs; true when it
 * changed something. The server runs it when the phase begins and when the plan changes.
 */
export function applyKnotLeaves(
	doc: Y.Doc,
	knot: KnotSettings,
	origin: TxOrigin = TX_ORIGIN.template
): boolean {
	const items = itemsOf(doc);
	let changed = false;
	doc.transact(() => {
		knot.leaves.forEach((leaf, index) => {
			const frame = items.get(LEAF_IDS[index]);
			if (!(frame instanceof Y.Map)) return;
			if (frame.get('leafActor') !== leaf.actorType) {
				frame.set('leafActor', leaf.actorType);
				changed = true;
			}
			const labels = {
				fi: leaf.name.fi.trim().slice(0, MAX_LABEL_CHARS),
				sv: leaf.name.sv.trim().slice(0, MAX_LABEL_CHARS),
				en: leaf.name.en.trim().slice(0, MAX_LABEL_CHARS)
			};
			if (JSON.stringify(frame.get('labels') ?? null) !== JSON.stringify(labels)) {
				frame.set('labels', labels);
				changed = true;
			}
		});
	}, origin);
	return changed;
}

/**
 * The leaves an item on the board touches now, for leaf rights in the browser: the same rule the
 * sync server applies (SPEC S9), so the board does not offer an edit the server would refuse.
 */
export function leafCheckOf(
	frames: KnotFrames,
	knot: KnotSettings,
	me: ActorType,
	item: ItemView | undefined
): LeafCheck | undefined {
	if (!item || !knot.leafRights) return undefined;
	const leaves: ActorType[] = [];
	const index = leafIndexOfFrame(item.id);
	const place = knotPlaceAt(frames, centreOf(item));
	for (const at of [index, place?.kind === 'leaf' ? place.index : -1]) {
		const actor = at >= 0 ? leafActorOf(knot, at) : null;
		if (actor) leaves.push(actor);
	}
	return { me, leaves };
}
