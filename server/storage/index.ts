import path from 'node:path';
import { openEmbeddedStorage } from './embedded/embedded-storage.ts';
import { openPostgresStorage } from './postgres/postgres-storage.ts';
import type { Storage } from './storage.ts';

/** Name of the embedded store's file inside DATA_DIR. */
export const EMBEDDED_FILE_NAME = 'rajapinta.sqlite';

/**
 * Opens PostgreSQL when a database URL is configured, otherwise the embedded SQLite file in
 * `dataDir`. `schema` only applies to PostgreSQL (tests use a throwaway schema per run).
 */
export async function openStorage(options: {
	databaseUrl: string | null;
	dataDir: string;
	schema?: string;
}): Promise<Storage> {
	if (options.databaseUrl) {
		return openPostgresStorage({ url: options.databaseUrl, schema: options.schema });
	}
	const file = path.join(options.dataDir, EMBEDDED_FILE_NAME);
	const storage = await openEmbeddedStorage({ file });
	// Loud on purpose: an operator who meant to run several nodes must notice that each would get its
	// own file and the nodes would not see each other's workshops.
	console.warn(
		`[storage] SINGLE-NODE embedded SQLite store at ${file}: do not run a second node on it; set DATABASE_URL to use PostgreSQL`
	);
	return storage;
}
