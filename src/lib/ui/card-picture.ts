import { asset } from '$app/paths';

/**
 * Where a card's picture is served: `static/cards/<cardId>.svg`. Card ids match CARD_ID_PATTERN,
 * so they cannot leave the folder. The path is built at run time, so it is not one of the assets
 * Kit knows at build time; hence the cast.
 */
export function cardPictureUrl(cardId: string): string {
	return asset(`/cards/${cardId}.svg` as Parameters<typeof asset>[0]);
}
