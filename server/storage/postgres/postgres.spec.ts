import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openStorage } from '../index.ts';
import { registerStorageContract } from '../storage.contract.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { hashPersonalCode, hashRegistrationToken } from '../../registrations/personal-code.ts';
import { migrate, quoteIdentifier } from './pg.ts';
import { openPostgresStorage } from './postgres-storage.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throwaway schema per store, so runs and tests never see each other's rows. */
const uniqueSchema = () => `rajapinta_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

// DROP ... CASCADE reports every dropped table as a NOTICE; the admin connection ignores them.
const admin = () => postgres(DATABASE_URL, { max: 1, onnotice: () => {} });

async function dropSchema(schema: string): Promise<void> {
	const sql = admin();
	try {
		await sql.unsafe(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
	} finally {
		await sql.end();
	}
}

// Fails every test of this file, loudly, when PostgreSQL is not there: never skip.
beforeAll(async () => {
	const sql = admin();
	try {
		await sql`SELECT 1`;
	} catch (error) {
		throw new Error(
			`PostgreSQL at ${DATABASE_URL} is unreachable; start it (see TOOLCHAIN.md) or set DATABASE_URL`,
			{ cause: error }
		);
	} finally {
		await sql.end();
	}
});

registerStorageContract('postgres', async () => {
	const schema = uniqueSchema();
	const storage = await openPostgresStorage({ url: DATABASE_URL, schema });
	return { storage, cleanup: () => dropSchema(schema) };
});

describe('postgres store', () => {
	const readMigrations = async (schema: string) => {
		const sql = admin();
		try {
			return await sql.unsafe(
				`SELECT version, applied_at FROM ${quoteIdentifier(schema)}.schema_migrations ORDER BY version`
			);
		} finally {
			await sql.end();
		}
	};

	it('[PG1] reopening a schema keeps its data and runs no migration twice', async () => {
		const schema = uniqueSchema();
		try {
			const first = await openPostgresStorage({ url: DATABASE_URL, schema });
			await first.settings.getOrCreate('secret', 'kept');
			await first.close();
			const applied = await readMigrations(schema);
			expect(applied.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));

			const second = await openPostgresStorage({ url: DATABASE_URL, schema });
			expect(await second.settings.get('secret')).toBe('kept');
			await second.close();
			expect(await readMigrations(schema)).toEqual(applied);
		} finally {
			await dropSchema(schema);
		}
	});

	it('[PG5] migration 10 replaces stored personal codes with their hash, found by the store', async () => {
		const schema = uniqueSchema();
		const sql = postgres(DATABASE_URL, {
			max: 1,
			connection: { search_path: schema },
			onnotice: () => {}
		});
		try {
			await migrate(
				sql,
				POSTGRES_MIGRATIONS.filter((m) => m.version < 10),
				schema
			);
			await sql.begin(async (tx) => {
				// A row as migration 8 stored it; its workshop is not needed for this check.
				await tx.unsafe('SET LOCAL session_replication_role = replica');
				await tx.unsafe(`INSERT INTO registrations (id, workshop_id, token, personal_code,
					display_name, organisation, actor_type, language, name_with_answers, answers,
					created_at) VALUES ('r1', 'w1', 't1', 'ABCDE23456', 'Åsa', 'Org', 'ngo', 'sv',
					false, '{}', 1)`);
			});
			await migrate(sql, POSTGRES_MIGRATIONS, schema);
			const rows = await sql.unsafe('SELECT * FROM registrations');
			expect(rows).toHaveLength(1);
			expect(rows[0].personal_code_hash).toBe(hashPersonalCode('ABCDE23456'));
			expect(rows[0]).not.toHaveProperty('personal_code');
			expect(JSON.stringify(rows[0])).not.toContain('ABCDE23456');
			const storage = await openPostgresStorage({ url: DATABASE_URL, schema });
			const found = await storage.registrations.findByPersonalCodeHash(
				hashPersonalCode('ABCDE23456')
			);
			expect(found?.id).toBe('r1');
			await storage.close();
		} finally {
			await sql.end();
			await dropSchema(schema);
		}
	});

	it('[PG6] migration 13 replaces stored link tokens with their hash, found by the store', async () => {
		const schema = uniqueSchema();
		const sql = postgres(DATABASE_URL, {
			max: 1,
			connection: { search_path: schema },
			onnotice: () => {}
		});
		try {
			await migrate(
				sql,
				POSTGRES_MIGRATIONS.filter((m) => m.version < 13),
				schema
			);
			await sql.begin(async (tx) => {
				// A row as migration 10 left it; its workshop is not needed for this check.
				await tx.unsafe('SET LOCAL session_replication_role = replica');
				await tx.unsafe(`INSERT INTO registrations (id, workshop_id, token, personal_code_hash,
					display_name, organisation, actor_type, language, name_with_answers, answers,
					created_at) VALUES ('r1', 'w1', 'V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5', 'code-hash', 'Åsa', 'Org', 'ngo',
					'sv', false, '{}', 1)`);
			});
			await migrate(sql, POSTGRES_MIGRATIONS, schema);
			const rows = await sql.unsafe('SELECT * FROM registrations');
			expect(rows).toHaveLength(1);
			expect(rows[0].token_hash).toBe(hashRegistrationToken('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5'));
			expect(rows[0]).not.toHaveProperty('token');
			expect(JSON.stringify(rows[0])).not.toContain('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5');
			const storage = await openPostgresStorage({ url: DATABASE_URL, schema });
			const found = await storage.registrations.findByTokenHash(
				hashRegistrationToken('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5')
			);
			expect(found?.id).toBe('r1');
			await storage.close();
		} finally {
			await sql.end();
			await dropSchema(schema);
		}
	});

	it('[PG2] two nodes opening one new schema at once both start', async () => {
		const schema = uniqueSchema();
		try {
			const nodes = await Promise.all([
				openPostgresStorage({ url: DATABASE_URL, schema }),
				openPostgresStorage({ url: DATABASE_URL, schema })
			]);
			await nodes[0].settings.getOrCreate('k', 'from node 0');
			expect(await nodes[1].settings.get('k')).toBe('from node 0');
			await Promise.all(nodes.map((node) => node.close()));
			expect(await readMigrations(schema)).toHaveLength(POSTGRES_MIGRATIONS.length);
		} finally {
			await dropSchema(schema);
		}
	});

	it('[PG3] compact returns 0 while another node compacts the same document', async () => {
		const schema = uniqueSchema();
		const sql = admin();
		try {
			const storage = await openPostgresStorage({ url: DATABASE_URL, schema });
			const rows = [1, 2, 3].map((n) => ({ name: 'board', update: new Uint8Array([n]) }));
			await storage.documents.append(rows);
			const merge = vi.fn(() => new Uint8Array([9]));
			const replaced = await sql.begin(async (tx) => {
				await tx`SELECT pg_advisory_xact_lock(hashtext(${'board'}))`;
				return storage.documents.compact('board', merge);
			});
			expect(replaced).toBe(0);
			expect(merge).not.toHaveBeenCalled();
			expect(await storage.documents.countUpdates('board')).toBe(3);
			expect(await storage.documents.compact('board', merge)).toBe(3);
			await storage.close();
		} finally {
			await sql.end();
			await dropSchema(schema);
		}
	});

	it('[PG4] openStorage with a database URL opens PostgreSQL without the embedded warning', async () => {
		const schema = uniqueSchema();
		const warn = vi.spyOn(console, 'warn');
		try {
			const storage = await openStorage({
				databaseUrl: DATABASE_URL,
				dataDir: '/nonexistent',
				schema
			});
			expect(storage.kind).toBe('postgres');
			await storage.close();
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
			await dropSchema(schema);
		}
	});
});
