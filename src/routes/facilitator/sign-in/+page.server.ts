import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/cookies';
import { parseSignInForm, readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/facilitator');
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const parsed = parseSignInForm(await readForm(request));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const values = { email: parsed.value.email };
		const { accounts, rateLimits } = services();
		if (!(await rateLimits.allow('signIn', getClientAddress()))) {
			return fail(429, { errors: { form: { key: 'rate_limited' as const } }, values });
		}
		const session = await accounts.signIn(parsed.value.email, parsed.value.password);
		if (!session) {
			return fail(400, { errors: { form: { key: 'credentials_invalid' as const } }, values });
		}
		setSessionCookie(cookies, session.token, session.expiresAt);
		redirect(303, '/facilitator');
	}
};
