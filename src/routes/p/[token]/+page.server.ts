import { error, redirect } from '@sveltejs/kit';
import {
	formatPersonalCode,
	normalisePersonalCode,
	type RegistrationToken
} from '#shared/model/registration.ts';
import { readForm } from '$lib/server/forms.ts';
import { PARTICIPANT_COOKIE } from '$lib/server/cookies.ts';
import {
	joinRegistered,
	REGISTRATION_TOKEN_PATTERN,
	takeCodeShownOnce
} from '$lib/server/registration.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** Only a hash of the token is stored: the link itself is known only from the address. */
function registrationOf(token: string) {
	if (!REGISTRATION_TOKEN_PATTERN.test(token)) return Promise.resolve(null);
	return services().registrations.byToken(token as RegistrationToken);
}

/**
 * A registered person's own page (issue 5): what they gave, their link, their short code once
 * (only its hash is stored; a new one can be issued here), joining on the day, and erasing the
 * registration. Whoever holds the link is that person: it is the only key, like a participant's
 * signed cookie.
 */
export const load: PageServerLoad = async ({ params, url, locals, setHeaders, cookies }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const registration = await registrationOf(params.token);
	const workshop = registration ? await services().workshops.get(registration.workshopId) : null;
	if (!registration || !workshop) return { registration: null };
	const newCode = takeCodeShownOnce(cookies, params.token as RegistrationToken);
	const here = locals.participant?.id === registration.participantId ? locals.participant : null;
	const settings = await services().storage.registrations.settings(workshop.id);
	const answered = (settings?.questions ?? []).filter((q) => registration.answers[q.id]);
	return {
		registration: {
			displayName: registration.displayName,
			organisation: registration.organisation,
			actorType: registration.actorType,
			language: registration.language,
			nameWithAnswers: registration.nameWithAnswers,
			/** Only right after registering: the code is not stored, so it shows once. */
			personalCode: newCode && normalisePersonalCode(newCode) ? formatPersonalCode(newCode) : null,
			// The address the person opened: the stored hash cannot give the link back.
			link: `${url.origin}/p/${params.token}`,
			arrived: registration.participantId !== null,
			answers: answered.map((question) => ({ question, text: registration.answers[question.id] }))
		},
		workshop: {
			id: workshop.id,
			title: workshop.title,
			locality: workshop.locality,
			date: workshop.date
		},
		/** This browser already holds the person's seat. */
		seatedHere: here !== null && here !== undefined,
		isNew: url.searchParams.get('new') === '1',
		confirming: url.searchParams.get('confirm') === '1'
	};
};

export const actions: Actions = {
	join: async ({ params, cookies }) => {
		const registration = await registrationOf(params.token);
		const joined = registration ? await joinRegistered(cookies, registration) : null;
		if (!joined) error(404, { message: 'not_found', code: 'not_found' });
		redirect(303, `/w/${joined.workshopId}/table`);
	},
	/** A new personal code, shown once; the old one stops working (a lost or forgotten code). */
	reissue: async ({ params }) => {
		const registration = await registrationOf(params.token);
		const code = registration ? await services().registrations.reissueCode(registration) : null;
		if (!code) error(404, { message: 'not_found', code: 'not_found' });
		return { personalCode: formatPersonalCode(code) };
	},
	delete: async ({ params, request, cookies, locals }) => {
		const form = await readForm(request);
		// Sent only by the confirmation step's button: a stray POST erases nobody.
		if (form.get('confirm') !== 'yes') error(400, { message: 'bad_request', code: 'bad_request' });
		const registration = await registrationOf(params.token);
		if (!registration) return { deleted: true };
		const { registrations, workshops, privacy } = services();
		if (registration.participantId) {
			// Arrived: erasing the participant takes the registration with it (and closes their board).
			const participant = await workshops.participant(registration.participantId);
			if (participant) await privacy.eraseSelf(participant);
			if (locals.participant?.id === registration.participantId) {
				cookies.delete(PARTICIPANT_COOKIE, { path: '/' });
				locals.participant = null;
			}
		}
		await registrations.deleteOwn(registration);
		return { deleted: true };
	}
};
