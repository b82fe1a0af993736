import * as Y from 'yjs';
import { DOC_ROOT } from '../../protocol/sync.ts';

/**
 * Board content in Yjs; BOARD.md beside this folder is the human-readable version.
 * `doc.getMap(DOC_ROOT.items)` maps an ItemId to a Y.Map with the fields of {@link ItemFields}.
 * Text is a Y.Text so two people typing in one note merge character by character; geometry,
 * colour and timestamps are plain values, so a move and a text edit never conflict.
 */
export const ITEM_TYPES = { note: 'note', card: 'card', frame: 'frame', arrow: 'arrow' } as const;
export type ItemType = (typeof ITEM_TYPES)[keyof typeof ITEM_TYPES];
export const ITEM_TYPE_LIST: readonly ItemType[] = Object.values(ITEM_TYPES);

/** Longest note text kept, in UTF-16 code units; renderers ignore anything longer. */
export const MAX_NOTE_TEXT_CHARS = 2000;
/** Longest frame label or card caption, in UTF-16 code units. */
export const MAX_LABEL_CHARS = 200;
/** Board coordinates stay within ±this many board units (1 unit = 1 CSS pixel at zoom 1). */
export const MAX_COORDINATE = 100_000;
/** Smallest width or height of an item, in board units. */
export const MIN_ITEM_SIZE = 24;
/** Largest width or height of an item, in board units (a frame may hold a whole column). */
export const MAX_ITEM_SIZE = 8000;
/** Readers stop after this many valid items, so a flooded document cannot hang a browser. */
export const MAX_BOARD_ITEMS = 5000;
/** Longest author, voter or group key kept, in characters. */
export const MAX_KEY_CHARS = 64;
/** Highest table number a harvested item may link back to (the control plane's cap). */
export const MAX_SOURCE_TABLE = 999;
/** Card ids name a picture under static/cards/<cardId>.svg. */
export const CARD_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Default sizes of new items, in board units. */
export const DEFAULT_SIZE = {
	note: { width: 200, height: 160 },
	card: { width: 160, height: 224 },
	frame: { width: 640, height: 480 },
	arrow: { width: 0, height: 0 }
} as const satisfies Record<ItemType, { width: number; height: number }>;

/** The colours offered. Each fill has dark text above 12:1 on it (WCAG AA needs 4.5:1). */
export const NOTE_COLOURS = [
	'yellow',
	'green',
	'blue',
	'pink',
	'orange',
	'purple',
	'grey'
] as const;
export type NoteColour = (typeof NOTE_COLOURS)[number];
/** Same palette for every item type; the name says where it started. */
export type ItemColour = NoteColour;

/** Fills for the palette, shared by the canvas, the outline and the SVG export. */
export const COLOUR_FILL: Record<NoteColour, string> = {
	yellow: '#fff1a8',
	green: '#d3f2cf',
	blue: '#d6e8ff',
	pink: '#ffdbe9',
	orange: '#ffdcb8',
	purple: '#e8dcff',
	grey: '#ececec'
};

/**
 * Keys of built-in frame labels. A template frame stores the key and an empty text, so each
 * person reads the label in their own language until somebody renames the frame.
 */
export const LABEL_KEYS = [
	'meaningful',
	'needs_development',
	'metaphors',
	'problem_candidates',
	'chosen_task',
	'leaf_client',
	'leaf_employment_office',
	'leaf_social_services',
	'leaf_education',
	'leaf_fifth',
	'shared_object',
	'knot_rules',
	'commitments',
	'table_outputs'
] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

/**
 * Fields of an item's Y.Map. Times are epoch milliseconds; geometry is in board units with the
 * origin top-left of the item.
 */
export interface ItemFields {
	type: ItemType;
	/** Note text or frame label or card caption; absent on arrows. */
	text: Y.Text;
	x: number;
	y: number;
	width: number;
	height: number;
	colour: NoteColour;
	/** The actor type of whoever created the item; never a name. */
	actorType: string;
	/**
	 * A random key the creator's browser keeps for this workshop, so "own" rules (undo, delete
	 * rights in a phase) can tell items apart without naming anyone. Optional on old items.
	 */
	authorKey: string;
	createdAt: number;
	updatedAt: number;
	/** Cards: which metaphor card (static/cards/<cardId>.svg). */
	cardId: string;
	/** Arrows: the ItemIds at either end. */
	from: string;
	to: string;
	/** Items that share a group key move and select together. */
	group: string;
	/** Frames from a template: a {@link LabelKey} shown while `text` is empty. */
	labelKey: string;
	/** Y.Map<voterKey, number> of dots placed on this item. */
	votes: Y.Map<number>;
	/** Notes of a Neliapila knot: which prompt they answer (knot.ts KnotPrompt). Optional. */
	prompt: string;
	/** Neliapila leaf frames: the leaf's actor type, set by the server from the phase settings. */
	leafActor: string;
	/**
	 * Neliapila leaf frames: the configured name as a plain `{ fi, sv, en }` object (each at most
	 * MAX_LABEL_CHARS, '' for none), shown while `text` is empty. Set by the server.
	 */
	labels: Record<string, string>;
	/**
	 * Copies keep a link to what they were copied from: a table's chosen task to its candidate
	 * note (`sourceItem` only), a harvested plenary item to its table (`sourceTable`, 1..999) and
	 * the item there (`sourceItem`). Both absent on everything else.
	 */
	sourceTable: number;
	sourceItem: string;
	/**
	 * Notes a follow-up session starts with: the day (YYYY-MM-DD) of the earlier workshop where the
	 * note was a development seed that was not chosen. Absent on everything else.
	 */
	seedFrom: string;
}

/** Where template bookkeeping lives: `meta.get('template:<id>') === true` once applied. */
export function metaOf(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(DOC_ROOT.meta);
}

export function itemsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap<Y.Map<unknown>>(DOC_ROOT.items);
}

export function isCoordinate(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_COORDINATE;
}

export function isSize(value: unknown): value is number {
	return (
		typeof value === 'number' &&
		Number.isFinite(value) &&
		value >= MIN_ITEM_SIZE &&
		value <= MAX_ITEM_SIZE
	);
}

export function clampCoordinate(value: number): number {
	return Number.isFinite(value) ? Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, value)) : 0;
}

export function clampSize(value: number): number {
	return Number.isFinite(value) ? Math.max(MIN_ITEM_SIZE, Math.min(MAX_ITEM_SIZE, value)) : 100;
}

export function textCap(type: ItemType): number {
	return type === ITEM_TYPES.note ? MAX_NOTE_TEXT_CHARS : MAX_LABEL_CHARS;
}
