import { error, fail, redirect } from '@sveltejs/kit';
import { TEXT_LOCALES, type LocalisedText } from '#shared/model/workshop.ts';
import {
	DECK_PROBLEMS,
	type CardFileProblem,
	type DeckCardTexts,
	type DeckProblem
} from '#shared/model/card-deck.ts';
import { deckView } from '#server/decks/deck-service.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { cardFilesOf, uploadTooLarge } from '$lib/server/decks.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

async function ownDeck(locals: App.Locals, deckId: string) {
	const user = requireUser(locals);
	const deck = await services().decks.own(user.id, deckId);
	if (!deck) error(404, { message: 'not_found', code: 'not_found' });
	return { user, deck };
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const { deck } = await ownDeck(locals, params.deckId);
	return { deck: deckView(deck) };
};

type Outcome = {
	action: 'texts' | 'add' | 'remove';
	problems: { file: string | null; problem: CardFileProblem | DeckProblem }[];
	done: boolean;
};

const textOf = (form: FormData, name: string): string => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
	texts: async ({ locals, params, request }) => {
		const { user, deck } = await ownDeck(locals, params.deckId);
		const form = await readForm(request);
		const localised = (prefix: string, key: string) =>
			Object.fromEntries(
				TEXT_LOCALES.map((locale) => [locale, textOf(form, `${prefix}-${key}-${locale}`)])
			) as LocalisedText;
		const texts: Record<string, DeckCardTexts> = {};
		for (const card of deck.cards) {
			// Only cards the form carried: a card added in another tab keeps its texts.
			if (!form.has(`name-${card.cardKey}-fi`)) continue;
			texts[card.cardKey] = {
				name: localised('name', card.cardKey),
				alt: localised('alt', card.cardKey)
			};
		}
		await services().decks.setTexts({ ownerId: user.id, deckId: deck.id, texts });
		return { action: 'texts', problems: [], done: true } satisfies Outcome;
	},

	add: async ({ locals, params, request }) => {
		const { user, deck } = await ownDeck(locals, params.deckId);
		if (uploadTooLarge(request)) {
			const problems = [{ file: null, problem: DECK_PROBLEMS.deckTooLarge }];
			return fail(413, { action: 'add', problems, done: false } as Outcome);
		}
		const form = await readForm(request);
		const outcome = await services().decks.addFiles({
			ownerId: user.id,
			deckId: deck.id,
			files: await cardFilesOf(form, 'pictures')
		});
		if (!outcome.ok) {
			return fail(400, { action: 'add', problems: outcome.problems, done: false } as Outcome);
		}
		return { action: 'add', problems: [], done: true } satisfies Outcome;
	},

	remove: async ({ locals, params, request }) => {
		const { user, deck } = await ownDeck(locals, params.deckId);
		const form = await readForm(request);
		await services().decks.removeCard(user.id, deck.id, textOf(form, 'card'));
		return { action: 'remove', problems: [], done: true } satisfies Outcome;
	},

	delete: async ({ locals, params }) => {
		const { user, deck } = await ownDeck(locals, params.deckId);
		await services().decks.delete(user.id, deck.id);
		redirect(303, '/facilitator/decks');
	}
};
