import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { describeRecordContract } from './records.contract.ts';
import { describeTemplateContract } from './templates.contract.ts';
import { describeArchiveContract } from './archive.contract.ts';
import { describeSeatingContract } from './seating.contract.ts';
import { describePrivacyContract } from './privacy.contract.ts';
import { describeFeedbackContract } from './feedback.contract.ts';
import { describeRegistrationContract } from './registration.contract.ts';
import { describeAccessContract } from './access.contract.ts';
import { describeDeckContract } from './decks.contract.ts';
import type { Storage } from './storage.ts';

/**
 * Makes a fresh, empty store. The contract closes the store after each test (unless the test did),
 * then calls `cleanup` to remove whatever the factory created (file, schema, admin connection).
 */
export type StorageFactory = () => Promise<{ storage: Storage; cleanup: () => Promise<void> }>;

/** A live store plus a flag for the test that closes it itself. */
export interface ContractContext {
	storage: Storage;
	closed: boolean;
}

/**
 * The behaviour every Storage implementation must show. Test names start with stable IDs: add new
 * ones at the end, never renumber (other tests and reports cite them).
 */
export function registerStorageContract(name: string, factory: StorageFactory): void {
	describe(`storage contract: ${name}`, () => {
		const ctx = {} as ContractContext;
		let cleanup: (() => Promise<void>) | null = null;
		beforeEach(async () => {
			const made = await factory();
			ctx.storage = made.storage;
			ctx.closed = false;
			cleanup = made.cleanup;
		});
		afterEach(async () => {
			// Null when the factory failed: that test already fails with the factory's error.
			if (!cleanup) return;
			if (!ctx.closed) await ctx.storage.close();
			await cleanup();
			cleanup = null;
		});
		describeDocumentContract(ctx);
		describeRecordContract(ctx);
		describeTemplateContract(ctx);
		describeArchiveContract(ctx);
		describeSeatingContract(ctx);
		describePrivacyContract(ctx);
		describeFeedbackContract(ctx);
		describeRegistrationContract(ctx);
		describeAccessContract(ctx);
		describeDeckContract(ctx);
	});
}

const bytes = (...values: number[]) => new Uint8Array(values);

/** A Y.Doc's updates, one per edit, as the sync server would store them. */
function yjsEdits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	const collect = (update: Uint8Array) => updates.push(update);
	doc.on('update', collect);
	for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${i};`);
	doc.off('update', collect);
	return { doc, updates };
}

/** The merge the sync server uses: apply everything to a fresh doc and encode its state. */
function mergeWithYjs(updates: Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return Y.encodeStateAsUpdate(doc);
}

function textOf(updates: Uint8Array[]): string {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}

function describeDocumentContract(ctx: ContractContext): void {
	const docs = () => ctx.storage.documents;

	it('[ST1] an unknown document loads as an empty log', async () => {
		expect(await docs().load('nowhere')).toEqual([]);
		expect(await docs().countUpdates('nowhere')).toBe(0);
	});

	it('[ST2] one batch of several documents loads back per document in append order', async () => {
		const everyByte = new Uint8Array(256).map((_, i) => i);
		await docs().append([
			{ name: 'a', update: bytes(1) },
			{ name: 'b', update: bytes(10) },
			{ name: 'a', update: everyByte },
			{ name: 'c', update: bytes(20, 0, 92) },
			{ name: 'a', update: bytes(3) },
			{ name: 'b', update: bytes(11) }
		]);
		const a = await docs().load('a');
		expect(a).toEqual([bytes(1), everyByte, bytes(3)]);
		expect(await docs().load('b')).toEqual([bytes(10), bytes(11)]);
		expect(await docs().load('c')).toEqual([bytes(20, 0, 92)]);
		expect(await docs().countUpdates('a')).toBe(3);
		// Plain Uint8Array, not a driver subclass such as Buffer.
		for (const update of a) expect(Object.getPrototypeOf(update)).toBe(Uint8Array.prototype);
	});

	it('[ST3] later batches load after earlier ones; an empty batch is a no-op', async () => {
		await docs().append([{ name: 'a', update: bytes(1) }]);
		await docs().append([]);
		await docs().append([
			{ name: 'a', update: bytes(2) },
			{ name: 'a', update: bytes(3) }
		]);
		expect(await docs().load('a')).toEqual([bytes(1), bytes(2), bytes(3)]);
	});

	it('[ST4] a batch with one bad row stores none of its rows', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			await docs().append([{ name: 'a', update: bytes(1) }]);
			const bad = { name: 'b', update: null as unknown as Uint8Array };
			const attempt = docs().append([
				{ name: 'a', update: bytes(2) },
				{ name: 'b', update: bytes(3) },
				bad
			]);
			await expect(attempt).rejects.toThrow();
			expect(logged.mock.calls[0]?.[0]).toMatch(/^\[storage\] documents\.append/);
		} finally {
			logged.mockRestore();
		}
		expect(await docs().load('a')).toEqual([bytes(1)]);
		expect(await docs().load('b')).toEqual([]);
	});

	it('[ST5] compact replaces the log by the merge, which loads before later appends', async () => {
		await docs().append([1, 2, 3, 4].map((n) => ({ name: 'a', update: bytes(n) })));
		await docs().append([{ name: 'other', update: bytes(9) }]);
		const seen: Uint8Array[][] = [];
		const replaced = await docs().compact('a', (updates) => {
			seen.push(updates);
			return bytes(100);
		});
		expect(replaced).toBe(4);
		expect(seen).toEqual([[bytes(1), bytes(2), bytes(3), bytes(4)]]);
		await docs().append([{ name: 'a', update: bytes(5) }]);
		expect(await docs().load('a')).toEqual([bytes(100), bytes(5)]);
		expect(await docs().load('other')).toEqual([bytes(9)]);
	});

	it('[ST6] compact does nothing on a log of zero or one row', async () => {
		const merge = vi.fn((updates: Uint8Array[]) => updates[0]);
		expect(await docs().compact('a', merge)).toBe(0);
		await docs().append([{ name: 'a', update: bytes(1) }]);
		expect(await docs().compact('a', merge)).toBe(0);
		expect(merge).not.toHaveBeenCalled();
		expect(await docs().load('a')).toEqual([bytes(1)]);
	});

	it('[ST7] compact with a Yjs merge keeps the document text', async () => {
		const { doc, updates } = yjsEdits(50);
		await docs().append(updates.map((update) => ({ name: 'board', update })));
		expect(await docs().compact('board', mergeWithYjs)).toBe(50);
		expect(await docs().countUpdates('board')).toBe(1);
		expect(textOf(await docs().load('board'))).toBe(doc.getText('t').toString());

		const late: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => late.push(update));
		doc.getText('t').insert(0, 'late;');
		await docs().append(late.map((update) => ({ name: 'board', update })));
		const log = await docs().load('board');
		expect(log).toHaveLength(2);
		expect(textOf(log)).toBe(doc.getText('t').toString());
		expect(textOf(log)).toMatch(/^late;0;1;/);
	});

	it('[ST8] updates appended while merging are kept after the snapshot', async () => {
		const { doc, updates } = yjsEdits(10);
		await docs().append(updates.map((update) => ({ name: 'board', update })));
		const pending: Promise<void>[] = [];
		doc.on('update', (update: Uint8Array) => {
			pending.push(docs().append([{ name: 'board', update }]));
		});
		const replaced = await docs().compact('board', (log) => {
			doc.getText('t').insert(0, 'during;');
			return mergeWithYjs(log);
		});
		await Promise.all(pending);
		expect(replaced).toBe(10);
		const log = await docs().load('board');
		expect(log).toHaveLength(2);
		expect(textOf(log)).toBe(doc.getText('t').toString());
		expect(textOf(log.slice(0, 1))).toBe(textOf(updates));
	});

	it('[ST9] concurrent compactions and appends of one document lose nothing', async () => {
		const { doc, updates } = yjsEdits(30);
		await docs().append(updates.map((update) => ({ name: 'board', update })));
		const more: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => more.push(update));
		for (let i = 0; i < 10; i++) doc.getText('t').insert(0, `more${i};`);
		const results = await Promise.all([
			docs().compact('board', mergeWithYjs),
			docs().append(more.slice(0, 5).map((update) => ({ name: 'board', update }))),
			docs().compact('board', mergeWithYjs),
			docs().append(more.slice(5).map((update) => ({ name: 'board', update }))),
			docs().compact('board', mergeWithYjs)
		]);
		expect(results.filter((r) => typeof r === 'number' && r > 0).length).toBeGreaterThan(0);
		expect(textOf(await docs().load('board'))).toBe(doc.getText('t').toString());
		await docs().compact('board', mergeWithYjs);
		expect(await docs().countUpdates('board')).toBe(1);
		expect(textOf(await docs().load('board'))).toBe(doc.getText('t').toString());
	});

	it('[ST10] a merge that throws leaves the log as it was', async () => {
		await docs().append([1, 2, 3].map((n) => ({ name: 'a', update: bytes(n) })));
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const attempt = docs().compact('a', () => {
				throw new Error('merge failed');
			});
			await expect(attempt).rejects.toThrow('merge failed');
		} finally {
			logged.mockRestore();
		}
		expect(await docs().load('a')).toEqual([bytes(1), bytes(2), bytes(3)]);
	});

	it('[ST23] ping answers while open and rejects once closed (readiness probe)', async () => {
		await expect(ctx.storage.ping()).resolves.toBeUndefined();
		await ctx.storage.close();
		ctx.closed = true;
		await expect(ctx.storage.ping()).rejects.toThrow();
	});
}
