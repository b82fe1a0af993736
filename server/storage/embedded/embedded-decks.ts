import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { DeckCardTexts, DeckPictureType } from '#shared/model/card-deck.ts';
import type { UserId } from '#shared/model/ids.ts';
import type { CardDeckRecord, CardDeckStore, DeckCardRecord, NewDeckCard } from '../decks.ts';
import { runLater as run, transaction } from './sqlite.ts';

const INSERT_DECK = 'INSERT INTO card_decks (id, owner_id, name, created_at) VALUES (?, ?, ?, ?)';
const INSERT_CARD = `INSERT INTO card_deck_cards
	(deck_id, card_key, position, content_type, byte_size, sha256, texts, data, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SELECT_DECK = 'SELECT * FROM card_decks WHERE id = ?';
const SELECT_DECKS_BY_OWNER = `SELECT * FROM card_decks WHERE owner_id = ?
	ORDER BY created_at DESC, id`;
const CARD_COLUMNS = 'card_key, position, content_type, byte_size, sha256, texts, created_at';
const SELECT_CARDS = `SELECT ${CARD_COLUMNS} FROM card_deck_cards WHERE deck_id = ?
	ORDER BY position, card_key`;
const SELECT_TOTALS = `SELECT count(*) AS cards, coalesce(sum(byte_size), 0) AS bytes,
	coalesce(max(position), -1) AS last FROM card_deck_cards WHERE deck_id = ?`;
const UPDATE_TEXTS = 'UPDATE card_deck_cards SET texts = ? WHERE deck_id = ? AND card_key = ?';
const DELETE_CARD = 'DELETE FROM card_deck_cards WHERE deck_id = ? AND card_key = ?';
const SELECT_PICTURE = `SELECT content_type, sha256, data FROM card_deck_cards
	WHERE deck_id = ? AND card_key = ?`;
const DELETE_DECK = 'DELETE FROM card_decks WHERE id = ? AND owner_id = ?';

export function createCardDeckStore(db: DatabaseSync): CardDeckStore {
	const [
		insertDeck,
		insertCard,
		selectDeck,
		selectByOwner,
		selectCards,
		selectTotals,
		updateTexts,
		deleteCard,
		selectPicture,
		deleteDeck
	] = [
		INSERT_DECK,
		INSERT_CARD,
		SELECT_DECK,
		SELECT_DECKS_BY_OWNER,
		SELECT_CARDS,
		SELECT_TOTALS,
		UPDATE_TEXTS,
		DELETE_CARD,
		SELECT_PICTURE,
		DELETE_DECK
	].map((sql) => db.prepare(sql));

	const insertCards = (deckId: string, cards: readonly NewDeckCard[], first: number) =>
		cards.forEach((card, index) =>
			insertCard.run(
				deckId,
				card.cardKey,
				first + index,
				card.contentType,
				card.byteSize,
				card.sha256,
				JSON.stringify(card.texts),
				card.bytes,
				card.createdAt
			)
		);
	const withCards = (row: Record<string, SQLOutputValue>): CardDeckRecord => ({
		id: row.id as string,
		ownerId: row.owner_id as UserId,
		name: row.name as string,
		createdAt: Number(row.created_at),
		cards: selectCards.all(row.id as string).map(toCard)
	});

	return {
		create: (deck, cards) =>
			run('decks.create', () =>
				transaction(db, () => {
					insertDeck.run(deck.id, deck.ownerId, deck.name, deck.createdAt);
					insertCards(deck.id, cards, 0);
				})
			),
		findById: (id) =>
			run('decks.findById', () => {
				const row = selectDeck.get(id);
				return row ? withCards(row) : null;
			}),
		listByOwner: (ownerId) =>
			run('decks.listByOwner', () => selectByOwner.all(ownerId).map(withCards)),
		addCards: (deckId, cards, caps) =>
			run('decks.addCards', () =>
				transaction(
					db,
					() => {
						if (!selectDeck.get(deckId)) return 'not_found';
						const totals = selectTotals.get(deckId)!;
						if (Number(totals.cards) + cards.length > caps.maxCards) return 'too_many';
						const adding = cards.reduce((sum, card) => sum + card.byteSize, 0);
						if (Number(totals.bytes) + adding > caps.maxBytes) return 'too_large';
						insertCards(deckId, cards, Number(totals.last) + 1);
						return 'added';
					},
					true
				)
			),
		setTexts: (deckId, cardKey, texts) =>
			run(
				'decks.setTexts',
				() => Number(updateTexts.run(JSON.stringify(texts), deckId, cardKey).changes) > 0
			),
		removeCard: (deckId, cardKey) =>
			run('decks.removeCard', () => Number(deleteCard.run(deckId, cardKey).changes) > 0),
		picture: (deckId, cardKey) =>
			run('decks.picture', () => {
				const row = selectPicture.get(deckId, cardKey);
				if (!row) return null;
				return {
					contentType: row.content_type as DeckPictureType,
					sha256: row.sha256 as string,
					bytes: new Uint8Array(row.data as Uint8Array)
				};
			}),
		delete: (id, ownerId) =>
			run('decks.delete', () => Number(deleteDeck.run(id, ownerId).changes) > 0)
	};
}

function toCard(row: Record<string, SQLOutputValue>): DeckCardRecord {
	return {
		cardKey: row.card_key as string,
		position: Number(row.position),
		contentType: row.content_type as DeckPictureType,
		byteSize: Number(row.byte_size),
		sha256: row.sha256 as string,
		texts: JSON.parse(row.texts as string) as DeckCardTexts,
		createdAt: Number(row.created_at)
	};
}
