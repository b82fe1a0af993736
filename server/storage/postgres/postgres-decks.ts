import type postgres from 'postgres';
import type { DeckCardTexts, DeckPictureType } from '#shared/model/card-deck.ts';
import type { UserId } from '#shared/model/ids.ts';
import { guard } from '../errors.ts';
import type { CardDeckRecord, CardDeckStore, DeckCardRecord, NewDeckCard } from '../decks.ts';
import { classifyPostgresError, query, toBytes, type Queryable } from './pg.ts';

interface DeckRow {
	id: string;
	owner_id: string;
	name: string;
	/** bigint arrives as a string; epoch ms fit a number. */
	created_at: string;
}

interface CardRow {
	deck_id: string;
	card_key: string;
	position: number;
	content_type: string;
	byte_size: number;
	sha256: string;
	texts: DeckCardTexts;
	created_at: string;
}

const INSERT_DECK =
	'INSERT INTO card_decks (id, owner_id, name, created_at) VALUES ($1, $2, $3, $4)';
const INSERT_CARD = `INSERT INTO card_deck_cards
	(deck_id, card_key, position, content_type, byte_size, sha256, texts, data, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9)`;
const SELECT_DECK = 'SELECT * FROM card_decks WHERE id = $1';
// FOR UPDATE: two uploads to one deck take turns, so together they cannot pass the caps.
const LOCK_DECK = 'SELECT id FROM card_decks WHERE id = $1 FOR UPDATE';
const SELECT_DECKS_BY_OWNER = `SELECT * FROM card_decks WHERE owner_id = $1
	ORDER BY created_at DESC, id`;
const CARD_COLUMNS =
	'deck_id, card_key, position, content_type, byte_size, sha256, texts, created_at';
const SELECT_CARDS = `SELECT ${CARD_COLUMNS} FROM card_deck_cards WHERE deck_id = ANY($1::text[])
	ORDER BY position, card_key`;
const SELECT_TOTALS = `SELECT count(*)::int AS cards, coalesce(sum(byte_size), 0)::bigint AS bytes,
	coalesce(max(position), -1)::int AS last FROM card_deck_cards WHERE deck_id = $1`;
const UPDATE_TEXTS = `UPDATE card_deck_cards SET texts = $1::text::jsonb
	WHERE deck_id = $2 AND card_key = $3 RETURNING card_key`;
const DELETE_CARD =
	'DELETE FROM card_deck_cards WHERE deck_id = $1 AND card_key = $2 RETURNING card_key';
const SELECT_PICTURE = `SELECT content_type, sha256, data FROM card_deck_cards
	WHERE deck_id = $1 AND card_key = $2`;
const DELETE_DECK = 'DELETE FROM card_decks WHERE id = $1 AND owner_id = $2 RETURNING id';

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

async function insertCards(
	sql: Queryable,
	deckId: string,
	cards: readonly NewDeckCard[],
	first: number
): Promise<void> {
	for (const [index, card] of cards.entries()) {
		await query(sql, INSERT_CARD, [
			deckId,
			card.cardKey,
			first + index,
			card.contentType,
			card.byteSize,
			card.sha256,
			JSON.stringify(card.texts),
			Buffer.from(card.bytes.buffer, card.bytes.byteOffset, card.bytes.byteLength),
			card.createdAt
		]);
	}
}

export function createCardDeckStore(sql: postgres.Sql): CardDeckStore {
	const withCards = async (rows: DeckRow[]): Promise<CardDeckRecord[]> => {
		if (rows.length === 0) return [];
		const cards = await query<CardRow>(sql, SELECT_CARDS, [rows.map((row) => row.id)]);
		return rows.map((row) => ({
			id: row.id,
			ownerId: row.owner_id as UserId,
			name: row.name,
			createdAt: Number(row.created_at),
			cards: cards.filter((card) => card.deck_id === row.id).map(toCard)
		}));
	};

	return {
		create: (deck, cards) =>
			run('decks.create', () =>
				sql.begin(async (tx) => {
					await query(tx, INSERT_DECK, [deck.id, deck.ownerId, deck.name, deck.createdAt]);
					await insertCards(tx, deck.id, cards, 0);
				})
			),
		findById: (id) =>
			run('decks.findById', async () => {
				const [deck] = await withCards(await query<DeckRow>(sql, SELECT_DECK, [id]));
				return deck ?? null;
			}),
		listByOwner: (ownerId) =>
			run('decks.listByOwner', async () =>
				withCards(await query<DeckRow>(sql, SELECT_DECKS_BY_OWNER, [ownerId]))
			),
		addCards: (deckId, cards, caps) =>
			run('decks.addCards', () =>
				sql.begin(async (tx) => {
					if ((await query(tx, LOCK_DECK, [deckId])).length === 0) return 'not_found' as const;
					const [totals] = await query<{ cards: number; bytes: string; last: number }>(
						tx,
						SELECT_TOTALS,
						[deckId]
					);
					if (totals.cards + cards.length > caps.maxCards) return 'too_many' as const;
					const adding = cards.reduce((sum, card) => sum + card.byteSize, 0);
					if (Number(totals.bytes) + adding > caps.maxBytes) return 'too_large' as const;
					await insertCards(tx, deckId, cards, totals.last + 1);
					return 'added' as const;
				})
			),
		setTexts: (deckId, cardKey, texts) =>
			run(
				'decks.setTexts',
				async () =>
					(await query(sql, UPDATE_TEXTS, [JSON.stringify(texts), deckId, cardKey])).length > 0
			),
		removeCard: (deckId, cardKey) =>
			run(
				'decks.removeCard',
				async () => (await query(sql, DELETE_CARD, [deckId, cardKey])).length > 0
			),
		picture: (deckId, cardKey) =>
			run('decks.picture', async () => {
				const [row] = await query<{ content_type: string; sha256: string; data: Uint8Array }>(
					sql,
					SELECT_PICTURE,
					[deckId, cardKey]
				);
				if (!row) return null;
				return {
					contentType: row.content_type as DeckPictureType,
					sha256: row.sha256,
					bytes: toBytes(row.data)
				};
			}),
		delete: (id, ownerId) =>
			run('decks.delete', async () => (await query(sql, DELETE_DECK, [id, ownerId])).length > 0)
	};
}

function toCard(row: CardRow): DeckCardRecord {
	return {
		cardKey: row.card_key,
		position: row.position,
		contentType: row.content_type as DeckPictureType,
		byteSize: row.byte_size,
		sha256: row.sha256,
		texts: row.texts,
		createdAt: Number(row.created_at)
	};
}
