import postgres from 'postgres';
import { guard } from '../errors.ts';
import type { DocumentStore, Storage } from '../storage.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { createTemplateStore } from './postgres-templates.ts';
import { createCommitmentStore, createNetworkStore } from './postgres-archive.ts';
import { classifyPostgresError, migrate, query, toBytes } from './pg.ts';
import {
	createParticipantStore,
	createSessionStore,
	createSettingStore,
	createUserStore,
	createWorkshopStore
} from './postgres-records.ts';
import { createPrivacyStore } from './postgres-privacy.ts';
import { createSeatingStore } from './postgres-seating.ts';
import { createFeedbackStore } from './postgres-feedback.ts';
import { createRegistrationStore } from './postgres-registrations.ts';
import { createApiTokenStore, createShareLinkStore } from './postgres-access.ts';
import { createCardDeckStore } from './postgres-decks.ts';
import { createFollowUpSessionStore } from './postgres-follow-ups.ts';

/** How long close() lets running queries finish before the connections are dropped, in seconds. */
const CLOSE_TIMEOUT_S = 5;
/** NOTICE codes of `IF NOT EXISTS` on an existing schema or table: expected on every start. */
const EXPECTED_NOTICES = new Set(['42P06', '42P07']);

const SELECT_DOC_UPDATES = 'SELECT data FROM doc_updates WHERE doc = $1 ORDER BY seq';
const SELECT_DOC_LOG = 'SELECT seq, data FROM doc_updates WHERE doc = $1 ORDER BY seq';
// unnest turns two array parameters into rows: one statement and two parameters for any batch
// size (a VALUES list hits the 65,535-parameter limit at 32k rows). ORDER BY n hands out seqs in
// batch order, so one document's updates load in the order they were appended.
const INSERT_DOC_UPDATES = `INSERT INTO doc_updates (doc, data)
	SELECT doc, data FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u (doc, data, n)
	ORDER BY n`;
const INSERT_DOC_SNAPSHOT = `INSERT INTO doc_updates (seq, doc, data) OVERRIDING SYSTEM VALUE
	VALUES ($1, $2, $3)`;
const DELETE_DOC_ROWS = 'DELETE FROM doc_updates WHERE doc = $1 AND seq = ANY($2::bigint[])';
const COUNT_DOC_UPDATES = 'SELECT count(*)::integer AS n FROM doc_updates WHERE doc = $1';
const PING = 'SELECT 1';
// Transaction-scoped, so it is released by COMMIT or ROLLBACK even if this node dies mid-way. Two
// names with the same hashtext only delay each other's compaction.
const TRY_LOCK_DOC = 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked';

/** bytea of PostgreSQL's type catalogue; the driver needs it to send a bytea[] parameter. */
const BYTEA_OID = 17;

/**
 * The scale option: every node of a deployment shares one PostgreSQL database. With `schema`, all
 * tables live in that schema (created if missing) instead of the search_path default.
 */
export async function openPostgresStorage(options: {
	url: string;
	schema?: string;
}): Promise<Storage> {
	const { url, schema } = options;
	const sql = postgres(url, {
		connection: schema ? { search_path: schema } : {},
		onnotice: (notice) => {
			if (!EXPECTED_NOTICES.has(notice.code)) console.warn('[storage] postgres notice:', notice);
		}
	});
	try {
		await migrate(sql, POSTGRES_MIGRATIONS, schema);
	} catch (error) {
		console.error('[storage] could not open the PostgreSQL store:', error);
		await sql.end({ timeout: CLOSE_TIMEOUT_S });
		throw error;
	}
	return {
		kind: 'postgres',
		documents: createDocumentStore(sql),
		users: createUserStore(sql),
		sessions: createSessionStore(sql),
		workshops: createWorkshopStore(sql),
		participants: createParticipantStore(sql),
		settings: createSettingStore(sql),
		templates: createTemplateStore(sql),
		commitments: createCommitmentStore(sql),
		networks: createNetworkStore(sql),
		seating: createSeatingStore(sql),
		privacy: createPrivacyStore(sql),
		feedback: createFeedbackStore(sql),
		registrations: createRegistrationStore(sql),
		apiTokens: createApiTokenStore(sql),
		shareLinks: createShareLinkStore(sql),
		followUps: createFollowUpSessionStore(sql),
		decks: createCardDeckStore(sql),
		ping: async () => {
			await sql.unsafe(PING);
		},
		close: () => guard('close', classifyPostgresError, () => sql.end({ timeout: CLOSE_TIMEOUT_S }))
	};
}

function createDocumentStore(sql: postgres.Sql): DocumentStore {
	const run = <T>(operation: string, fn: () => Promise<T>) =>
		guard(operation, classifyPostgresError, fn);

	return {
		load: (name) =>
			run('documents.load', async () => {
				const rows = await query<{ data: Uint8Array }>(sql, SELECT_DOC_UPDATES, [name]);
				return rows.map((row) => toBytes(row.data));
			}),
		append: (batch) =>
			run('documents.append', async () => {
				if (batch.length === 0) return;
				const docs = sql.array(batch.map((u) => u.name));
				const updates = sql.array(
					batch.map((u) => u.update),
					BYTEA_OID
				);
				await sql.begin((tx) => query(tx, INSERT_DOC_UPDATES, [docs, updates]));
			}),
		countUpdates: (name) =>
			run('documents.countUpdates', async () => {
				const [row] = await query<{ n: number }>(sql, COUNT_DOC_UPDATES, [name]);
				return row.n;
			}),
		compact: (name, merge) =>
			run('documents.compact', () =>
				sql.begin(async (tx) => {
					const [lock] = await query<{ locked: boolean }>(tx, TRY_LOCK_DOC, [name]);
					if (!lock.locked) return 0;
					const rows = await query<{ seq: string; data: Uint8Array }>(tx, SELECT_DOC_LOG, [name]);
					if (rows.length <= 1) return 0;
					const snapshot = merge(rows.map((row) => toBytes(row.data)));
					// Exactly the rows read: an append still in flight may hold a seq inside their range.
					await query(tx, DELETE_DOC_ROWS, [name, sql.array(rows.map((row) => row.seq))]);
					// The oldest replaced seq, so the snapshot loads before every row it does not contain
					// (short of an append that started before the oldest row and commits after this read).
					await query(tx, INSERT_DOC_SNAPSHOT, [rows[0].seq, name, snapshot]);
					return rows.length;
				})
			)
	};
}
