import { error } from '@sveltejs/kit';
import { PARTICIPANT_COOKIE } from '$lib/server/cookies.ts';
import { readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * What is stored about the participant of this browser, and their erasure (issue 5). The
 * participant comes only from their signed token: nobody can name another person here.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const participant = locals.participant;
	if (!participant || participant.workshopId !== params.workshopId) {
		return { workshopId: params.workshopId, me: null };
	}
	const { workshops, privacy } = services();
	const workshop = await workshops.get(participant.workshopId);
	if (!workshop) return { workshopId: params.workshopId, me: null };
	const { displayName, organisation, actorType, table, joinedAt } = participant;
	const registered = await services().registrations.ofParticipant(participant);
	return {
		/** What they gave when registering before the day; null for a walk-in. */
		registration: registered && {
			language: registered.registration.language,
			nameWithAnswers: registered.registration.nameWithAnswers,
			answers: registered.questions.map((question) => ({
				question,
				text: registered.registration.answers[question.id]
			}))
		},
		workshopId: workshop.id,
		title: workshop.title,
		me: { displayName, organisation, actorType, table, joinedAt },
		erasesAt: await privacy.erasesAt(workshop),
		confirming: url.searchParams.get('confirm') === '1'
	};
};

export const actions: Actions = {
	delete: async ({ locals, params, request, cookies }) => {
		const participant = locals.participant;
		if (!participant || participant.workshopId !== params.workshopId) {
			error(403, { message: 'forbidden', code: 'forbidden' });
		}
		const form = await readForm(request);
		// The confirmation step's button sends this; a stray POST does not erase anybody.
		if (form.get('confirm') !== 'yes') error(400, { message: 'bad_request', code: 'bad_request' });
		await services().privacy.eraseSelf(participant);
		cookies.delete(PARTICIPANT_COOKIE, { path: '/' });
		// The load after this action runs in the same request: it must not see the old record.
		locals.participant = null;
		return { deleted: true };
	}
};
