import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { loadConfig } from '#server/config.ts';
import { createServices } from '#server/services.ts';
import { MAX_BUFFERED_BYTES } from '#server/sync/room.ts';
import { MAX_NOTE_TEXT_CHARS } from '#shared/model/board/schema.ts';
import { DOC_ROOT, SYNC_CLOSE, SYNC_PATH, roomName } from '#shared/protocol/sync.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import {
	addNote,
	joinParticipant,
	killHard,
	newStore,
	noteTexts,
	seedWorkshop,
	spawnServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

/**
 * Each edit replaces the notes' texts with this many characters in all, one edit at a time: big
 * frames, while the document stays small (the replaced text is garbage-collected on the server).
 */
const EDIT_CHARS = 768 * 1024;
/** A note holds at most a note's text in one insert (sync SPEC S13), so an edit spans many notes. */
const NOTE_CHARS = MAX_NOTE_TEXT_CHARS - 16;
const NOTES = Math.ceil(EDIT_CHARS / NOTE_CHARS);
/**
 * Edits the writer makes: about 24× the buffer limit relayed to a reader that never reads. That
 * much is needed to tell buffering from the churn of relaying it: the server's peak RSS grows by
 * some 120 MiB for 189 MiB relayed (V8 frees the hundreds of note texts each edit decodes only at
 * its next full collection); had it kept what it relayed, it would grow by that much on top.
 */
const EDITS = Math.ceil((24 * MAX_BUFFERED_BYTES) / EDIT_CHARS);
/** Warm-up edits before memory is measured. */
const WARM_UP = 4;
/**
 * Room for what the kernel holds on top of the server's own queue: the server's send buffer and
 * the unread client's receive buffer (a few MiB on loopback).
 */
const KERNEL_BUFFERS_BYTES = 16 * 1024 * 1024;

/** Resident and peak memory of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (field: string) =>
		Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
	return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

describe('backpressure', () => {
	let store: TestStore;
	const cleanups: (() => void | Promise<void>)[] = [];

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		await store.drop();
	});

	it('[S7] a client that stops reading is closed with 4429; server memory stays bounded and the writer is unaffected', async () => {
		store = newStore('embedded');
		const services = await createServices(loadConfig({ SEED_DEMO: 'false', ...store.env }));
		const { workshop, facilitatorCookie } = await seedWorkshop(services, { tableCount: 1 });
		const slowOne = await joinParticipant(services, workshop);
		await services.storage.close();
		const server = await spawnServer(store);
		cleanups.push(() => killHard(server.child));
		const pid = server.child.pid!;
		const room = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });

		const writer = stockClient({ serverUrl: server.url, room, cookie: facilitatorCookie });
		const reader = stockClient({ serverUrl: server.url, room, cookie: facilitatorCookie });
		cleanups.push(
			() => writer.provider.destroy(),
			() => reader.provider.destroy()
		);
		await waitFor(() => writer.provider.synced && reader.provider.synced, 'synced', 10_000);

		// A raw client that joins, then stops reading: its socket stays open but nothing drains.
		const slow = new WebSocket(
			`${server.url.replace(/^http/, 'ws')}${SYNC_PATH}/${room}?v=${PROTOCOL_VERSION}&token=${slowOne.token}`
		);
		cleanups.push(() => slow.terminate());
		// Counts what reaches the slow client once it reads again: what the server kept queued for it.
		let queued = 0;
		slow.on('message', (data: Buffer) => (queued += data.length));
		const slowClosed = new Promise<number>((resolve) => slow.on('close', (code) => resolve(code)));
		await new Promise((resolve) => slow.once('message', resolve));
		slow.pause();
		queued = 0;

		const texts = writer.doc.transact(() =>
			Array.from({ length: NOTES }, (_, n) => addNote(writer.doc, 'facilitator', `start ${n}`))
		);
		const items = reader.doc.getMap<Y.Map<unknown>>(DOC_ROOT.items);
		// Every note changes in one transaction, so any one of them tells how far the reader got.
		const readerText = () =>
			(items.values().next().value?.get('text') as Y.Text | undefined)?.toString() ?? '';
		const replace = (i: number) =>
			writer.doc.transact(() => {
				for (const text of texts) {
					text.delete(0, text.length);
					text.insert(0, `${i}:${'x'.repeat(NOTE_CHARS)}`);
				}
			});
		// Warm up, then measure the peak from here (clear_refs 5 resets VmHWM).
		for (let i = 0; i < WARM_UP; i++) replace(i);
		await waitFor(() => readerText().startsWith(`${WARM_UP - 1}:`), 'warm-up relayed', 10_000);
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		const before = memoryOf(pid);

		const started = performance.now();
		for (let i = WARM_UP; i < EDITS; i++) {
			replace(i);
			// One edit at a time: edits stored together reach others merged, the overwritten text dropped.
			await waitFor(() => readerText().startsWith(`${i}:`), `edit ${i} relayed`, 10_000);
		}
		const elapsedMs = performance.now() - started;
		const after = memoryOf(pid);

		// The slow client learns of the close only when it reads again: its queued frames, then 4429.
		slow.resume();
		const stillOpen = new Promise((resolve) => setTimeout(() => resolve('still open'), 20_000));
		expect(await Promise.race([slowClosed, stillOpen])).toBe(SYNC_CLOSE.backpressure.code);

		const relayed = (EDITS - WARM_UP) * EDIT_CHARS;
		const growth = after.peak - before.rss;
		const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
		console.log(
			`[S7] relayed ${mib(relayed)} MiB in ${elapsedMs.toFixed(0)} ms; the slow client had ${mib(queued)} MiB queued when closed; server RSS ${mib(before.rss)} MiB, peak growth ${mib(growth)} MiB`
		);
		// Without the limit the server would have queued all of it for the slow client.
		expect(queued).toBeLessThan(MAX_BUFFERED_BYTES + EDIT_CHARS + KERNEL_BUFFERS_BYTES);
		expect(growth).toBeLessThan(relayed);

		// The writer never noticed: still connected, never closed, and the reader has every edit.
		expect(writer.closes).toEqual([]);
		expect(writer.provider.wsconnected).toBe(true);
		expect(noteTexts(reader.doc)).toEqual(noteTexts(writer.doc));
	}, 120_000);
});
