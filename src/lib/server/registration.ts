import type { Cookies } from '@sveltejs/kit';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { RegistrationToken } from '#shared/model/registration.ts';
import type { RegistrationRecord } from '#server/storage/storage.ts';
import { PARTICIPANT_TOKEN_TTL_MS } from '#server/auth/tokens.ts';
import { cookieMaxAge, cookieName } from '$lib/paraglide/runtime.js';
import { setParticipantCookie } from './cookies.ts';
import { services } from './services.ts';

/** Shapes of the random parts of /r/<code> and /p/<token>; anything else cannot exist. */
export const REGISTRATION_CODE_PATTERN = /^[A-Za-z0-9_-]{21}$/;
export const REGISTRATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Seats the registered person (or finds the participant they already became) and gives this
 * browser their signed token, in the language they preferred. Null when the registration or its
 * workshop is gone.
 */
export async function joinRegistered(
	cookies: Cookies,
	registration: RegistrationRecord
): Promise<{ workshopId: WorkshopId; table: number } | null> {
	const { registrations, tokens, config } = services();
	const participant = await registrations.arrive(registration);
	if (!participant) return null;
	const token = tokens.sign({
		participantId: participant.id,
		workshopId: participant.workshopId,
		expiresAt: Date.now() + PARTICIPANT_TOKEN_TTL_MS
	});
	setParticipantCookie(cookies, token);
	// The cookie Paraglide reads (see routes/language): readable by the browser runtime.
	cookies.set(cookieName, registration.language, {
		path: '/',
		maxAge: cookieMaxAge,
		httpOnly: false,
		sameSite: 'lax',
		secure: config.secureCookies
	});
	return { workshopId: participant.workshopId, table: participant.table };
}

/** The cookie that carries a new personal code to the person's page, where it is shown once. */
const NEW_CODE_COOKIE = 'rajapinta_new_code';

/**
 * Only a hash of a personal code is stored, so the page after registering cannot read the code
 * back: it travels in a short-lived HttpOnly cookie for that page alone, which the page deletes
 * as it shows the code (takeCodeShownOnce).
 */
export function showCodeOnce(cookies: Cookies, token: RegistrationToken, code: string): void {
	cookies.set(NEW_CODE_COOKIE, code, {
		path: `/p/${token}`,
		httpOnly: true,
		sameSite: 'lax',
		secure: services().config.secureCookies,
		maxAge: 10 * 60
	});
}

/** The code showCodeOnce left for this page, deleted as it is read; null when none. */
export function takeCodeShownOnce(cookies: Cookies, token: RegistrationToken): string | null {
	const code = cookies.get(NEW_CODE_COOKIE) ?? null;
	if (code !== null) cookies.delete(NEW_CODE_COOKIE, { path: `/p/${token}` });
	return code;
}
