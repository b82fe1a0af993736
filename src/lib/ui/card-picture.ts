import { asset } from '$app/paths';
import { parseDeckCardId } from '#shared/model/board.ts';

/**
 * Where a card's picture is served: `static/cards/<cardId>.svg` for the built-in deck, the server's
 * `/decks/<deckId>/<cardKey>` for a facilitator's own card (sent only to people whose workshop uses
 * the deck). Card ids match CARD_ID_PATTERN, so they cannot leave either place. The path is built at
 * run time, so it is not one of the assets Kit knows at build time; hence the cast.
 */
export function cardPictureUrl(cardId: string): string {
	const own = parseDeckCardId(cardId);
	if (own) return deckPictureUrl(own.deckId, own.cardKey);
	return asset(`/cards/${cardId}.svg` as Parameters<typeof asset>[0]);
}

export function deckPictureUrl(deckId: string, cardKey: string): string {
	return asset(`/decks/${deckId}/${cardKey}` as Parameters<typeof asset>[0]);
}

/** The texts of a facilitator's own deck, as JSON (server/decks/deck-endpoints.ts). */
export function deckTextsUrl(deckId: string): string {
	return asset(`/decks/${deckId}` as Parameters<typeof asset>[0]);
}
