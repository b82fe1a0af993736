import type { Cookies } from '@sveltejs/kit';
import {
	PARTICIPANT_COOKIE,
	PARTICIPANT_TOKEN_TTL_MS,
	SESSION_COOKIE
} from '#server/auth/tokens.ts';
import { services } from './services.ts';

/** HttpOnly, SameSite=Lax; Secure when the deployment's ORIGIN is https. */
function options(maxAgeMs: number) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: services().config.secureCookies,
		maxAge: Math.floor(maxAgeMs / 1000)
	};
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE, token, options(expiresAt - Date.now()));
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

export function setParticipantCookie(cookies: Cookies, token: string): void {
	cookies.set(PARTICIPANT_COOKIE, token, options(PARTICIPANT_TOKEN_TTL_MS));
}

export { PARTICIPANT_COOKIE, SESSION_COOKIE };
