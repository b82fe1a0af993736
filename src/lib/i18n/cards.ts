import { METAPHOR_CARD_IDS, parseDeckCardId, type MetaphorCardId } from '#shared/model/board.ts';
import { pickText } from '#shared/model/card-deck.ts';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { deckCard } from '$lib/ui/deck-catalogue.svelte.ts';

/**
 * The deck's names and picture descriptions, one place for the canvas, the outline and the
 * picker. Functions, so each text is read in the locale of the moment it is shown.
 */
const CARD_NAMES: Record<MetaphorCardId, () => string> = {
	bridge: () => m.board_card_bridge(),
	maze: () => m.board_card_maze(),
	relay: () => m.board_card_relay(),
	puzzle: () => m.board_card_puzzle(),
	island: () => m.board_card_island(),
	lighthouse: () => m.board_card_lighthouse(),
	roots: () => m.board_card_roots(),
	crossroads: () => m.board_card_crossroads(),
	knot: () => m.board_card_knot(),
	orchestra: () => m.board_card_orchestra(),
	compass: () => m.board_card_compass(),
	ladder: () => m.board_card_ladder(),
	sprout: () => m.board_card_sprout(),
	yarn: () => m.board_card_yarn(),
	'open-door': () => m.board_card_open_door(),
	'closed-door': () => m.board_card_closed_door(),
	key: () => m.board_card_key(),
	map: () => m.board_card_map(),
	'storm-boat': () => m.board_card_storm_boat(),
	harbour: () => m.board_card_harbour(),
	'mountain-path': () => m.board_card_mountain_path(),
	campfire: () => m.board_card_campfire(),
	toolbox: () => m.board_card_toolbox(),
	garden: () => m.board_card_garden(),
	window: () => m.board_card_window(),
	mirror: () => m.board_card_mirror(),
	umbrella: () => m.board_card_umbrella(),
	anchor: () => m.board_card_anchor(),
	kite: () => m.board_card_kite(),
	hourglass: () => m.board_card_hourglass(),
	'soup-pot': () => m.board_card_soup_pot(),
	tandem: () => m.board_card_tandem(),
	dominoes: () => m.board_card_dominoes(),
	'watering-can': () => m.board_card_watering_can(),
	signpost: () => m.board_card_signpost(),
	nest: () => m.board_card_nest(),
	'tug-of-war': () => m.board_card_tug_of_war(),
	telescope: () => m.board_card_telescope(),
	switchboard: () => m.board_card_switchboard(),
	'circle-of-chairs': () => m.board_card_circle_of_chairs(),
	'stepping-stones': () => m.board_card_stepping_stones()
};

/** One plain sentence about what the picture shows, for screen readers and `alt`. */
const CARD_ALTS: Record<MetaphorCardId, () => string> = {
	bridge: () => m.card_alt_bridge(),
	maze: () => m.card_alt_maze(),
	relay: () => m.card_alt_relay(),
	puzzle: () => m.card_alt_puzzle(),
	island: () => m.card_alt_island(),
	lighthouse: () => m.card_alt_lighthouse(),
	roots: () => m.card_alt_roots(),
	crossroads: () => m.card_alt_crossroads(),
	knot: () => m.card_alt_knot(),
	orchestra: () => m.card_alt_orchestra(),
	compass: () => m.card_alt_compass(),
	ladder: () => m.card_alt_ladder(),
	sprout: () => m.card_alt_sprout(),
	yarn: () => m.card_alt_yarn(),
	'open-door': () => m.card_alt_open_door(),
	'closed-door': () => m.card_alt_closed_door(),
	key: () => m.card_alt_key(),
	map: () => m.card_alt_map(),
	'storm-boat': () => m.card_alt_storm_boat(),
	harbour: () => m.card_alt_harbour(),
	'mountain-path': () => m.card_alt_mountain_path(),
	campfire: () => m.card_alt_campfire(),
	toolbox: () => m.card_alt_toolbox(),
	garden: () => m.card_alt_garden(),
	window: () => m.card_alt_window(),
	mirror: () => m.card_alt_mirror(),
	umbrella: () => m.card_alt_umbrella(),
	anchor: () => m.card_alt_anchor(),
	kite: () => m.card_alt_kite(),
	hourglass: () => m.card_alt_hourglass(),
	'soup-pot': () => m.card_alt_soup_pot(),
	tandem: () => m.card_alt_tandem(),
	dominoes: () => m.card_alt_dominoes(),
	'watering-can': () => m.card_alt_watering_can(),
	signpost: () => m.card_alt_signpost(),
	nest: () => m.card_alt_nest(),
	'tug-of-war': () => m.card_alt_tug_of_war(),
	telescope: () => m.card_alt_telescope(),
	switchboard: () => m.card_alt_switchboard(),
	'circle-of-chairs': () => m.card_alt_circle_of_chairs(),
	'stepping-stones': () => m.card_alt_stepping_stones()
};

export function isDeckCard(cardId: string): cardId is MetaphorCardId {
	return (METAPHOR_CARD_IDS as readonly string[]).includes(cardId);
}

/** Whether the card has a picture to show: a built-in card, or one of a facilitator's own deck. */
export function hasPicture(cardId: string): boolean {
	return isDeckCard(cardId) || parseDeckCardId(cardId) !== null;
}

/**
 * A card's name: the built-in deck's, an own deck's (once its texts are fetched, see
 * deck-catalogue), else "Card".
 */
export function cardName(cardId: string): string {
	if (isDeckCard(cardId)) return CARD_NAMES[cardId]();
	const own = deckCard(cardId);
	if (!own) return m.board_card_unknown();
	return pickText(own.card.name, getLocale()) || m.deck_card_fallback({ number: own.index + 1 });
}

/** What the picture shows (an own card without a description: its name), or '' when unknown. */
export function cardAlt(cardId: string): string {
	if (isDeckCard(cardId)) return CARD_ALTS[cardId]();
	const own = deckCard(cardId);
	if (!own) return '';
	return pickText(own.card.alt, getLocale()) || cardName(cardId);
}
