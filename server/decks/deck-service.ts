import { createHash } from 'node:crypto';
import { customAlphabet } from 'nanoid';
import { DECK_CARD_KEY_PATTERN, DECK_ID_PATTERN, deckCardId } from '#shared/model/board/cards.ts';
import {
	CARD_ALT_MAX_CHARS,
	CARD_NAME_MAX_CHARS,
	DECK_NAME_MAX_CHARS,
	DECK_PROBLEMS,
	MAX_DECK_BYTES,
	MAX_DECK_CARDS,
	MAX_DECKS_PER_OWNER,
	type CardFileProblem,
	type DeckCardTexts,
	type DeckProblem,
	type DeckView
} from '#shared/model/card-deck.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { TEXT_LOCALES, type LocalisedText, type Phase } from '#shared/model/workshop.ts';
import { normaliseLiveState } from '#shared/model/workshop-ops.ts';
import type { Principals } from '#server/auth/access.ts';
import type { CardDeckRecord, DeckPicture, NewDeckCard } from '#server/storage/decks.ts';
import type { Storage } from '#server/storage/storage.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { checkCardFile, type CardFile } from './card-files.ts';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newDeckId = customAlphabet(ID_ALPHABET, 12);
const newCardKey = customAlphabet(ID_ALPHABET, 8);

/** One refused upload: the file it is about (null for the whole upload) and why. */
export interface UploadProblem {
	file: string | null;
	problem: CardFileProblem | DeckProblem;
}

export type UploadOutcome = { ok: true; deckId: string } | { ok: false; problems: UploadProblem[] };

/** A deck in the owner's list. */
export interface DeckSummary {
	id: string;
	name: string;
	cardCount: number;
	/** Cards with no picture description in any language. */
	missingAlt: number;
	/** Stored picture bytes. */
	bytes: number;
}

export type DeckAccess = 'ok' | 'unauthorised' | 'forbidden' | 'not_found';

const EMPTY_TEXT: LocalisedText = { fi: '', sv: '', en: '' };

/** A card's first name, from its file name: "silta_1.png" → "silta 1". */
function nameFromFile(file: string): LocalisedText {
	const base = file
		.replace(/\.[a-z0-9]{1,5}$/i, '')
		.replace(/[_-]+/g, ' ')
		.trim()
		.slice(0, CARD_NAME_MAX_CHARS);
	// Finnish only: the other languages show it until the facilitator writes theirs.
	return { fi: base, sv: '', en: '' };
}

export const usesDeck = (phases: readonly Phase[], deckId: string): boolean =>
	phases.some((phase) => phase.settings.cards?.deckId === deckId);

/**
 * Facilitators' own metaphor card decks (issue 4): upload with checks, texts, and who may see a
 * deck: its owner, and the facilitators and participants of a workshop whose plan uses it.
 */
export class DeckService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #now: () => number;

	constructor(options: { storage: Storage; workshops: WorkshopService; now?: () => number }) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#now = options.now ?? Date.now;
	}

	async list(ownerId: UserId): Promise<DeckSummary[]> {
		const decks = await this.#storage.decks.listByOwner(ownerId);
		return decks.map((deck) => ({
			id: deck.id,
			name: deck.name,
			cardCount: deck.cards.length,
			missingAlt: deck.cards.filter((card) => TEXT_LOCALES.every((l) => !card.texts.alt[l].trim()))
				.length,
			bytes: deck.cards.reduce((sum, card) => sum + card.byteSize, 0)
		}));
	}

	/** The owner's deck; null for a deck that does not exist or is somebody else's. */
	async own(ownerId: UserId, deckId: string): Promise<CardDeckRecord | null> {
		if (!DECK_ID_PATTERN.test(deckId)) return null;
		const deck = await this.#storage.decks.findById(deckId);
		return deck?.ownerId === ownerId ? deck : null;
	}

	/** Checks every file first: one bad file refuses the whole upload, naming each bad file. */
	async upload(options: {
		ownerId: UserId;
		name: string;
		files: readonly CardFile[];
	}): Promise<UploadOutcome> {
		const name = options.name.trim();
		const problems: UploadProblem[] = [];
		if (!name || name.length > DECK_NAME_MAX_CHARS) {
			problems.push({ file: null, problem: DECK_PROBLEMS.name });
		}
		// Counted before the upload is stored: two uploads at once may pass it by one, which is fine.
		if ((await this.#storage.decks.listByOwner(options.ownerId)).length >= MAX_DECKS_PER_OWNER) {
			problems.push({ file: null, problem: DECK_PROBLEMS.tooManyDecks });
		}
		const checked = this.#check(options.files, { cards: 0, bytes: 0 });
		if (!checked.ok) problems.push(...checked.problems);
		if (problems.length > 0 || !checked.ok) return { ok: false, problems };
		const deckId = newDeckId();
		await this.#storage.decks.create(
			{ id: deckId, ownerId: options.ownerId, name, createdAt: this.#now() },
			checked.cards
		);
		return { ok: true, deckId };
	}

	/** Adds pictures to the owner's deck, within the caps. */
	async addFiles(options: {
		ownerId: UserId;
		deckId: string;
		files: readonly CardFile[];
	}): Promise<UploadOutcome> {
		const deck = await this.own(options.ownerId, options.deckId);
		if (!deck) return { ok: false, problems: [{ file: null, problem: DECK_PROBLEMS.notFound }] };
		const bytes = deck.cards.reduce((sum, card) => sum + card.byteSize, 0);
		const checked = this.#check(options.files, { cards: deck.cards.length, bytes });
		if (!checked.ok) return checked;
		const added = await this.#storage.decks.addCards(deck.id, checked.cards, {
			maxCards: MAX_DECK_CARDS,
			maxBytes: MAX_DECK_BYTES
		});
		if (added === 'added') return { ok: true, deckId: deck.id };
		// Another upload to the same deck came first and used up the room.
		const problem = added === 'too_many' ? DECK_PROBLEMS.tooMany : DECK_PROBLEMS.deckTooLarge;
		return { ok: false, problems: [{ file: null, problem }] };
	}

	#check(
		files: readonly CardFile[],
		already: { cards: number; bytes: number }
	): { ok: true; cards: NewDeckCard[] } | { ok: false; problems: UploadProblem[] } {
		if (files.length === 0) {
			return { ok: false, problems: [{ file: null, problem: DECK_PROBLEMS.noFiles }] };
		}
		if (already.cards + files.length > MAX_DECK_CARDS) {
			return { ok: false, problems: [{ file: null, problem: DECK_PROBLEMS.tooMany }] };
		}
		const problems: UploadProblem[] = [];
		const cards: NewDeckCard[] = [];
		const createdAt = this.#now();
		for (const file of files) {
			const checked = checkCardFile(file);
			if (!checked.ok) {
				problems.push({ file: file.name, problem: checked.problem });
				continue;
			}
			cards.push({
				cardKey: newCardKey(),
				contentType: checked.contentType,
				byteSize: checked.bytes.byteLength,
				sha256: createHash('sha256').update(checked.bytes).digest('hex'),
				texts: { name: nameFromFile(file.name), alt: { ...EMPTY_TEXT } },
				createdAt,
				bytes: checked.bytes
			});
		}
		if (problems.length > 0) return { ok: false, problems };
		const total = already.bytes + cards.reduce((sum, card) => sum + card.byteSize, 0);
		if (total > MAX_DECK_BYTES) {
			return { ok: false, problems: [{ file: null, problem: DECK_PROBLEMS.deckTooLarge }] };
		}
		return { ok: true, cards };
	}

	/**
	 * Saves the texts of the owner's cards; cards not named keep theirs. Texts are trimmed and cut
	 * to their caps. Returns false for a deck that is not the owner's.
	 */
	async setTexts(options: {
		ownerId: UserId;
		deckId: string;
		texts: Readonly<Record<string, DeckCardTexts>>;
	}): Promise<boolean> {
		const deck = await this.own(options.ownerId, options.deckId);
		if (!deck) return false;
		for (const card of deck.cards) {
			const texts = options.texts[card.cardKey];
			if (!texts) continue;
			const clean = (text: LocalisedText, max: number) =>
				Object.fromEntries(
					TEXT_LOCALES.map((l) => [l, (text[l] ?? '').trim().slice(0, max)])
				) as LocalisedText;
			await this.#storage.decks.setTexts(deck.id, card.cardKey, {
				name: clean(texts.name, CARD_NAME_MAX_CHARS),
				alt: clean(texts.alt, CARD_ALT_MAX_CHARS)
			});
		}
		return true;
	}

	async removeCard(ownerId: UserId, deckId: string, cardKey: string): Promise<boolean> {
		const deck = await this.own(ownerId, deckId);
		if (!deck || !DECK_CARD_KEY_PATTERN.test(cardKey)) return false;
		return this.#storage.decks.removeCard(deck.id, cardKey);
	}

	delete(ownerId: UserId, deckId: string): Promise<boolean> {
		return this.#storage.decks.delete(deckId, ownerId);
	}

	/**
	 * Whether a facilitator may put the deck in a workshop's plan: it is theirs, or the plan had it
	 * already (a co-facilitator saving the owner's choice).
	 */
	async mayChoose(userId: UserId, deckId: string, workshopId: WorkshopId): Promise<boolean> {
		if (await this.own(userId, deckId)) return true;
		const state = await this.#workshops.state(workshopId);
		return state !== null && usesDeck(state.phases, deckId);
	}

	/**
	 * Who may see a deck's cards: its owner, and the facilitators and participants of a workshop
	 * whose plan uses it and which its owner facilitates. The last part matters: a plan is data a
	 * facilitator writes (their own templates too), so naming a deck in one must not be enough to
	 * see somebody else's deck. Scans the asking facilitator's workshops: fine for the tens one
	 * facilitator runs; a deck-to-workshop table would be the step beyond that.
	 */
	async access(principals: Principals, deckId: string): Promise<DeckAccess> {
		const { user, participant } = principals;
		if (!user && !participant) return 'unauthorised';
		if (!DECK_ID_PATTERN.test(deckId)) return 'not_found';
		const deck = await this.#storage.decks.findById(deckId);
		if (!deck) return 'not_found';
		if (user && deck.ownerId === user.id) return 'ok';
		const usedBy = async (workshopId: WorkshopId, phases: readonly Phase[]) =>
			usesDeck(phases, deckId) && (await this.#workshops.isFacilitator(workshopId, deck.ownerId));
		if (participant) {
			const state = await this.#workshops.state(participant.workshopId);
			if (state && (await usedBy(participant.workshopId, state.phases))) return 'ok';
		}
		if (user) {
			for (const workshop of await this.#workshops.listFor(user.id)) {
				if (await usedBy(workshop.id, normaliseLiveState(workshop.state).phases)) return 'ok';
			}
		}
		return 'forbidden';
	}

	/** The deck's names and descriptions, for whoever may see it. */
	async view(principals: Principals, deckId: string): Promise<DeckView | DeckAccess> {
		const access = await this.access(principals, deckId);
		if (access !== 'ok') return access;
		const deck = await this.#storage.decks.findById(deckId);
		if (!deck) return 'not_found';
		return deckView(deck);
	}

	async picture(
		principals: Principals,
		deckId: string,
		cardKey: string
	): Promise<DeckPicture | DeckAccess> {
		if (!DECK_CARD_KEY_PATTERN.test(cardKey)) return 'not_found';
		const access = await this.access(principals, deckId);
		if (access !== 'ok') return access;
		return (await this.#storage.decks.picture(deckId, cardKey)) ?? 'not_found';
	}
}

export function deckView(deck: CardDeckRecord): DeckView {
	return {
		id: deck.id,
		name: deck.name,
		cards: deck.cards.map((card) => ({
			cardId: deckCardId(deck.id, card.cardKey),
			cardKey: card.cardKey,
			name: card.texts.name,
			alt: card.texts.alt
		}))
	};
}
