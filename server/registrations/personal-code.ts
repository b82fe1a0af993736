import { createHash } from 'node:crypto';

/**
 * What is stored of a personal code: the SHA-256 of the code as typed on /join after
 * normalisePersonalCode (upper case, no dash), in lower-case hex. The code is random (ten
 * characters of a 31-letter alphabet, about 50 bits) and /join is rate limited, so a fast hash is
 * enough; it keeps the code itself out of the database and its backups. The same function is
 * `sha256_hex` in SQLite (see embedded/sqlite.ts) and `encode(sha256(…), 'hex')` in PostgreSQL,
 * which migration 10 used to hash the codes stored before.
 */
export function hashPersonalCode(code: string): string {
	return createHash('sha256').update(code, 'utf8').digest('hex');
}

/**
 * What is stored of the token in a registered person's own link /p/<token>: the same SHA-256 as a
 * personal code, since the link gives the same access. The token is random (32 nanoid characters)
 * so a fast hash is enough. Migration 13 hashed the tokens stored before.
 */
export function hashRegistrationToken(token: string): string {
	return hashPersonalCode(token);
}
