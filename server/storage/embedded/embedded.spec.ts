import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserId } from '#shared/model/ids.ts';
import { EMBEDDED_FILE_NAME, openStorage } from '../index.ts';
import { registerStorageContract } from '../storage.contract.ts';
import { openEmbeddedStorage } from './embedded-storage.ts';
import { EMBEDDED_MIGRATIONS } from './migrations.ts';
import { migrate } from './sqlite.ts';
import { hashPersonalCode, hashRegistrationToken } from '../../registrations/personal-code.ts';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'rajapinta-storage-'));

registerStorageContract('embedded', async () => {
	const dir = await tempDir();
	const storage = await openEmbeddedStorage({ file: path.join(dir, 'test.sqlite') });
	return { storage, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('embedded store', () => {
	const dirs: string[] = [];
	const newDir = async () => {
		const dir = await tempDir();
		dirs.push(dir);
		return dir;
	};
	afterEach(async () => {
		for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
	});

	const readMigrations = (file: string) => {
		const db = new DatabaseSync(file, { readOnly: true });
		try {
			return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
		} finally {
			db.close();
		}
	};

	it('[EM1] reopening a file keeps its data and runs no migration twice', async () => {
		const file = path.join(await newDir(), 'store.sqlite');
		const first = await openEmbeddedStorage({ file });
		await first.settings.getOrCreate('secret', 'kept');
		await first.documents.append([{ name: 'board', update: new Uint8Array([1, 2]) }]);
		await first.close();
		const applied = readMigrations(file);
		expect(applied.map((row) => row.version)).toEqual(EMBEDDED_MIGRATIONS.map((m) => m.version));

		const second = await openEmbeddedStorage({ file });
		expect(await second.settings.get('secret')).toBe('kept');
		expect(await second.documents.load('board')).toEqual([new Uint8Array([1, 2])]);
		await second.close();
		expect(readMigrations(file)).toEqual(applied);

		const db = new DatabaseSync(file);
		expect(migrate(db, EMBEDDED_MIGRATIONS)).toEqual([]);
		db.close();
	});

	it('[EM5] migration 10 replaces stored personal codes with their hash, found by the store', async () => {
		const file = path.join(await newDir(), 'store.sqlite');
		const db = new DatabaseSync(file);
		migrate(
			db,
			EMBEDDED_MIGRATIONS.filter((m) => m.version < 10)
		);
		// A row as migration 8 stored it; its workshop is not needed for this check.
		db.exec('PRAGMA foreign_keys = OFF');
		db.exec(`INSERT INTO registrations (id, workshop_id, token, personal_code, display_name,
			organisation, actor_type, language, name_with_answers, answers, created_at)
			VALUES ('r1', 'w1', 't1', 'ABCDE23456', 'Åsa', 'Org', 'ngo', 'sv', 0, '{}', 1)`);
		db.close();

		const storage = await openEmbeddedStorage({ file });
		const found = await storage.registrations.findByPersonalCodeHash(
			hashPersonalCode('ABCDE23456')
		);
		expect(found?.id).toBe('r1');
		await storage.close();
		const raw = new DatabaseSync(file, { readOnly: true });
		const rows = raw.prepare('SELECT * FROM registrations').all();
		raw.close();
		expect(rows).toEqual([
			expect.objectContaining({ personal_code_hash: hashPersonalCode('ABCDE23456') })
		]);
		expect(rows[0]).not.toHaveProperty('personal_code');
		expect(JSON.stringify(rows)).not.toContain('ABCDE23456');
	});

	it('[EM6] migration 13 replaces stored link tokens with their hash, found by the store', async () => {
		const file = path.join(await newDir(), 'store.sqlite');
		const db = new DatabaseSync(file);
		migrate(
			db,
			EMBEDDED_MIGRATIONS.filter((m) => m.version < 13)
		);
		// A row as migration 10 left it; its workshop is not needed for this check.
		db.exec('PRAGMA foreign_keys = OFF');
		db.exec(`INSERT INTO registrations (id, workshop_id, token, personal_code_hash, display_name,
			organisation, actor_type, language, name_with_answers, answers, created_at)
			VALUES ('r1', 'w1', 'V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5', 'code-hash', 'Åsa', 'Org', 'ngo', 'sv', 0, '{}', 1)`);
		db.close();

		const storage = await openEmbeddedStorage({ file });
		const found = await storage.registrations.findByTokenHash(
			hashRegistrationToken('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5')
		);
		expect(found?.id).toBe('r1');
		expect(found?.tokenHash).toBe(hashRegistrationToken('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5'));
		await storage.close();
		const raw = new DatabaseSync(file, { readOnly: true });
		const rows = raw.prepare('SELECT * FROM registrations').all();
		raw.close();
		expect(rows).toEqual([
			expect.objectContaining({
				token_hash: hashRegistrationToken('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5')
			})
		]);
		expect(rows[0]).not.toHaveProperty('token');
		expect(JSON.stringify(rows)).not.toContain('V1StGXR8_Z5jdHi6B-myTv1StGXR8_Z5');
	});

	it('[EM2] creates a missing parent folder and keeps the file in WAL mode', async () => {
		const file = path.join(await newDir(), 'nested', 'deeper', 'store.sqlite');
		const storage = await openEmbeddedStorage({ file });
		await storage.close();
		const db = new DatabaseSync(file, { readOnly: true });
		expect(db.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
		db.close();
	});

	it('[EM3] runs in memory for tests', async () => {
		const storage = await openEmbeddedStorage({ file: ':memory:' });
		await storage.users.create({
			id: 'user-1' as UserId,
			email: 'a@example.fi',
			displayName: 'A',
			passwordHash: 'x',
			createdAt: 1
		});
		expect((await storage.users.findById('user-1' as UserId))?.email).toBe('a@example.fi');
		await storage.close();
	});

	it('[EM4] openStorage without a database URL opens the embedded file and warns once', async () => {
		const dataDir = await newDir();
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const storage = await openStorage({ databaseUrl: null, dataDir });
			expect(storage.kind).toBe('embedded');
			await storage.close();
			expect(warn).toHaveBeenCalledTimes(1);
			const line = String(warn.mock.calls[0][0]);
			expect(line).toMatch(/^\[storage\] /);
			expect(line).toContain(path.join(dataDir, EMBEDDED_FILE_NAME));
			expect(existsSync(path.join(dataDir, EMBEDDED_FILE_NAME))).toBe(true);
		} finally {
			warn.mockRestore();
		}
	});
});
