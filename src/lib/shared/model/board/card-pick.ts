import * as Y from 'yjs';
import type { ActorType } from '../actor.ts';
import type { ItemId } from '../ids.ts';
import { TX_ORIGIN, type TxOrigin } from '../../protocol/sync.ts';
import { createItem, setItemText } from './ops.ts';
import { readBoard, type ItemView } from './read.ts';
import { CARD_ID_PATTERN, ITEM_TYPES, itemsOf } from './schema.ts';

/** A warm-up pick is larger than a plain card, so the why-text fits under the picture. */
export const PICK_CARD_SIZE = { width: 180, height: 320 } as const;
/** Space between picks and from the area's edge; the top leaves room for the area's label. */
const GAP = 24;
const LABEL_SPACE = 56;
/** Beyond this many slots the board is full of cards; the pick goes in the next one anyway. */
const MAX_SLOTS = 400;

export interface CardPickOptions {
	cardId: string;
	/** Why this card: the card's caption. */
	text: string;
	/** The participant's author key (sync SPEC S9): a pick is always their own item. */
	authorKey: string;
	actorType: ActorType;
	origin?: TxOrigin;
	now?: number;
}

/**
 * Puts a participant's warm-up pick on the board: their card is changed in place when they have
 * one (so picking again replaces it, and only an own item is touched), else a new card goes in
 * the first free place of the metaphor area, or of the board when it has no such area.
 * Returns the card's id.
 */
export function placeCardPick(doc: Y.Doc, options: CardPickOptions): ItemId {
	if (!CARD_ID_PATTERN.test(options.cardId)) {
		throw new Error(`[board] invalid card id ${options.cardId}`);
	}
	const origin = options.origin ?? TX_ORIGIN.local;
	const now = options.now ?? Date.now();
	const board = readBoard(doc);
	const own = board.items.filter(
		(item) => item.type === ITEM_TYPES.card && item.authorKey === options.authorKey
	);
	const mine = own.at(-1);
	const item = mine ? itemsOf(doc).get(mine.id) : undefined;
	if (mine && item instanceof Y.Map) {
		doc.transact(() => {
			item.set('cardId', options.cardId);
			setItemText(doc, mine.id, options.text, origin);
			item.set('updatedAt', now);
		}, origin);
		return mine.id;
	}
	const { x, y } = freeSlot(board.items);
	return createItem(doc, {
		type: ITEM_TYPES.card,
		cardId: options.cardId,
		text: options.text,
		authorKey: options.authorKey,
		actorType: options.actorType,
		x,
		y,
		...PICK_CARD_SIZE,
		origin,
		now
	});
}

/** The first place, row by row, where a pick covers no note or card. */
function freeSlot(items: readonly ItemView[]): { x: number; y: number } {
	const area = items.find((item) => item.type === 'frame' && item.labelKey === 'metaphors');
	const left = (area?.x ?? 0) + GAP;
	const top = (area?.y ?? 0) + LABEL_SPACE;
	const width = area?.width ?? 1200;
	const stepX = PICK_CARD_SIZE.width + GAP;
	const stepY = PICK_CARD_SIZE.height + GAP;
	const columns = Math.max(1, Math.floor((width - GAP) / stepX));
	const taken = items.filter((item) => item.type === 'card' || item.type === 'note');
	let slot = { x: left, y: top };
	for (let index = 0; index < MAX_SLOTS; index++) {
		slot = { x: left + (index % columns) * stepX, y: top + Math.floor(index / columns) * stepY };
		if (!taken.some((item) => overlaps(item, slot))) return slot;
	}
	return slot;
}

function overlaps(item: ItemView, slot: { x: number; y: number }): boolean {
	return (
		item.x < slot.x + PICK_CARD_SIZE.width &&
		slot.x < item.x + item.width &&
		item.y < slot.y + PICK_CARD_SIZE.height &&
		slot.y < item.y + item.height
	);
}
