import { describe, expect, it } from 'vitest';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import { ParticipantTokens, hashSessionToken, newSessionToken, readCookie } from './tokens.ts';

const claims = {
	participantId: 'p1234567890abcde' as ParticipantId,
	workshopId: 'w1234567890abcde' as WorkshopId,
	expiresAt: 2_000_000_000_000
};

describe('participant tokens', () => {
	const tokens = new ParticipantTokens('a'.repeat(32));

	it('verifies a token it signed and returns its claims', () => {
		expect(tokens.verify(tokens.sign(claims), 1_000)).toEqual(claims);
	});

	it('refuses an expired, tampered, foreign or malformed token', () => {
		const token = tokens.sign(claims);
		const [body, mac] = token.split('.');
		const otherBody = Buffer.from(
			JSON.stringify({ p: 'x', w: claims.workshopId, e: claims.expiresAt })
		).toString('base64url');
		expect(tokens.verify(token, claims.expiresAt)).toBeNull();
		expect(tokens.verify(`${otherBody}.${mac}`, 1_000)).toBeNull();
		expect(tokens.verify(`${body}.${mac.slice(1)}`, 1_000)).toBeNull();
		expect(new ParticipantTokens('b'.repeat(32)).verify(token, 1_000)).toBeNull();
		for (const junk of ['', '.', 'abc', `${body}.`, 'x'.repeat(5000)]) {
			expect(tokens.verify(junk, 1_000)).toBeNull();
		}
	});
});

describe('session tokens', () => {
	it('are random and stored only as a hash', () => {
		const a = newSessionToken();
		expect(a).not.toBe(newSessionToken());
		expect(hashSessionToken(a)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashSessionToken(a)).not.toContain(a);
	});

	it('are read from a Cookie header', () => {
		expect(readCookie('a=1; rp_session=abc%3D; b=2', 'rp_session')).toBe('abc=');
		expect(readCookie(undefined, 'rp_session')).toBeNull();
		expect(readCookie('a=1', 'rp_session')).toBeNull();
	});
});
