import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import type { ApiTokenRecord, ApiTokenStore, ShareLinkRecord, ShareLinkStore } from '../storage.ts';
import { runLater as run } from './sqlite.ts';

type Row = Record<string, SQLOutputValue>;

const INSERT_TOKEN = `INSERT INTO api_tokens (id, network_id, name, token_hash, created_by,
	created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const SELECT_TOKEN_BY_HASH = 'SELECT * FROM api_tokens WHERE token_hash = ?';
const SELECT_ACTIVE_TOKENS = `SELECT * FROM api_tokens WHERE network_id = ? AND revoked_at IS NULL
	ORDER BY created_at DESC, id`;
const REVOKE_TOKEN = `UPDATE api_tokens SET revoked_at = ?
	WHERE network_id = ? AND id = ? AND revoked_at IS NULL`;
const TOUCH_TOKEN = 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?';

const INSERT_LINK = `INSERT INTO share_links (id, network_id, workshop_id, created_by, created_at,
	expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const SELECT_LINK = 'SELECT * FROM share_links WHERE id = ?';
const SELECT_ACTIVE_LINKS = `SELECT * FROM share_links WHERE network_id = ? AND workshop_id = ?
	AND revoked_at IS NULL AND expires_at > ? ORDER BY expires_at, id`;
const REVOKE_LINK = `UPDATE share_links SET revoked_at = ?
	WHERE network_id = ? AND id = ? AND revoked_at IS NULL`;

export function createApiTokenStore(db: DatabaseSync): ApiTokenStore {
	const [insert, byHash, active, revoke, touch] = [
		INSERT_TOKEN,
		SELECT_TOKEN_BY_HASH,
		SELECT_ACTIVE_TOKENS,
		REVOKE_TOKEN,
		TOUCH_TOKEN
	].map((sql) => db.prepare(sql));
	return {
		create: (t) =>
			run('apiTokens.create', () => {
				insert.run(
					t.id,
					t.networkId,
					t.name,
					t.tokenHash,
					t.createdBy,
					t.createdAt,
					t.lastUsedAt,
					t.revokedAt
				);
			}),
		findByHash: (hash) =>
			run('apiTokens.findByHash', () => {
				const row = byHash.get(hash);
				return row ? toToken(row) : null;
			}),
		listActive: (networkId) =>
			run('apiTokens.listActive', () => active.all(networkId).map(toToken)),
		revoke: (networkId, id, at) =>
			run('apiTokens.revoke', () => Number(revoke.run(at, networkId, id).changes) > 0),
		touch: (id, at) =>
			run('apiTokens.touch', () => {
				touch.run(at, id);
			})
	};
}

export function createShareLinkStore(db: DatabaseSync): ShareLinkStore {
	const [insert, byId, active, revoke] = [
		INSERT_LINK,
		SELECT_LINK,
		SELECT_ACTIVE_LINKS,
		REVOKE_LINK
	].map((sql) => db.prepare(sql));
	return {
		create: (l) =>
			run('shareLinks.create', () => {
				insert.run(
					l.id,
					l.networkId,
					l.workshopId,
					l.createdBy,
					l.createdAt,
					l.expiresAt,
					l.revokedAt
				);
			}),
		findById: (id) =>
			run('shareLinks.findById', () => {
				const row = byId.get(id);
				return row ? toLink(row) : null;
			}),
		listActive: (networkId, workshopId, now) =>
			run('shareLinks.listActive', () => active.all(networkId, workshopId, now).map(toLink)),
		revoke: (networkId, id, at) =>
			run('shareLinks.revoke', () => Number(revoke.run(at, networkId, id).changes) > 0)
	};
}

const numberOrNull = (value: SQLOutputValue) => (value === null ? null : Number(value));

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
