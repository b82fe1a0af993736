import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { cacheName, forgetWorkshop, registerCache, workshopCachePrefix } from './local-cache.ts';

/** A board cached the way the table page caches it: y-indexeddb, with one stored edit. */
async function cachedBoard(key: string): Promise<IndexeddbPersistence> {
	const doc = new Y.Doc();
	const cache = new IndexeddbPersistence(cacheName(key), doc);
	await cache.whenSynced;
	doc.getMap('items').set('n1', 'a note written offline');
	await cache.set('unsentChanges', 1);
	return cache;
}

async function databaseNames(): Promise<string[]> {
	return (await indexedDB.databases()).map((db) => db.name ?? '').sort();
}

/** Opens a cache again and reads what it holds (an empty document once it was deleted). */
async function reopen(key: string): Promise<unknown> {
	const doc = new Y.Doc();
	const cache = new IndexeddbPersistence(cacheName(key), doc);
	await cache.whenSynced;
	const value = doc.getMap('items').get('n1');
	await cache.clearData();
	return value;
}

const TABLE = 'workshop/W1aaaaaaaa/table/1';
const PRIVATE = 'workshop/W1aaaaaaaa/table/1/private/author-key-of-aino';
const OTHER = 'workshop/W2bbbbbbbb/table/1';

afterEach(async () => {
	for (const name of await databaseNames()) indexedDB.deleteDatabase(name);
});

describe('forgetting a workshop on this browser (issue 3: a shared laptop keeps nothing)', () => {
	it("deletes every board cache of the workshop, open ones too, and keeps other workshops'", async () => {
		const table = await cachedBoard(TABLE);
		const own = await cachedBoard(PRIVATE);
		const other = await cachedBoard(OTHER);
		// The table page registers its open caches; an open database would block the deletion.
		let closed = 0;
		registerCache('W1aaaaaaaa', () => {
			closed += 1;
			void table.destroy();
		});
		registerCache('W1aaaaaaaa', () => {
			closed += 1;
			void own.destroy();
		});
		expect(await databaseNames()).toEqual([OTHER, TABLE, PRIVATE].map(cacheName).sort());

		const deleted = await forgetWorkshop('W1aaaaaaaa');
		expect(deleted.sort()).toEqual([TABLE, PRIVATE].map(cacheName).sort());
		expect(closed).toBe(2);
		expect(await databaseNames()).toEqual([cacheName(OTHER)]);
		expect(await reopen(TABLE)).toBeUndefined();
		await other.destroy();
		expect(await reopen(OTHER)).toBe('a note written offline');
	});

	it('deletes the names it knows where the browser cannot list its databases', async () => {
		const table = await cachedBoard(TABLE);
		await table.destroy();
		const noListing = { deleteDatabase: (name: string) => indexedDB.deleteDatabase(name) };
		const deleted = await forgetWorkshop('W1aaaaaaaa', {
			factory: noListing as unknown as IDBFactory,
			// A name of another workshop is never deleted, even when passed.
			known: [cacheName(TABLE), cacheName(OTHER)]
		});
		expect(deleted).toEqual([cacheName(TABLE)]);
		expect(await databaseNames()).toEqual([]);
	});

	it("removes this browser's author key of the workshop, and never rejects", async () => {
		const kept = new Map([
			['rajapinta:author:W1aaaaaaaa', 'k1'],
			['rajapinta:author:W2bbbbbbbb', 'k2']
		]);
		const storage = { removeItem: (key: string) => kept.delete(key) } as unknown as Storage;
		await forgetWorkshop('W1aaaaaaaa', { storage });
		expect([...kept.keys()]).toEqual(['rajapinta:author:W2bbbbbbbb']);
		const broken = {
			databases: () => Promise.reject(new Error('no')),
			deleteDatabase: () => {
				throw new Error('no');
			}
		} as unknown as IDBFactory;
		await expect(
			forgetWorkshop('W1aaaaaaaa', { factory: broken, known: [cacheName(TABLE)] })
		).resolves.toEqual([]);
	});

	it('names caches under the workshop prefix, so one workshop never matches another', () => {
		expect(cacheName(TABLE).startsWith(workshopCachePrefix('W1aaaaaaaa'))).toBe(true);
		expect(cacheName(TABLE).startsWith(workshopCachePrefix('W1aaaaaaa'))).toBe(false);
	});
});
