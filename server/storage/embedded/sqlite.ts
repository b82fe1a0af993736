import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { guard, type ConstraintKind } from '../errors.ts';
import type { Migration } from '../migration.ts';

/** Extended result codes of node:sqlite errors (`errcode`), see sqlite.org/rescode.html. */
const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	applied_at INTEGER NOT NULL
)`;
const SELECT_APPLIED_VERSIONS = 'SELECT version FROM schema_migrations';
const INSERT_MIGRATION = 'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)';

export function classifySqliteError(error: unknown): ConstraintKind {
	const code = (error as { errcode?: unknown } | null)?.errcode;
	if (code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY) return 'unique';
	if (code === SQLITE_CONSTRAINT_FOREIGNKEY) return 'foreignKey';
	return null;
}

/**
 * Runs `fn` between BEGIN and COMMIT. `fn` must be synchronous: node:sqlite has one connection per
 * store, and an await inside would let another caller's statements join this transaction.
 * IMMEDIATE takes the write lock up front, so a read-then-write cannot be overtaken by another
 * process on the same file.
 */
export function transaction<T>(db: DatabaseSync, fn: () => T, immediate = false): T {
	db.exec(immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
	try {
		const result = fn();
		db.exec('COMMIT');
		return result;
	} catch (error) {
		// SQLite already rolls back by itself on some errors (e.g. SQLITE_FULL); a second ROLLBACK
		// would throw and hide the original error.
		if (db.isTransaction) db.exec('ROLLBACK');
		throw error;
	}
}

/** Applies the migrations not yet recorded, each in its own transaction, in version order. */
export function migrate(db: DatabaseSync, migrations: readonly Migration[]): number[] {
	// Migrations 10 and 13 hash stored personal codes and link tokens; PostgreSQL has sha256() built in.
	db.function('sha256_hex', { deterministic: true }, (text) =>
		createHash('sha256').update(String(text), 'utf8').digest('hex')
	);
	db.exec(CREATE_MIGRATIONS_TABLE);
	const applied = new Set(
		db
			.prepare(SELECT_APPLIED_VERSIONS)
			.all()
			.map((row) => Number(row.version))
	);
	const ran: number[] = [];
	for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
		if (applied.has(migration.version)) continue;
		transaction(
			db,
			() => {
				// Re-checked under the write lock: another process may have migrated meanwhile.
				const done = db.prepare(SELECT_APPLIED_VERSIONS).all();
				if (done.some((row) => Number(row.version) === migration.version)) return;
				db.exec(migration.sql);
				db.prepare(INSERT_MIGRATION).run(migration.version, Date.now());
				ran.push(migration.version);
			},
			true
		);
	}
	return ran;
}

/**
 * Runs a synchronous store operation as a promise, through `guard`. It starts on a later microtask:
 * a caller inside compact's merge() is still inside that transaction, and its statements must not
 * join it (nor fail with "cannot start a transaction within a transaction").
 */
export async function runLater<T>(operation: string, fn: () => T): Promise<T> {
	await Promise.resolve();
	return guard(operation, classifySqliteError, fn);
}
