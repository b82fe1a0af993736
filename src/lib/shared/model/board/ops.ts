import * as Y from 'yjs';
import { nanoid } from 'nanoid';
import type { ActorType } from '../actor.ts';
import type { ItemId } from '../ids.ts';
import type { KnotPrompt } from '../knot.ts';
import { TX_ORIGIN, type TxOrigin } from '../../protocol/sync.ts';
import {
	CARD_ID_PATTERN,
	DEFAULT_SIZE,
	ITEM_TYPES,
	MAX_KEY_CHARS,
	clampCoordinate,
	clampSize,
	itemsOf,
	textCap,
	type ItemType,
	type LabelKey,
	type NoteColour
} from './schema.ts';

/** A new id for an item: 12 nanoid characters, ~71 bits, no coordination needed. */
export function newItemId(): ItemId {
	return nanoid(12) as ItemId;
}

export interface CreateItemOptions {
	type: ItemType;
	actorType: ActorType;
	/** The creator's client-local key; see ItemFields.authorKey. */
	authorKey?: string;
	text?: string;
	x?: number;
	y?: number;
	width?: number;
	height?: number;
	colour?: NoteColour;
	/** Cards only. */
	cardId?: string;
	/** Arrows only. */
	from?: ItemId;
	to?: ItemId;
	/** Frames from templates only. */
	labelKey?: LabelKey;
	/** Notes of a Neliapila knot: the prompt they answer. */
	prompt?: KnotPrompt;
	/** A fixed id (templates use deterministic ones); a fresh nanoid otherwise. */
	id?: ItemId;
	origin?: TxOrigin;
	now?: number;
}

/** Builds an item's Y.Map without adding it anywhere; callers add it inside their transaction. */
export function buildItem(options: CreateItemOptions): Y.Map<unknown> {
	const now = options.now ?? Date.now();
	const size = DEFAULT_SIZE[options.type];
	const item = new Y.Map<unknown>();
	item.set('type', options.type);
	if (options.type !== ITEM_TYPES.arrow) {
		const text = new Y.Text();
		text.insert(0, (options.text ?? '').slice(0, textCap(options.type)));
		item.set('text', text);
	}
	item.set('x', clampCoordinate(options.x ?? 0));
	item.set('y', clampCoordinate(options.y ?? 0));
	item.set('width', clampSize(options.width ?? (size.width || 24)));
	item.set('height', clampSize(options.height ?? (size.height || 24)));
	item.set('colour', options.colour ?? (options.type === ITEM_TYPES.frame ? 'grey' : 'yellow'));
	item.set('actorType', options.actorType);
	if (options.authorKey) item.set('authorKey', options.authorKey.slice(0, MAX_KEY_CHARS));
	item.set('createdAt', now);
	item.set('updatedAt', now);
	if (options.type === ITEM_TYPES.card) {
		if (!options.cardId || !CARD_ID_PATTERN.test(options.cardId)) {
			throw new Error(`[board] invalid card id ${options.cardId}`);
		}
		item.set('cardId', options.cardId);
	}
	if (options.type === ITEM_TYPES.arrow) {
		if (!options.from || !options.to) throw new Error('[board] an arrow needs from and to');
		item.set('from', options.from);
		item.set('to', options.to);
	}
	if (options.labelKey) item.set('labelKey', options.labelKey);
	if (options.prompt && options.type === ITEM_TYPES.note) item.set('prompt', options.prompt);
	// Created with the item, never lazily: two people adding the first vote at once would each
	// create a map and one map (with its vote) would lose.
	item.set('votes', new Y.Map<number>());
	return item;
}

export function createItem(doc: Y.Doc, options: CreateItemOptions): ItemId {
	const id = options.id ?? newItemId();
	const item = buildItem(options);
	doc.transact(() => itemsOf(doc).set(id, item), options.origin ?? TX_ORIGIN.local);
	return id;
}

export type CreateNoteOptions = Omit<CreateItemOptions, 'type' | 'cardId' | 'from' | 'to'>;

export function createNote(doc: Y.Doc, options: CreateNoteOptions): ItemId {
	return createItem(doc, { ...options, type: ITEM_TYPES.note });
}

/** Runs `change` on each existing item in one transaction and stamps updatedAt. */
function updateItems(
	doc: Y.Doc,
	ids: Iterable<ItemId>,
	origin: TxOrigin,
	change: (item: Y.Map<unknown>, id: ItemId) => void
): void {
	const items = itemsOf(doc);
	const now = Date.now();
	doc.transact(() => {
		for (const id of ids) {
			const item = items.get(id);
			if (!(item instanceof Y.Map)) continue;
			change(item, id);
			item.set('updatedAt', now);
		}
	}, origin);
}

export interface Move {
	id: ItemId;
	x: number;
	y: number;
}

/** Moves items to absolute positions; unchanged coordinates are not rewritten. */
export function moveItems(doc: Y.Doc, moves: readonly Move[], origin: TxOrigin = TX_ORIGIN.local) {
	const byId = new Map(moves.map((move) => [move.id, move]));
	updateItems(doc, byId.keys(), origin, (item, id) => {
		const move = byId.get(id)!;
		const x = clampCoordinate(move.x);
		const y = clampCoordinate(move.y);
		if (item.get('x') !== x) item.set('x', x);
		if (item.get('y') !== y) item.set('y', y);
	});
}

export interface Bounds {
	x: number;
	y: number;
	width: number;
	height: number;
}

export function resizeItem(
	doc: Y.Doc,
	id: ItemId,
	bounds: Bounds,
	origin: TxOrigin = TX_ORIGIN.local
): void {
	updateItems(doc, [id], origin, (item) => {
		item.set('x', clampCoordinate(bounds.x));
		item.set('y', clampCoordinate(bounds.y));
		item.set('width', clampSize(bounds.width));
		item.set('height', clampSize(bounds.height));
	});
}

export function recolourItems(
	doc: Y.Doc,
	ids: readonly ItemId[],
	colour: NoteColour,
	origin: TxOrigin = TX_ORIGIN.local
): void {
	updateItems(doc, ids, origin, (item) => item.set('colour', colour));
}

/** Deletes items and any arrow that points at one of them. */
export function deleteItems(
	doc: Y.Doc,
	ids: readonly ItemId[],
	origin: TxOrigin = TX_ORIGIN.local
): void {
	const items = itemsOf(doc);
	const gone = new Set<string>(ids);
	doc.transact(() => {
		for (const [id, item] of items) {
			if (
				item instanceof Y.Map &&
				(gone.has(item.get('from') as string) || gone.has(item.get('to') as string))
			) {
				gone.add(id);
			}
		}
		for (const id of gone) items.delete(id);
	}, origin);
}

export function deleteItem(doc: Y.Doc, id: ItemId, origin: TxOrigin = TX_ORIGIN.local): void {
	deleteItems(doc, [id], origin);
}

/** Puts items in one new group and returns its key; items leave any group they were in. */
export function groupItems(
	doc: Y.Doc,
	ids: readonly ItemId[],
	origin: TxOrigin = TX_ORIGIN.local
): string {
	const group = nanoid(10);
	updateItems(doc, ids, origin, (item) => item.set('group', group));
	return group;
}

export function ungroupItems(
	doc: Y.Doc,
	ids: readonly ItemId[],
	origin: TxOrigin = TX_ORIGIN.local
): void {
	updateItems(doc, ids, origin, (item) => item.delete('group'));
}

/**
 * Replaces an item's text with `next` by editing only the changed middle part, so a concurrent
 * edit elsewhere in the same text survives.
 */
export function setItemText(
	doc: Y.Doc,
	id: ItemId,
	next: string,
	origin: TxOrigin = TX_ORIGIN.local
): void {
	const item = itemsOf(doc).get(id);
	const text = item?.get('text');
	if (!item || !(text instanceof Y.Text)) return;
	const capped = next.slice(0, textCap(item.get('type') as ItemType));
	const current = text.toString();
	if (current === capped) return;
	let start = 0;
	while (start < current.length && start < capped.length && current[start] === capped[start]) {
		start++;
	}
	let endCurrent = current.length;
	let endNext = capped.length;
	while (endCurrent > start && endNext > start && current[endCurrent - 1] === capped[endNext - 1]) {
		endCurrent--;
		endNext--;
	}
	// Never cut an emoji or other surrogate pair in half: a concurrent insert between the halves
	// would leave both people with broken characters.
	if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
	if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) {
		endCurrent++;
		endNext++;
	}
	doc.transact(() => {
		if (endCurrent > start) text.delete(start, endCurrent - start);
		if (endNext > start) text.insert(start, capped.slice(start, endNext));
		item.set('updatedAt', Date.now());
	}, origin);
}

/** The name the note list used; kept for its callers. */
export const setNoteText = setItemText;

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}
