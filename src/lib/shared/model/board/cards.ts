/**
 * The built-in metaphor card deck. A card item's `cardId` names one of these (or a card a
 * workshop brings along); its picture is `static/cards/<cardId>.svg` when that file exists, else
 * the card shows its name.
 */
export const METAPHOR_CARD_IDS = [
	'bridge',
	'maze',
	'relay',
	'puzzle',
	'island',
	'lighthouse',
	'roots',
	'crossroads',
	'knot',
	'orchestra',
	'compass',
	'ladder',
	'sprout',
	'yarn',
	'open-door',
	'closed-door',
	'key',
	'map',
	'storm-boat',
	'harbour',
	'mountain-path',
	'campfire',
	'toolbox',
	'garden',
	'window',
	'mirror',
	'umbrella',
	'anchor',
	'kite',
	'hourglass',
	'soup-pot',
	'tandem',
	'dominoes',
	'watering-can',
	'signpost',
	'nest',
	'tug-of-war',
	'telescope',
	'switchboard',
	'circle-of-chairs',
	'stepping-stones'
] as const;
export type MetaphorCardId = (typeof METAPHOR_CARD_IDS)[number];

/**
 * A card of a facilitator's own deck is `deck-<deckId>-<cardKey>` on the board, within
 * CARD_ID_PATTERN; no built-in id starts with `deck-`. Its picture and texts are served by the
 * server (`/decks/<deckId>/<cardKey>`), to those whose workshop uses the deck.
 */
export const DECK_ID_PATTERN = /^[a-z0-9]{12}$/;
export const DECK_CARD_KEY_PATTERN = /^[a-z0-9]{8}$/;
const DECK_CARD_ID_PATTERN = /^deck-([a-z0-9]{12})-([a-z0-9]{8})$/;

export function deckCardId(deckId: string, cardKey: string): string {
	return `deck-${deckId}-${cardKey}`;
}

/** The deck and card of an own-deck card id; null for a built-in or malformed id. */
export function parseDeckCardId(cardId: string): { deckId: string; cardKey: string } | null {
	const match = DECK_CARD_ID_PATTERN.exec(cardId);
	return match ? { deckId: match[1], cardKey: match[2] } : null;
}
