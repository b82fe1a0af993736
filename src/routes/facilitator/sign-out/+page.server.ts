import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE, clearSessionCookie } from '$lib/server/cookies';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ cookies }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) await services().accounts.signOut(token);
		clearSessionCookie(cookies);
		redirect(303, '/');
	}
};
