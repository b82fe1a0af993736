import type { LocalisedText } from './workshop.ts';

/**
 * A facilitator's own metaphor card deck (issue 4). The pictures live in storage; these are the
 * caps the server enforces and the shapes both sides read.
 */

/** Largest picture file accepted, in bytes (before an SVG is turned into a PNG). */
export const MAX_CARD_FILE_BYTES = 2 * 1024 * 1024;
/** Largest total of one deck's stored pictures, in bytes. */
export const MAX_DECK_BYTES = 20 * 1024 * 1024;
/**
 * Largest request body the server reads (adapter-node's BODY_SIZE_LIMIT): one upload may carry a
 * deck's whole byte cap, plus room for a multipart body's boundaries and text fields.
 */
export const MAX_UPLOAD_BODY_BYTES = MAX_DECK_BYTES + 1024 * 1024;
/** Most cards in one deck. */
export const MAX_DECK_CARDS = 60;
/** Most decks one facilitator keeps, so one account cannot fill the store (20 × 20 MiB at most). */
export const MAX_DECKS_PER_OWNER = 20;
/** Longest deck name, card name or picture description, in characters. */
export const DECK_NAME_MAX_CHARS = 80;
export const CARD_NAME_MAX_CHARS = 60;
export const CARD_ALT_MAX_CHARS = 300;

/** The picture formats a deck may hold, by the type the server sniffed from the bytes. */
export const DECK_PICTURE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type DeckPictureType = (typeof DECK_PICTURE_TYPES)[number];

/** Why one uploaded file was refused; the page names the file beside the reason. */
export const CARD_FILE_PROBLEMS = {
	/** Not PNG, JPEG, WebP or SVG by its content (whatever its name says). */
	type: 'type',
	/** Bigger than MAX_CARD_FILE_BYTES. */
	tooLarge: 'too_large',
	/** An SVG with scripts, event handlers, foreign objects, entities or outside references. */
	svgUnsafe: 'svg_unsafe',
	/** An SVG the renderer cannot draw. */
	svgBroken: 'svg_broken'
} as const;
export type CardFileProblem = (typeof CARD_FILE_PROBLEMS)[keyof typeof CARD_FILE_PROBLEMS];

/** Why a whole upload was refused. */
export const DECK_PROBLEMS = {
	noFiles: 'no_files',
	tooMany: 'too_many',
	deckTooLarge: 'deck_too_large',
	name: 'name',
	/** The facilitator has MAX_DECKS_PER_OWNER decks already. */
	tooManyDecks: 'too_many_decks',
	/** The deck is gone or is not the facilitator's. */
	notFound: 'not_found'
} as const;
export type DeckProblem = (typeof DECK_PROBLEMS)[keyof typeof DECK_PROBLEMS];

/** A card's own words: a name and what the picture shows, each in fi, sv and en ('' when not given). */
export interface DeckCardTexts {
	name: LocalisedText;
	alt: LocalisedText;
}

/** One card as the picker, the board and the deck page read it. */
export interface DeckCardView extends DeckCardTexts {
	/** The id on the board (board/cards.ts deckCardId). */
	cardId: string;
	cardKey: string;
}

/** A deck as clients read it: no picture bytes, those come from their own address. */
export interface DeckView {
	id: string;
	name: string;
	cards: DeckCardView[];
}

/** The first text that is not empty, in the locale's order of preference. */
export function pickText(text: LocalisedText, locale: 'fi' | 'sv' | 'en'): string {
	const order = [locale, 'fi', 'sv', 'en'] as const;
	for (const code of order) {
		const value = text[code].trim();
		if (value) return value;
	}
	return '';
}
