import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { services } from '$lib/server/services';
import { PARTICIPANT_COOKIE, SESSION_COOKIE } from '$lib/server/cookies';

/** Resolves the facilitator session and participant token once per request. */
const principals: Handle = async ({ event, resolve }) => {
	const { access } = services();
	const found = await access.resolve(
		event.cookies.get(SESSION_COOKIE) ?? null,
		event.cookies.get(PARTICIPANT_COOKIE) ?? null
	);
	event.locals.user = found.user
		? { id: found.user.id, email: found.user.email, displayName: found.user.displayName }
		: null;
	event.locals.participant = found.participant;
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

/** Security headers the CSP (svelte.config.js) does not cover. */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	return response;
};

export const handle = sequence(securityHeaders, i18n, principals);
