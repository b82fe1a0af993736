import { fail, redirect } from '@sveltejs/kit';
import { rajapintaErrorCode } from '#shared/protocol/errors.ts';
import { setSessionCookie } from '$lib/server/cookies';
import { MIN_PASSWORD_LENGTH, parseSignUpForm, readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/facilitator');
	return { passwordMin: MIN_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const parsed = parseSignUpForm(await readForm(request));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const { displayName, email } = parsed.value;
		const values = { displayName, email };
		const { accounts, rateLimits } = services();
		// Sign-up shares the sign-in budget: both would otherwise probe which e-mails have accounts.
		if (!(await rateLimits.allow('signIn', getClientAddress()))) {
			return fail(429, { errors: { form: { key: 'rate_limited' as const } }, values });
		}
		try {
			const session = await accounts.signUp(parsed.value);
			setSessionCookie(cookies, session.token, session.expiresAt);
		} catch (error) {
			if (rajapintaErrorCode(error) === 'conflict') {
				return fail(400, { errors: { email: { key: 'email_taken' as const } }, values });
			}
			throw error;
		}
		redirect(303, '/facilitator');
	}
};
