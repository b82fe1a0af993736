import { fail, redirect } from '@sveltejs/kit';
import { DECK_PROBLEMS } from '#shared/model/card-deck.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { cardFilesOf, uploadTooLarge } from '$lib/server/decks.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	return { decks: await services().decks.list(user.id) };
};

export const actions: Actions = {
	upload: async ({ locals, request }) => {
		const user = requireUser(locals);
		if (uploadTooLarge(request)) {
			return fail(413, {
				problems: [{ file: null, problem: DECK_PROBLEMS.deckTooLarge }],
				name: ''
			});
		}
		const form = await readForm(request);
		const name = form.get('name');
		const outcome = await services().decks.upload({
			ownerId: user.id,
			name: typeof name === 'string' ? name : '',
			files: await cardFilesOf(form, 'pictures')
		});
		if (!outcome.ok) {
			return fail(400, {
				problems: outcome.problems,
				name: typeof name === 'string' ? name.slice(0, 200) : ''
			});
		}
		redirect(303, `/facilitator/decks/${outcome.deckId}`);
	}
};
