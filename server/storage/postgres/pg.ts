import type postgres from 'postgres';
import type { ConstraintKind } from '../errors.ts';
import type { Migration } from '../migration.ts';

/** The pool or a transaction: both run queries. */
export type Queryable = postgres.Sql | postgres.TransactionSql;
type Params = Parameters<postgres.Sql['unsafe']>[1];

/** SQLSTATE codes, see postgresql.org/docs/current/errcodes-appendix.html. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

// One lock key per schema, so two nodes starting at once do not both run a migration.
const LOCK_MIGRATIONS = `SELECT pg_advisory_xact_lock(hashtext('rajapinta:migrations:' || $1))`;
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
	version integer PRIMARY KEY,
	applied_at bigint NOT NULL
)`;
const SELECT_APPLIED_VERSIONS = 'SELECT version FROM schema_migrations';
const INSERT_MIGRATION = 'INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)';

/** Runs one parameterised statement as a named prepared statement of the connection. */
export function query<T extends object = Record<string, unknown>>(
	sql: Queryable,
	text: string,
	params: Params = []
): Promise<T[]> {
	return sql.unsafe(text, params, { prepare: true }) as unknown as Promise<T[]>;
}

export function classifyPostgresError(error: unknown): ConstraintKind {
	const code = (error as { code?: unknown } | null)?.code;
	if (code === UNIQUE_VIOLATION) return 'unique';
	if (code === FOREIGN_KEY_VIOLATION) return 'foreignKey';
	return null;
}

/** The driver returns bytea as a Buffer; callers get a plain Uint8Array over the same bytes. */
export function toBytes(data: Uint8Array): Uint8Array {
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Double-quotes an identifier for the few statements that cannot take it as a parameter. */
export function quoteIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates `schema` when given, then applies the migrations not yet recorded, each in its own
 * transaction under an advisory lock, in version order.
 */
export async function migrate(
	sql: postgres.Sql,
	migrations: readonly Migration[],
	schema: string | undefined
): Promise<number[]> {
	const lockKey = schema ?? 'public';
	const applied = await sql.begin(async (tx) => {
		await query(tx, LOCK_MIGRATIONS, [lockKey]);
		if (schema) await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
		await tx.unsafe(CREATE_MIGRATIONS_TABLE);
		const rows = await query<{ version: number }>(tx, SELECT_APPLIED_VERSIONS);
		return new Set(rows.map((row) => row.version));
	});
	const ran: number[] = [];
	for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
		if (applied.has(migration.version)) continue;
		await sql.begin(async (tx) => {
			await query(tx, LOCK_MIGRATIONS, [lockKey]);
			// Re-checked under the lock: another node may have migrated meanwhile.
			const done = await query<{ version: number }>(tx, SELECT_APPLIED_VERSIONS);
			if (done.some((row) => row.version === migration.version)) return;
			// Simple protocol: a migration holds several statements.
			await tx.unsafe(migration.sql).simple();
			await query(tx, INSERT_MIGRATION, [migration.version, Date.now()]);
			ran.push(migration.version);
		});
	}
	return ran;
}
