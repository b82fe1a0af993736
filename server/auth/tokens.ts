import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie } from 'cookie';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';

/** Cookie holding a facilitator's session token (random; only its hash is stored). */
export const SESSION_COOKIE = 'rp_session';
/** Cookie holding a participant's signed token. */
export const PARTICIPANT_COOKIE = 'rp_participant';

/** Facilitator sessions last a working week. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A participant token outlives the day so a reload the next morning still works. */
export const PARTICIPANT_TOKEN_TTL_MS = 3 * 24 * 60 * 60 * 1000;

export function newSessionToken(): string {
	return randomBytes(32).toString('base64url');
}

/** What is stored for a session token, so a leaked database does not leak live sessions. */
export function hashSessionToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Claims of a participant token: who, in which workshop, until when (epoch ms). */
export interface ParticipantClaims {
	participantId: ParticipantId;
	workshopId: WorkshopId;
	expiresAt: number;
}

/**
 * Signs participant tokens with HMAC-SHA256: `base64url(json).base64url(mac)`. The table is not in
 * the token, because facilitators move people between tables; it is looked up on every check.
 */
export class ParticipantTokens {
	readonly #secret: Buffer;

	constructor(secret: string) {
		this.#secret = Buffer.from(secret, 'utf8');
	}

	sign(claims: ParticipantClaims): string {
		const body = Buffer.from(
			JSON.stringify({ p: claims.participantId, w: claims.workshopId, e: claims.expiresAt })
		).toString('base64url');
		return `${body}.${this.#mac(body)}`;
	}

	/**
	 * The participant's author key on boards (ItemFields.authorKey): derived from their id with
	 * the secret, so the server can check "own item" rules without storing a key, and nobody
	 * without the secret can tell whose it is. 22 base64url characters (132 bits).
	 */
	authorKey(participantId: ParticipantId): string {
		return createHmac('sha256', this.#secret)
			.update(`author:${participantId}`)
			.digest('base64url')
			.slice(0, 22);
	}

	/** The claims of a genuine, unexpired token; null for anything else. */
	verify(token: string, now: number = Date.now()): ParticipantClaims | null {
		const dot = token.indexOf('.');
		if (dot < 1 || token.length > 1024) return null;
		const body = token.slice(0, dot);
		const mac = Buffer.from(token.slice(dot + 1), 'base64url');
		const expected = Buffer.from(this.#mac(body), 'base64url');
		if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
		try {
			const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
			if (!isClaimsJson(parsed) || parsed.e <= now) return null;
			return {
				participantId: parsed.p as ParticipantId,
				workshopId: parsed.w as WorkshopId,
				expiresAt: parsed.e
			};
		} catch {
			return null;
		}
	}

	#mac(body: string): string {
		return createHmac('sha256', this.#secret).update(body).digest('base64url');
	}
}

function isClaimsJson(value: unknown): value is { p: string; w: string; e: number } {
	if (typeof value !== 'object' || value === null) return false;
	const record = value as Record<string, unknown>;
	return (
		typeof record.p === 'string' && typeof record.w === 'string' && typeof record.e === 'number'
	);
}

/** Reads one cookie from a Cookie header (upgrade requests and socket.io handshakes). */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	return parseCookie(header)[name] ?? null;
}
