import { fail, redirect } from '@sveltejs/kit';
import { FIELD_MAX_CHARS } from '$lib/forms/fields.ts';
import { parseJoinForm, readForm } from '$lib/server/forms.ts';
import { joinWorkshop } from '$lib/server/join.ts';
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
		const parsed = parseJoinForm(await readForm(request));
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
