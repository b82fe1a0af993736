import { COMPACT_AFTER_ROWS } from '#server/sync/group-commit.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import { MAX_SYNC_FRAME_BYTES, roomName, SYNC_CLOSE, SYNC_PATH } from '#shared/protocol/sync.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import {
	STORE_KINDS,
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	addNote,
	noteTexts,
	waitFor,
	type TestStore
} from './harness.ts';

describe.each(STORE_KINDS)('sync endpoint on the %s store', (kind) => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const cleanups: (() => void)[] = [];

	const client = (options: Omit<Parameters<typeof stockClient>[0], 'serverUrl'>) => {
		const created = stockClient({ serverUrl: server.url, ...options });
		cleanups.push(() => created.provider.destroy());
		return created;
	};
	const tableRoom = (table: number) => roomName({ kind: 'table', workshopId: workshop.id, table });

	beforeEach(async () => {
		store = newStore(kind);
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
	});

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	it('[S1] two stock y-websocket clients at one table converge', async () => {
		const first = await joinParticipant(server.services, workshop, 'education');
		const a = client({ room: tableRoom(first.table), token: first.token });
		const b = client({ room: tableRoom(first.table), cookie: facilitatorCookie });
		await waitFor(() => a.provider.synced && b.provider.synced, 'both synced');

		const own = addNote(a.doc, first.authorKey, 'Hei ');
		addNote(b.doc, 'facilitator', 'Hej ');
		own.insert(own.length, '🍀 äö');
		await waitFor(
			() => noteTexts(a.doc).join() === noteTexts(b.doc).join() && noteTexts(b.doc).length === 2,
			'convergence'
		);
		expect(noteTexts(b.doc)).toEqual(['Hei 🍀 äö', 'Hej ']);
	});

	it('[S2] refuses a client without a token before sending any document data', async () => {
		const seeded = client({ room: tableRoom(1), cookie: facilitatorCookie });
		await waitFor(() => seeded.provider.synced, 'seed synced');
		addNote(seeded.doc, 'facilitator', 'secret');
		await server.realtime.sync.flush();

		const stranger = client({ room: tableRoom(1) });
		await waitFor(() => stranger.closes.length > 0, 'refusal');
		expect(stranger.closes[0]).toEqual(SYNC_CLOSE.unauthorised);
		expect(noteTexts(stranger.doc)).toEqual([]);
		expect(stranger.provider.synced).toBe(false);
	});

	it('[S2] refuses a participant of another workshop and a forged token', async () => {
		const other = await seedWorkshop(server.services);
		const outsider = await joinParticipant(server.services, other.workshop);
		const wrongWorkshop = client({ room: tableRoom(1), token: outsider.token });
		const forged = client({ room: tableRoom(1), token: outsider.token.slice(0, -3) + 'AAA' });
		await waitFor(() => wrongWorkshop.closes.length > 0 && forged.closes.length > 0, 'refusals');
		expect(wrongWorkshop.closes[0]).toEqual(SYNC_CLOSE.forbidden);
		expect(forged.closes[0]).toEqual(SYNC_CLOSE.unauthorised);
	});

	it('[S2] refuses a cross-site handshake even with a valid session cookie', async () => {
		const hijack = client({
			room: tableRoom(1),
			cookie: facilitatorCookie,
			origin: 'https://evil.example'
		});
		const sameSite = client({ room: tableRoom(1), cookie: facilitatorCookie, origin: server.url });
		await waitFor(() => hijack.closes.length > 0 && sameSite.provider.synced, 'handshakes');
		expect(hijack.closes[0]).toEqual(SYNC_CLOSE.forbidden);
	});

	it("[S2] refuses a participant at another table's board unless tables see each other", async () => {
		const first = await joinParticipant(server.services, workshop);
		const otherTable = first.table === 1 ? 2 : 1;
		const peek = client({ room: tableRoom(otherTable), token: first.token });
		await waitFor(() => peek.closes.length > 0, 'refusal');
		expect(peek.closes[0]).toEqual(SYNC_CLOSE.forbidden);
	});

	it('[S2] refuses an unknown table and a client of another protocol version', async () => {
		const first = await joinParticipant(server.services, workshop);
		const noTable = client({ room: tableRoom(9), token: first.token });
		const oldClient = client({ room: tableRoom(first.table), token: first.token, version: '0' });
		await waitFor(() => noTable.closes.length > 0 && oldClient.closes.length > 0, 'refusals');
		expect(noTable.closes[0]).toEqual(SYNC_CLOSE.notFound);
		expect(oldClient.closes[0]).toEqual(SYNC_CLOSE.versionMismatch);
	});

	it('[S6] a participant reads the plenary but cannot write to it', async () => {
		const first = await joinParticipant(server.services, workshop);
		const plenary = roomName({ kind: 'plenary', workshopId: workshop.id });
		const facilitator = client({ room: plenary, cookie: facilitatorCookie });
		const reader = client({ room: plenary, token: first.token });
		await waitFor(() => facilitator.provider.synced && reader.provider.synced, 'synced');
		addNote(facilitator.doc, 'facilitator', 'agenda');
		await waitFor(() => noteTexts(reader.doc).join() === 'agenda', 'reader sees plenary');

		addNote(reader.doc, first.authorKey, 'graffiti');
		const late = client({ room: plenary, cookie: facilitatorCookie });
		await waitFor(() => late.provider.synced, 'late synced');
		await server.realtime.sync.flush();
		expect(noteTexts(facilitator.doc)).toEqual(['agenda']);
		expect(noteTexts(late.doc)).toEqual(['agenda']);
	});

	it('[S6] a locked board drops participant edits; unlocking lets them through', async () => {
		const first = await joinParticipant(server.services, workshop);
		const room = tableRoom(first.table);
		const participant = client({ room, token: first.token });
		const facilitator = client({ room, cookie: facilitatorCookie });
		await waitFor(() => participant.provider.synced && facilitator.provider.synced, 'synced');

		const control = controlClient({ serverUrl: server.url, cookie: facilitatorCookie });
		cleanups.push(() => control.disconnect());
		const lock = (locked: boolean) =>
			control.emitWithAck('board:lock', { workshopId: workshop.id, table: first.table, locked });
		expect((await lock(true)).ok).toBe(true);

		addNote(participant.doc, first.authorKey, 'while locked');
		await new Promise((resolve) => setTimeout(resolve, 200));
		await server.realtime.sync.flush();
		expect(noteTexts(facilitator.doc)).toEqual([]);

		expect((await lock(false)).ok).toBe(true);
		addNote(participant.doc, first.authorKey, 'after');
		await waitFor(() => noteTexts(facilitator.doc).includes('after'), 'edit after unlock');
	});

	it('[S3] the document survives a restart of the server', async () => {
		const first = await joinParticipant(server.services, workshop);
		const room = tableRoom(first.table);
		const writer = client({ room, token: first.token });
		await waitFor(() => writer.provider.synced, 'synced');
		for (let i = 0; i < 20; i++) addNote(writer.doc, first.authorKey, `muistiinpano ${i}`);
		const text = addNote(writer.doc, first.authorKey, 'pysyvä');
		text.insert(text.length, ' muistiinpano');
		await waitFor(() => writer.provider.wsconnected, 'connected');
		await server.realtime.sync.flush();
		writer.provider.destroy();
		await server.close();

		server = await startServer(store);
		const reader = client({ room, token: first.token });
		await waitFor(() => reader.provider.synced, 'reader synced');
		expect(noteTexts(reader.doc)).toEqual(noteTexts(writer.doc));
		expect(noteTexts(reader.doc)).toHaveLength(21);
		expect(noteTexts(reader.doc)).toContain('pysyvä muistiinpano');
	});

	it('[S5] malformed, text and oversized frames close that connection; the server and document stay intact', async () => {
		const first = await joinParticipant(server.services, workshop);
		const room = tableRoom(first.table);
		const good = client({ room, token: first.token });
		await waitFor(() => good.provider.synced, 'synced');
		addNote(good.doc, first.authorKey, 'intact');
		await server.realtime.sync.flush();

		const url = `${server.url.replace('http', 'ws')}${SYNC_PATH}/${room}?v=${PROTOCOL_VERSION}&token=${first.token}`;
		const frames: (Buffer | string)[] = [
			Buffer.from([0, 2, 200, 1, 2, 3]), // sync update whose length runs past the frame
			Buffer.from([0, 1, 5, 255, 255, 255, 255, 15]), // sync step 2 with a garbage update
			Buffer.from([7, 1, 2]), // unknown message type
			Buffer.from([1, 10, 1, 2]), // truncated awareness update
			'not binary',
			Buffer.alloc(MAX_SYNC_FRAME_BYTES + 1, 1) // over the frame cap
		];
		const codes: number[] = [];
		for (const frame of frames) {
			codes.push(
				await new Promise<number>((resolve) => {
					const ws = new WebSocket(url);
					ws.on('open', () => ws.send(frame));
					ws.on('close', (code) => resolve(code));
					ws.on('error', () => undefined);
				})
			);
		}
		expect(codes).toEqual([4400, 4400, 4400, 4400, 4400, 1009]);

		const after = client({ room, token: first.token });
		await waitFor(() => after.provider.synced, 'synced after abuse');
		expect(noteTexts(after.doc)).toEqual(['intact']);
		expect(noteTexts(good.doc)).toEqual(['intact']);
	});

	it('[S4] a document log is compacted, still loads the same, and a client is synced only with all of it', async () => {
		const first = await joinParticipant(server.services, workshop);
		const room = tableRoom(first.table);
		const writer = client({ room, token: first.token });
		await waitFor(() => writer.provider.synced, 'synced');
		const texts = Array.from({ length: 50 }, (_, i) =>
			addNote(writer.doc, first.authorKey, `${i}`)
		);
		for (let i = 0; i < 700; i++) {
			texts[i % 50].insert(0, 'x');
			if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
		}
		const expected = noteTexts(writer.doc);
		const documents = server.services.storage.documents;
		let rows = Infinity;
		const deadline = Date.now() + 10_000;
		// Writes arrive over the network and compaction runs in the background: poll until it did.
		// How many rows follow the snapshot depends on how group commit batched the writes.
		while (rows >= COMPACT_AFTER_ROWS && Date.now() < deadline) {
			await server.realtime.sync.flush();
			rows = await documents.countUpdates(room);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(rows).toBeLessThan(COMPACT_AFTER_ROWS);

		const reader = new Y.Doc();
		for (const update of await documents.load(room)) Y.applyUpdate(reader, update);
		expect(noteTexts(reader)).toEqual(expected);

		// After a restart the room sends the snapshot and the rows after it: a client may count
		// itself synced only once it has all of them.
		for (let i = 0; i < 5; i++) addNote(writer.doc, first.authorKey, `after compaction ${i}`);
		const everything = noteTexts(writer.doc);
		await waitFor(() => writer.provider.wsconnected, 'connected');
		await server.realtime.sync.flush();
		writer.provider.destroy();
		await server.close();
		server = await startServer(store);
		const late = client({ room, token: first.token });
		let atSync: string[] = [];
		late.provider.once('sync', () => (atSync = noteTexts(late.doc)));
		await waitFor(() => late.provider.synced, 'late reader synced');
		expect(atSync).toEqual(everything);
	});
});
