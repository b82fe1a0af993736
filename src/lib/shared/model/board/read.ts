import * as Y from 'yjs';
import { ACTOR_TYPE_LIST, type ActorType } from '../actor.ts';
import type { ItemId } from '../ids.ts';
import { isKnotPrompt, type KnotPrompt } from '../knot.ts';
import {
	CARD_ID_PATTERN,
	ITEM_TYPES,
	LABEL_KEYS,
	MAX_BOARD_ITEMS,
	MAX_KEY_CHARS,
	MAX_LABEL_CHARS,
	MAX_SOURCE_TABLE,
	NOTE_COLOURS,
	isCoordinate,
	isSize,
	itemsOf,
	textCap,
	type ItemType,
	type LabelKey,
	type NoteColour
} from './schema.ts';

/** A calendar day as YYYY-MM-DD. */
const ISO_DAY = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** Fields every validated item view has. */
interface BaseView {
	id: ItemId;
	x: number;
	y: number;
	width: number;
	height: number;
	colour: NoteColour;
	actorType: ActorType;
	/** Empty when the item predates author keys. */
	authorKey: string;
	createdAt: number;
	updatedAt: number;
	/** Group key, or null when the item is on its own. */
	group: string | null;
	/** Total dots on the item. */
	votes: number;
	/** Dots per voter key. */
	voters: Readonly<Record<string, number>>;
	/** The table a harvested item came from (ItemFields.sourceTable), else null. */
	sourceTable: number | null;
	/** The item this one was copied from (ItemFields.sourceItem), else null. */
	sourceItem: ItemId | null;
}

export interface NoteView extends BaseView {
	type: 'note';
	text: string;
	/** The Neliapila prompt the note answers, or null (ItemFields.prompt). */
	prompt: KnotPrompt | null;
	/** A seed from an earlier workshop: that workshop's day (ItemFields.seedFrom), else null. */
	seedFrom: string | null;
}

export interface CardView extends BaseView {
	type: 'card';
	cardId: string;
	/** Optional caption under the picture. */
	text: string;
}

export interface FrameView extends BaseView {
	type: 'frame';
	/** The label as typed; empty means "show labelKey translated". */
	text: string;
	labelKey: LabelKey | null;
	/** A Neliapila leaf's actor type (ItemFields.leafActor), else null. */
	leafActor: ActorType | null;
	/** A Neliapila leaf's configured name per language (ItemFields.labels), else null. */
	labels: Readonly<Record<'fi' | 'sv' | 'en', string>> | null;
}

export interface ArrowView extends BaseView {
	type: 'arrow';
	from: ItemId;
	to: ItemId;
}

export type ItemView = NoteView | CardView | FrameView | ArrowView;

/** Frames lie under everything, arrows over frames, notes and cards on top. */
const LAYER_ORDER: Record<ItemType, number> = { frame: 0, arrow: 1, card: 2, note: 2 };

export function compareItems(a: ItemView, b: ItemView): number {
	return (
		LAYER_ORDER[a.type] - LAYER_ORDER[b.type] ||
		a.createdAt - b.createdAt ||
		(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/**
 * Reads one item into a plain, validated view. Returns null for anything a renderer must not
 * draw: unknown type, wrong field types, text over the cap, geometry out of range. Arrows are
 * checked on their own fields only; {@link readBoard} also drops arrows whose ends are gone.
 */
export function readItem(doc: Y.Doc, id: string): ItemView | null {
	return toItemView(id as ItemId, itemsOf(doc).get(id));
}

export function toItemView(id: ItemId, item: unknown): ItemView | null {
	if (!(item instanceof Y.Map)) return null;
	const type = item.get('type');
	const base = toBaseView(id, item);
	if (!base) return null;
	switch (type) {
		case ITEM_TYPES.note: {
			const text = readText(item, ITEM_TYPES.note);
			const prompt = item.get('prompt');
			const seedFrom = item.get('seedFrom');
			// An unknown prompt (a newer client's) leaves the note a plain note, never hidden.
			return text === null
				? null
				: {
						...base,
						type,
						text,
						prompt: isKnotPrompt(prompt) ? prompt : null,
						seedFrom: typeof seedFrom === 'string' && ISO_DAY.test(seedFrom) ? seedFrom : null
					};
		}
		case ITEM_TYPES.frame: {
			const text = readText(item, ITEM_TYPES.frame, true);
			const labelKey = item.get('labelKey');
			const key = LABEL_KEYS.includes(labelKey as LabelKey) ? (labelKey as LabelKey) : null;
			const leafActor = item.get('leafActor');
			return text === null
				? null
				: {
						...base,
						type,
						text,
						labelKey: key,
						leafActor: ACTOR_TYPE_LIST.includes(leafActor as ActorType)
							? (leafActor as ActorType)
							: null,
						labels: readLabels(item.get('labels'))
					};
		}
		case ITEM_TYPES.card: {
			const cardId = item.get('cardId');
			const text = readText(item, ITEM_TYPES.card, true);
			if (typeof cardId !== 'string' || !CARD_ID_PATTERN.test(cardId) || text === null) {
				return null;
			}
			return { ...base, type, cardId, text };
		}
		case ITEM_TYPES.arrow: {
			const from = item.get('from');
			const to = item.get('to');
			if (!isKey(from) || !isKey(to) || from === to) return null;
			return { ...base, type, from: from as ItemId, to: to as ItemId };
		}
		default:
			return null;
	}
}

function toBaseView(id: ItemId, item: Y.Map<unknown>): BaseView | null {
	const type = item.get('type');
	const x = item.get('x');
	const y = item.get('y');
	// Notes from before sizes existed have none; arrows take theirs from their ends.
	const width = item.get('width') ?? (type === ITEM_TYPES.arrow ? 24 : 200);
	const height = item.get('height') ?? (type === ITEM_TYPES.arrow ? 24 : 160);
	const colour = item.get('colour');
	const actorType = item.get('actorType');
	const createdAt = item.get('createdAt');
	const updatedAt = item.get('updatedAt') ?? createdAt;
	const authorKey = item.get('authorKey') ?? '';
	const group = item.get('group') ?? null;
	const sourceTable = item.get('sourceTable') ?? null;
	const sourceItem = item.get('sourceItem') ?? null;
	if (!isCoordinate(x) || !isCoordinate(y) || !isSize(width) || !isSize(height)) return null;
	if (!NOTE_COLOURS.includes(colour as NoteColour)) return null;
	if (!ACTOR_TYPE_LIST.includes(actorType as ActorType)) return null;
	if (!isTime(createdAt) || !isTime(updatedAt)) return null;
	if (typeof authorKey !== 'string' || authorKey.length > MAX_KEY_CHARS) return null;
	if (group !== null && !isKey(group)) return null;
	if (sourceTable !== null && !isSourceTable(sourceTable)) return null;
	if (sourceItem !== null && !isKey(sourceItem)) return null;
	const { votes, voters } = readVotes(item.get('votes'));
	return {
		id,
		x,
		y,
		width,
		height,
		colour: colour as NoteColour,
		actorType: actorType as ActorType,
		authorKey,
		createdAt,
		updatedAt,
		group,
		votes,
		voters,
		sourceTable,
		sourceItem: sourceItem as ItemId | null
	};
}

function isSourceTable(value: unknown): value is number {
	return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SOURCE_TABLE;
}

/** A leaf's names; anything malformed reads as none, so the frame falls back to its label key. */
function readLabels(value: unknown): FrameView['labels'] {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	const out = { fi: '', sv: '', en: '' };
	for (const locale of ['fi', 'sv', 'en'] as const) {
		const text = record[locale];
		if (typeof text !== 'string' || text.length > MAX_LABEL_CHARS) return null;
		out[locale] = text;
	}
	return out;
}

function readText(item: Y.Map<unknown>, type: ItemType, optional = false): string | null {
	const text = item.get('text');
	if (text === undefined && optional) return '';
	if (!(text instanceof Y.Text) || text.length > textCap(type)) return null;
	return text.toString();
}

/** Invalid vote entries count as zero rather than hiding the item. */
function readVotes(value: unknown): { votes: number; voters: Record<string, number> } {
	const voters: Record<string, number> = {};
	let votes = 0;
	if (!(value instanceof Y.Map)) return { votes, voters };
	for (const [key, count] of value as Y.Map<unknown>) {
		if (!isKey(key) || !Number.isInteger(count) || (count as number) <= 0) continue;
		const capped = Math.min(count as number, 99);
		voters[key] = capped;
		votes += capped;
	}
	return { votes, voters };
}

function isKey(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_CHARS;
}

function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Plain views of a whole board, ready to render. */
export interface BoardView {
	/** In drawing order: frames, arrows, then notes and cards, each oldest first. */
	items: ItemView[];
	byId: ReadonlyMap<ItemId, ItemView>;
}

/**
 * Every valid item in drawing order. Invalid items are skipped, never thrown on; arrows whose
 * ends are missing or invalid are skipped too.
 */
export function readBoard(doc: Y.Doc): BoardView {
	const byId = new Map<ItemId, ItemView>();
	for (const [id, item] of itemsOf(doc)) {
		if (byId.size >= MAX_BOARD_ITEMS) break;
		const view = toItemView(id as ItemId, item);
		if (view) byId.set(view.id, view);
	}
	for (const view of byId.values()) {
		if (view.type !== 'arrow') continue;
		const from = byId.get(view.from);
		const to = byId.get(view.to);
		if (!from || !to || from.type === 'arrow' || to.type === 'arrow') byId.delete(view.id);
	}
	return { items: [...byId.values()].sort(compareItems), byId };
}

/** All valid notes, oldest first. Items that fail validation are skipped, never thrown on. */
export function readNotes(doc: Y.Doc): NoteView[] {
	const notes: NoteView[] = [];
	for (const [id, item] of itemsOf(doc)) {
		const view = toItemView(id as ItemId, item);
		if (view?.type === 'note') notes.push(view);
	}
	return notes.sort(compareItems);
}
