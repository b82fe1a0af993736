import { fail, redirect } from '@sveltejs/kit';
import { normalisePersonalCode } from '#shared/model/registration.ts';
import { FIELD_MAX_CHARS } from '$lib/forms/fields.ts';
import { parseJoinForm, readForm } from '$lib/server/forms.ts';
import { joinWorkshop } from '$lib/server/join.ts';
import { joinRegistered } from '$lib/server/registration.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const participant = locals.participant;
	const workshop = participant ? await services().workshops.get(participant.workshopId) : null;
	return {
		code: (url.searchParams.get('code') ?? '').slice(0, FIELD_MAX_CHARS.joinCode),
		current:
			participant && workshop
				? { workshopId: workshop.id, title: workshop.title, table: participant.table }
				: null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const form = await readForm(request);
		const typed = form.get('code');
		const personal =
			typeof typed === 'string' && typed.length <= FIELD_MAX_CHARS.joinCode
				? normalisePersonalCode(typed)
				: null;
		// A registered person's own code is longer than a join code: it seats them as who they registered as.
		if (personal) {
			const values = {
				code: String(typed).trim(),
				displayName: '',
				organisation: '',
				actorType: ''
			};
			if (!(await services().rateLimits.allow('join', getClientAddress()))) {
				return fail(429, { errors: { form: { key: 'rate_limited' as const } }, values });
			}
			const registration = await services().registrations.byPersonalCode(personal);
			const joined = registration ? await joinRegistered(cookies, registration) : null;
			if (!joined) {
				return fail(400, { errors: { code: { key: 'code_unknown' as const } }, values });
			}
			redirect(303, `/w/${joined.workshopId}/table`);
		}
		const parsed = parseJoinForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { code, displayName, organisation, actorType } = parsed.value;
		const values = { code, displayName: displayName ?? '', organisation, actorType };
		// Counted before the lookup, so guessing codes costs attempts whether or not they hit.
		if (!(await services().rateLimits.allow('join', getClientAddress()))) {
			return fail(429, { errors: { form: { key: 'rate_limited' as const } }, values });
		}
		const joined = await joinWorkshop(cookies, parsed.value);
		if (!joined) {
			return fail(400, { errors: { code: { key: 'code_unknown' as const } }, values });
		}
		redirect(303, `/w/${joined.workshopId}/table`);
	}
};
