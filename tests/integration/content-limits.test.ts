import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { createNote, readNotes } from '#shared/model/board.ts';
import { MAX_NOTE_TEXT_CHARS } from '#shared/model/board/schema.ts';
import { DOC_ROOT, SYNC_DENIAL, roomName } from '#shared/protocol/sync.ts';
import {
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

describe('content outside the board schema on the real server (S13)', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const cleanups: (() => void)[] = [];

	beforeEach(async () => {
		store = newStore('embedded');
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 1 }));
	});

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	function client(credential: { token?: string; cookie?: string }) {
		const room = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });
		const created = stockClient({ serverUrl: server.url, room, ...credential });
		cleanups.push(() => created.provider.destroy());
		return created;
	}

	async function participant() {
		const joined = await joinParticipant(server.services, workshop, 'client');
		const claims = server.services.tokens.verify(joined.token)!;
		const record = (await server.services.workshops.participant(claims.participantId))!;
		return { ...client({ token: joined.token }), key: server.services.access.authorKeyOf(record) };
	}

	const texts = (doc: Y.Doc) => readNotes(doc).map((note) => note.text);

	it('[S13] a giant note text or a binary blob is refused whoever sends it; the board stays whole', async () => {
		const alice = await participant();
		const facilitator = client({ cookie: facilitatorCookie });
		await waitFor(() => alice.provider.synced && facilitator.provider.synced, 'synced');

		createNote(alice.doc, { actorType: 'client', authorKey: alice.key, text: 'Ennen' });
		await waitFor(() => texts(facilitator.doc).includes('Ennen'), 'facilitator sees the note');

		// A crafted client writes past the writers' cap: one insert of more than a note's text.
		alice.doc.transact(() => {
			const id = createNote(alice.doc, { actorType: 'client', authorKey: alice.key, text: '' });
			const text = alice.doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).get(id)!.get('text');
			(text as Y.Text).insert(0, 'x'.repeat(MAX_NOTE_TEXT_CHARS * 50));
		});
		await waitFor(() => alice.denials.includes(SYNC_DENIAL.content), 'alice told why');

		facilitator.doc.getMap(DOC_ROOT.items).set('blob', new Uint8Array(64 * 1024));
		await waitFor(() => facilitator.denials.includes(SYNC_DENIAL.content), 'facilitator told');
		await server.realtime.sync.flush();

		const fresh = client({ cookie: facilitatorCookie });
		await waitFor(() => fresh.provider.synced, 'fresh synced');
		expect(texts(fresh.doc)).toEqual(['Ennen']);
		expect(fresh.doc.getMap(DOC_ROOT.items).has('blob')).toBe(false);

		// The refused writers start again from the server's document, as the app does, and edit on.
		const again = client({ token: alice.provider.params.token });
		await waitFor(() => again.provider.synced, 'alice again synced');
		createNote(again.doc, { actorType: 'client', authorKey: alice.key, text: 'Jälkeen' });
		await waitFor(() => texts(fresh.doc).includes('Jälkeen'), 'the next note arrives');
		expect(again.denials).toEqual([]);
	});
});
