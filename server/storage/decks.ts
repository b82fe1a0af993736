import type { UserId } from '#shared/model/ids.ts';
import type { DeckCardTexts, DeckPictureType } from '#shared/model/card-deck.ts';

/** A facilitator's own metaphor card deck (issue 4), without its pictures' bytes. */
export interface CardDeckRecord {
	/** DECK_ID_PATTERN (board/cards.ts); part of every card id on a board. */
	id: string;
	ownerId: UserId;
	name: string;
	/** Epoch ms. */
	createdAt: number;
	/** In deck order. */
	cards: DeckCardRecord[];
}

export interface DeckCardRecord {
	/** DECK_CARD_KEY_PATTERN; never reused within the deck, so a board's card keeps its picture. */
	cardKey: string;
	/** Order in the deck, from 0; gaps after a removal. */
	position: number;
	/** What the stored bytes are, by sniffing (an uploaded SVG is stored as its PNG). */
	contentType: DeckPictureType;
	/** Size of the stored picture, in bytes. */
	byteSize: number;
	/** SHA-256 hex of the stored bytes: the picture's ETag. */
	sha256: string;
	texts: DeckCardTexts;
	/** Epoch ms. */
	createdAt: number;
}

/** A card to store: its record (the store assigns `position`) and its picture. */
export type NewDeckCard = Omit<DeckCardRecord, 'position'> & { bytes: Uint8Array };

export interface DeckPicture {
	contentType: DeckPictureType;
	sha256: string;
	bytes: Uint8Array;
}

/** Limits checked inside the store's transaction, so two uploads at once cannot pass them together. */
export interface DeckCaps {
	maxCards: number;
	/** Most bytes of pictures in one deck. */
	maxBytes: number;
}

export type AddCardsOutcome = 'added' | 'too_many' | 'too_large' | 'not_found';

export interface CardDeckStore {
	/**
	 * Stores the deck with its first cards in one transaction. Fails with 'conflict' on a taken id,
	 * 'not_found' for an unknown owner.
	 */
	create(deck: Omit<CardDeckRecord, 'cards'>, cards: readonly NewDeckCard[]): Promise<void>;
	findById(id: string): Promise<CardDeckRecord | null>;
	/** The owner's decks, newest first. */
	listByOwner(ownerId: UserId): Promise<CardDeckRecord[]>;
	/** Appends cards after the last one unless the deck would break `caps`; nothing stored then. */
	addCards(deckId: string, cards: readonly NewDeckCard[], caps: DeckCaps): Promise<AddCardsOutcome>;
	/** Replaces a card's texts; false when the deck has no such card. */
	setTexts(deckId: string, cardKey: string, texts: DeckCardTexts): Promise<boolean>;
	removeCard(deckId: string, cardKey: string): Promise<boolean>;
	picture(deckId: string, cardKey: string): Promise<DeckPicture | null>;
	/** Deletes the deck and its pictures if `ownerId` owns it; returns whether it went. */
	delete(id: string, ownerId: UserId): Promise<boolean>;
}
