import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DocumentStore, Storage } from '../storage.ts';
import {
	createParticipantStore,
	createSessionStore,
	createSettingStore,
	createUserStore,
	createWorkshopStore
} from './embedded-records.ts';
import { createTemplateStore } from './embedded-templates.ts';
import { createCommitmentStore, createNetworkStore } from './embedded-archive.ts';
import { EMBEDDED_MIGRATIONS } from './migrations.ts';
import { migrate, runLater as run, transaction } from './sqlite.ts';
import { createPrivacyStore } from './embedded-privacy.ts';
import { createSeatingStore } from './embedded-seating.ts';
import { createFeedbackStore } from './embedded-feedback.ts';
import { createRegistrationStore } from './embedded-registrations.ts';
import { createApiTokenStore, createShareLinkStore } from './embedded-access.ts';
import { createCardDeckStore } from './embedded-decks.ts';
import { createFollowUpSessionStore } from './embedded-follow-ups.ts';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

// WAL + synchronous=NORMAL: a commit is durable against a killed process (kill -9), which is what we
// need. On power loss or an OS crash the last transactions before the crash may be lost (the
// database stays consistent); synchronous = FULL would close that gap at the cost of an fsync per
// commit.
const PRAGMAS = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
`;

const SELECT_DOC_UPDATES = 'SELECT data FROM doc_updates WHERE doc = ? ORDER BY seq';
const SELECT_DOC_LOG = 'SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq';
const INSERT_DOC_UPDATE = 'INSERT INTO doc_updates (doc, data) VALUES (?, ?)';
const INSERT_DOC_SNAPSHOT = 'INSERT INTO doc_updates (seq, doc, data) VALUES (?, ?, ?)';
const DELETE_DOC_UPDATES_UP_TO = 'DELETE FROM doc_updates WHERE doc = ? AND seq <= ?';
const COUNT_DOC_UPDATES = 'SELECT count(*) AS n FROM doc_updates WHERE doc = ?';
const PING = 'SELECT 1';

/**
 * The default store: one SQLite file through node:sqlite. One process owns it; it does not scale
 * past one node (use PostgreSQL for that). `file` may be ':memory:' for tests.
 */
export async function openEmbeddedStorage(options: { file: string }): Promise<Storage> {
	const { file } = options;
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const db = new DatabaseSync(file, {
		timeout: BUSY_TIMEOUT_MS,
		enableForeignKeyConstraints: true
	});
	try {
		db.exec(PRAGMAS);
		migrate(db, EMBEDDED_MIGRATIONS);
	} catch (error) {
		console.error(`[storage] could not open the embedded store at ${file}:`, error);
		db.close();
		throw error;
	}
	return {
		kind: 'embedded',
		documents: createDocumentStore(db),
		users: createUserStore(db),
		sessions: createSessionStore(db),
		workshops: createWorkshopStore(db),
		participants: createParticipantStore(db),
		settings: createSettingStore(db),
		templates: createTemplateStore(db),
		commitments: createCommitmentStore(db),
		networks: createNetworkStore(db),
		seating: createSeatingStore(db),
		privacy: createPrivacyStore(db),
		feedback: createFeedbackStore(db),
		registrations: createRegistrationStore(db),
		apiTokens: createApiTokenStore(db),
		shareLinks: createShareLinkStore(db),
		followUps: createFollowUpSessionStore(db),
		decks: createCardDeckStore(db),
		ping: async () => {
			// A later microtask, like runLater: never inside another caller's transaction.
			await Promise.resolve();
			db.prepare(PING).get();
		},
		close: () => run('close', () => db.close())
	};
}

function createDocumentStore(db: DatabaseSync): DocumentStore {
	// Prepared once: append is the hot path of every board edit (the sync server's group commit).
	const selectUpdates = db.prepare(SELECT_DOC_UPDATES);
	const selectLog = db.prepare(SELECT_DOC_LOG);
	const insertUpdate = db.prepare(INSERT_DOC_UPDATE);
	const insertSnapshot = db.prepare(INSERT_DOC_SNAPSHOT);
	const deleteUpTo = db.prepare(DELETE_DOC_UPDATES_UP_TO);
	const count = db.prepare(COUNT_DOC_UPDATES);

	return {
		load: (name) =>
			run('documents.load', () => selectUpdates.all(name).map((row) => row.data as Uint8Array)),
		append: (batch) =>
			run('documents.append', () => {
				if (batch.length === 0) return;
				// One row is its own transaction: BEGIN and COMMIT around it would only add two statements.
				if (batch.length === 1) {
					insertUpdate.run(batch[0].name, batch[0].update);
					return;
				}
				transaction(db, () => {
					for (const { name, update } of batch) insertUpdate.run(name, update);
				});
			}),
		countUpdates: (name) => run('documents.countUpdates', () => Number(count.get(name)?.n ?? 0)),
		compact: (name, merge) =>
			run('documents.compact', () =>
				// Synchronous from BEGIN to COMMIT, so nothing in this process interleaves; IMMEDIATE
				// keeps another process on the same file from appending between the read and the delete.
				transaction(
					db,
					() => {
						const rows = selectLog.all(name);
						if (rows.length <= 1) return 0;
						const snapshot = merge(rows.map((row) => row.data as Uint8Array));
						// The snapshot takes the oldest replaced seq, as in postgres/, so it loads before
						// every row it does not contain.
						const firstSeq = Number(rows[0].seq);
						deleteUpTo.run(name, Number(rows[rows.length - 1].seq));
						insertSnapshot.run(firstSeq, name, snapshot);
						return rows.length;
					},
					true
				)
			)
	};
}
