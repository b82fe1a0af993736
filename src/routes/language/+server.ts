import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime.js';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { RequestHandler } from './$types';

/** Only paths on this site, so the switcher cannot be used to send people elsewhere. */
function safeReturnPath(value: FormDataEntryValue | null): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
	if (value.includes('\\') || value.length > 2000) return '/';
	return value;
}

/**
 * The language switcher posts here, so it works without JavaScript. The cookie is the one
 * Paraglide's cookie strategy reads, and it must stay readable by the browser runtime.
 */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await readForm(request);
	const locale = form.get('locale');
	if (typeof locale === 'string' && isLocale(locale)) {
		cookies.set(cookieName, locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax',
			secure: services().config.secureCookies
		});
	}
	redirect(303, safeReturnPath(form.get('returnTo')));
};
