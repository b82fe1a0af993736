/**
 * The browser's local copies of boards (IndexedDB, one database per board, see
 * board-connection.svelte.ts) and what forgets them. A venue laptop is shared: when a participant
 * leaves, erases their personal data, or the server says their credential no longer holds (sync
 * close 4401), every board of that workshop is deleted from the browser.
 */

/** Every board cache's database name starts with this. */
export const CACHE_PREFIX = 'rajapinta/';

/** The database name of one board's cache; `key` is the room name (plus an owner for private rooms). */
export function cacheName(key: string): string {
	return `${CACHE_PREFIX}${key}`;
}

/** All caches of one workshop's boards start with this (room names are `workshop/<id>/…`). */
export function workshopCachePrefix(workshopId: string): string {
	return cacheName(`workshop/${workshopId}/`);
}

/** localStorage key of a browser-made author key (author-key.ts): it ties notes to this browser. */
const AUTHOR_KEY_PREFIX = 'rajapinta:author:';
/** sessionStorage key of a refusal notice not yet dismissed (refusal.ts). */
const REFUSAL_PREFIX = 'rajapinta:refused:';

/** How long a deletion may wait for another tab to close the database before we stop waiting. */
const BLOCKED_WAIT_MS = 3000;

interface OpenCache {
	workshopId: string;
	/** Stops writing and closes the database; an open connection blocks its deletion. */
	close: () => void;
}

const openCaches = new Set<OpenCache>();

/**
 * Registers an open board cache, so forgetting its workshop closes it before deleting it.
 * Returns the function that unregisters it.
 */
export function registerCache(workshopId: string, close: () => void): () => void {
	const entry: OpenCache = { workshopId, close };
	openCaches.add(entry);
	return () => openCaches.delete(entry);
}

/**
 * Deletes every local board cache of a workshop (and this browser's author key for it): open
 * ones in this page are closed first. `known` names caches to delete when the browser cannot list
 * its databases (`indexedDB.databases()` is missing in older browsers). Resolves with the names it
 * deleted; never rejects, since forgetting must not stop someone from leaving.
 */
export async function forgetWorkshop(
	workshopId: string,
	options: {
		factory?: IDBFactory;
		storage?: Storage;
		session?: Storage;
		known?: readonly string[];
	} = {}
): Promise<string[]> {
	const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB);
	for (const entry of [...openCaches]) {
		if (entry.workshopId !== workshopId) continue;
		openCaches.delete(entry);
		try {
			entry.close();
		} catch {
			// A cache that fails to close is still deleted below, once the browser lets go of it.
		}
	}
	try {
		(options.storage ?? globalThis.localStorage)?.removeItem(`${AUTHOR_KEY_PREFIX}${workshopId}`);
		// A refusal notice waiting to be seen (refusal.ts) goes with the boards.
		(options.session ?? globalThis.sessionStorage)?.removeItem(`${REFUSAL_PREFIX}${workshopId}`);
	} catch {
		// No storage (a private mode): nothing was kept there.
	}
	if (!factory) return [];
	const prefix = workshopCachePrefix(workshopId);
	const names = new Set((options.known ?? []).filter((name) => name.startsWith(prefix)));
	try {
		if (typeof factory.databases === 'function') {
			for (const { name } of await factory.databases()) {
				if (name?.startsWith(prefix)) names.add(name);
			}
		}
	} catch {
		// Listing failed: delete the known names at least.
	}
	const deleted = await Promise.all([...names].map((name) => deleteDatabase(factory, name)));
	return [...names].filter((_, index) => deleted[index]);
}

/** True once the database is gone (or never was); false if the browser refused or kept it open. */
function deleteDatabase(factory: IDBFactory, name: string): Promise<boolean> {
	return new Promise((resolve) => {
		let request: IDBOpenDBRequest;
		try {
			request = factory.deleteDatabase(name);
		} catch {
			resolve(false);
			return;
		}
		let timer: ReturnType<typeof setTimeout> | null = null;
		const done = (ok: boolean) => {
			if (timer !== null) clearTimeout(timer);
			resolve(ok);
		};
		request.onsuccess = () => done(true);
		request.onerror = () => done(false);
		// Another tab still has it open: the deletion goes through when that tab closes it (its
		// own connection also gets 4401 or leaves); do not hold up leaving meanwhile.
		request.onblocked = () => {
			timer ??= setTimeout(() => done(false), BLOCKED_WAIT_MS);
		};
	});
}
