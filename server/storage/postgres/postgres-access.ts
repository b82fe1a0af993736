import type postgres from 'postgres';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { guard } from '../errors.ts';
import type { ApiTokenRecord, ApiTokenStore, ShareLinkRecord, ShareLinkStore } from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

type Row = Record<string, unknown>;

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

const INSERT_TOKEN = `INSERT INTO api_tokens (id, network_id, name, token_hash, created_by,
	created_at, last_used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
const SELECT_TOKEN_BY_HASH = 'SELECT * FROM api_tokens WHERE token_hash = $1';
const SELECT_ACTIVE_TOKENS = `SELECT * FROM api_tokens WHERE network_id = $1 AND revoked_at IS NULL
	ORDER BY created_at DESC, id`;
const REVOKE_TOKEN = `UPDATE api_tokens SET revoked_at = $1
	WHERE network_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING id`;
const TOUCH_TOKEN = 'UPDATE api_tokens SET last_used_at = $1 WHERE id = $2';

const INSERT_LINK = `INSERT INTO share_links (id, network_id, workshop_id, created_by, created_at,
	expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const SELECT_LINK = 'SELECT * FROM share_links WHERE id = $1';
const SELECT_ACTIVE_LINKS = `SELECT * FROM share_links WHERE network_id = $1 AND workshop_id = $2
	AND revoked_at IS NULL AND expires_at > $3 ORDER BY expires_at, id`;
const REVOKE_LINK = `UPDATE share_links SET revoked_at = $1
	WHERE network_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING id`;

export function createApiTokenStore(sql: postgres.Sql): ApiTokenStore {
	return {
		create: (t) =>
			run('apiTokens.create', async () => {
				await query(sql, INSERT_TOKEN, [
					t.id,
					t.networkId,
					t.name,
					t.tokenHash,
					t.createdBy,
					t.createdAt,
					t.lastUsedAt,
					t.revokedAt
				]);
			}),
		findByHash: (hash) =>
			run('apiTokens.findByHash', async () => {
				const [row] = await query(sql, SELECT_TOKEN_BY_HASH, [hash]);
				return row ? toToken(row) : null;
			}),
		listActive: (networkId) =>
			run('apiTokens.listActive', async () =>
				(await query(sql, SELECT_ACTIVE_TOKENS, [networkId])).map(toToken)
			),
		revoke: (networkId, id, at) =>
			run(
				'apiTokens.revoke',
				async () => (await query(sql, REVOKE_TOKEN, [at, networkId, id])).length > 0
			),
		touch: (id, at) =>
			run('apiTokens.touch', async () => {
				await query(sql, TOUCH_TOKEN, [at, id]);
			})
	};
}

export function createShareLinkStore(sql: postgres.Sql): ShareLinkStore {
	return {
		create: (l) =>
			run('shareLinks.create', async () => {
				await query(sql, INSERT_LINK, [
					l.id,
					l.networkId,
					l.workshopId,
					l.createdBy,
					l.createdAt,
					l.expiresAt,
					l.revokedAt
				]);
			}),
		findById: (id) =>
			run('shareLinks.findById', async () => {
				const [row] = await query(sql, SELECT_LINK, [id]);
				return row ? toLink(row) : null;
			}),
		listActive: (networkId, workshopId, now) =>
			run('shareLinks.listActive', async () =>
				(await query(sql, SELECT_ACTIVE_LINKS, [networkId, workshopId, now])).map(toLink)
			),
		revoke: (networkId, id, at) =>
			run(
				'shareLinks.revoke',
				async () => (await query(sql, REVOKE_LINK, [at, networkId, id])).length > 0
			)
	};
}

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));

function toToken(row: Row): ApiTokenRecord {
	return {
		id: String(row.id),
		networkId: String(row.network_id),
		name: String(row.name),
		tokenHash: String(row.token_hash),
		createdBy: String(row.created_by) as UserId,
		createdAt: Number(row.created_at),
		lastUsedAt: numberOrNull(row.last_used_at),
		revokedAt: numberOrNull(row.revoked_at)
	};
}

function toLink(row: Row): ShareLinkRecord {
	return {
		id: String(row.id),
		networkId: String(row.network_id),
		workshopId: String(row.workshop_id) as WorkshopId,
		createdBy: String(row.created_by) as UserId,
		createdAt: Number(row.created_at),
		expiresAt: Number(row.expires_at),
		revokedAt: numberOrNull(row.revoked_at)
	};
}
