import { SvelteMap } from 'svelte/reactivity';
import { METAPHOR_CARD_IDS, parseDeckCardId } from '#shared/model/board.ts';
import type { DeckCardView, DeckView } from '#shared/model/card-deck.ts';
import type { PhaseCardSettings } from '#shared/model/workshop.ts';
import { deckTextsUrl } from './card-picture.ts';

/** Where one own deck's texts are: on their way, here, or refused (no access, gone, offline). */
export type DeckLoad =
	{ status: 'loading' } | { status: 'ready'; deck: DeckView } | { status: 'failed' };

/**
 * The texts of the facilitators' own decks this browser has fetched, by deck id. Module state on
 * purpose: a deck's texts are the same for every board and view that shows its cards, and only the
 * browser fills it ({@link ensureDeck} does nothing during SSR), so nothing leaks between users.
 */
const decks = new SvelteMap<string, DeckLoad>();

/** Starts fetching a deck's texts once; call it from an effect, never while rendering. */
export function ensureDeck(deckId: string): void {
	if (typeof window === 'undefined' || decks.has(deckId)) return;
	decks.set(deckId, { status: 'loading' });
	fetch(deckTextsUrl(deckId), { credentials: 'same-origin' })
		.then(async (response) => {
			if (!response.ok) throw new Error(`status ${response.status}`);
			decks.set(deckId, { status: 'ready', deck: (await response.json()) as DeckView });
		})
		.catch((error: unknown) => {
			console.warn(`[decks] the texts of deck ${deckId} could not be fetched:`, error);
			decks.set(deckId, { status: 'failed' });
		});
}

export function deckLoad(deckId: string): DeckLoad {
	return decks.get(deckId) ?? { status: 'loading' };
}

/** An own card's texts and its place in the deck, once the deck is here. */
export function deckCard(cardId: string): { card: DeckCardView; index: number } | null {
	const own = parseDeckCardId(cardId);
	const load = own ? decks.get(own.deckId) : undefined;
	if (!own || load?.status !== 'ready') return null;
	const index = load.deck.cards.findIndex((card) => card.cardKey === own.cardKey);
	return index < 0 ? null : { card: load.deck.cards[index], index };
}

/**
 * The cards a phase offers, for the warm-up picker and the canvas's card menu alike: with no deck
 * set, the built-in deck; else the own deck's cards (once its texts are here) first, then the
 * built-in ones when the phase offers them too. Reads reactive state, so call it in a $derived,
 * and start the fetch with {@link ensureDeck} from an effect.
 */
export function offeredCards(cards: PhaseCardSettings | null | undefined): readonly string[] {
	if (!cards) return METAPHOR_CARD_IDS;
	const load = deckLoad(cards.deckId);
	const own = load.status === 'ready' ? load.deck.cards.map((card) => card.cardId) : [];
	return cards.builtIn ? [...own, ...METAPHOR_CARD_IDS] : own;
}
