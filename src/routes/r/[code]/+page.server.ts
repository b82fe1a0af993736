import { fail, redirect } from '@sveltejs/kit';
import type { RegistrationCode } from '#shared/model/registration.ts';
import { readForm } from '$lib/server/forms.ts';
import { parseRegistrationForm } from '$lib/server/registration-forms.ts';
import { REGISTRATION_CODE_PATTERN, showCodeOnce } from '$lib/server/registration.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** The workshop behind an open registration link; null for a closed, unknown or malformed one. */
async function openLink(code: string) {
	if (!REGISTRATION_CODE_PATTERN.test(code)) return null;
	return services().registrations.openLink(code as RegistrationCode);
}

/** Registration before the day (issue 5): the form behind /r/<code>. No account needed. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const link = await openLink(params.code);
	if (!link) return { open: false as const };
	const { workshop, settings } = link;
	return {
		open: true as const,
		workshop: { title: workshop.title, locality: workshop.locality, date: workshop.date },
		questions: settings.questions
	};
};

export const actions: Actions = {
	default: async ({ params, request, getClientAddress, cookies }) => {
		// Counted before the lookup, like /join: trying links costs attempts whether or not they hit.
		if (!(await services().rateLimits.allow('join', getClientAddress()))) {
			return fail(429, { errors: { form: { key: 'rate_limited' as const } }, values: {} });
		}
		const link = await openLink(params.code);
		if (!link) return fail(404, { closed: true });
		const parsed = parseRegistrationForm(await readForm(request), link.settings.questions);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { personalCode, token } = await services().registrations.register(
			params.code as RegistrationCode,
			parsed.value
		);
		showCodeOnce(cookies, token, personalCode);
		redirect(303, `/p/${token}?new=1`);
	}
};
