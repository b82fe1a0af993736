import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { createNote, deleteItem, readNotes, setItemText } from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import type { ParticipantRights } from '#shared/model/workshop.ts';
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

describe('per-phase participant rights and content limits on the real server (S9, S13)', () => {
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

	const room = () => roomName({ kind: 'table', workshopId: workshop.id, table: 1 });

	function client(credential: { token?: string; cookie?: string }) {
		const created = stockClient({ serverUrl: server.url, room: room(), ...credential });
		cleanups.push(() => created.provider.destroy());
		return created;
	}

	async function participant() {
		const joined = await joinParticipant(server.services, workshop, 'social_services');
		const claims = server.services.tokens.verify(joined.token)!;
		const record = (await server.services.workshops.participant(claims.participantId))!;
		return { ...client({ token: joined.token }), key: server.services.access.authorKeyOf(record) };
	}

	async function setRights(rights: ParticipantRights, voting = false): Promise<void> {
		const state = (await server.services.workshops.state(workshop.id))!;
		const phases = state.phases.map((phase) => ({
			...phase,
			settings: {
				...phase.settings,
				participantRights: rights,
				voting: { enabled: voting, dotsPerPerson: 3 }
			}
		}));
		await server.services.workshops.savePlan(workshop.id, { startTime: state.startTime, phases });
	}

	const texts = (doc: Y.Doc) => readNotes(doc).map((note) => note.text);
	const settle = async () => {
		await new Promise((resolve) => setTimeout(resolve, 150));
		await server.realtime.sync.flush();
	};

	it('[S9] edit own: others’ notes stay untouched; the refused client is told why', async () => {
		await setRights('edit_own');
		const alice = await participant();
		const bob = await participant();
		const facilitator = client({ cookie: facilitatorCookie });
		await waitFor(
			() => alice.provider.synced && bob.provider.synced && facilitator.provider.synced,
			'synced'
		);

		const id = createNote(alice.doc, {
			actorType: 'social_services',
			authorKey: alice.key,
			text: 'Alicen idea'
		});
		await waitFor(() => texts(bob.doc).includes('Alicen idea'), 'bob sees the note');
		await waitFor(() => texts(facilitator.doc).includes('Alicen idea'), 'facilitator sees it');

		setItemText(bob.doc, id, 'Bob was here');
		await waitFor(() => bob.denials.includes(SYNC_DENIAL.notOwn), 'bob told why');
		await settle();
		expect(texts(facilitator.doc)).toEqual(['Alicen idea']);
		expect(texts(alice.doc)).toEqual(['Alicen idea']);

		// A forged author key is refused as well, and nothing of it is stored.
		createNote(alice.doc, {
			actorType: 'social_services',
			authorKey: bob.key,
			text: 'in Bob’s name'
		});
		await waitFor(() => alice.denials.includes(SYNC_DENIAL.authorKey), 'alice told why');
		await settle();

		const fresh = client({ cookie: facilitatorCookie });
		await waitFor(() => fresh.provider.synced, 'fresh synced');
		expect(texts(fresh.doc)).toEqual(['Alicen idea']);

		// Bob, starting again from the server's state (as the app does), still edits his own notes.
		const bobAgain = client({ token: bob.provider.params.token });
		await waitFor(() => bobAgain.provider.synced, 'bob again synced');
		const own = createNote(bobAgain.doc, {
			actorType: 'social_services',
			authorKey: bob.key,
			text: 'Bobin'
		});
		setItemText(bobAgain.doc, own, 'Bobin oma');
		await waitFor(() => texts(facilitator.doc).includes('Bobin oma'), 'bob’s own note arrives');
		expect(bobAgain.denials).toEqual([]);
	});

	it('[S9] view only refuses adds and deletes; add only refuses deletes; facilitators always edit', async () => {
		await setRights('view_only');
		const alice = await participant();
		const facilitator = client({ cookie: facilitatorCookie });
		await waitFor(() => alice.provider.synced && facilitator.provider.synced, 'synced');

		createNote(alice.doc, { actorType: 'social_services', authorKey: alice.key, text: 'not now' });
		await waitFor(() => alice.denials.includes(SYNC_DENIAL.viewOnly), 'told view only');
		const byFacilitator = createNote(facilitator.doc, { actorType: 'other', text: 'ohje' });
		await settle();
		expect(texts(facilitator.doc)).toEqual(['ohje']);

		await setRights('add_only');
		const again = client({ token: alice.provider.params.token });
		await waitFor(() => again.provider.synced, 'again synced');
		const mine = createNote(again.doc, {
			actorType: 'social_services',
			authorKey: alice.key,
			text: 'lisäys'
		});
		await waitFor(() => texts(facilitator.doc).includes('lisäys'), 'add arrives');
		deleteItem(again.doc, mine as ItemId);
		await waitFor(() => again.denials.includes(SYNC_DENIAL.noDelete), 'told no delete');
		deleteItem(facilitator.doc, byFacilitator);
		await settle();
		expect(texts(facilitator.doc)).toEqual(['lisäys']);
	});

	it('[S13] a giant note text or a binary blob is refused whoever sends it; the board stays whole', async () => {
		const alice = await participant();
		const facilitator = client({ cookie: facilitatorCookie });
		await waitFor(() => alice.provider.synced && facilitator.provider.synced, 'synced');

		createNote(alice.doc, { actorType: 'social_services', authorKey: alice.key, text: 'Ennen' });
		await waitFor(() => texts(facilitator.doc).includes('Ennen'), 'facilitator sees the note');

		// A crafted client writes past the writers' cap: one insert of more than a note's text.
		alice.doc.transact(() => {
			const id = createNote(alice.doc, {
				actorType: 'social_services',
				authorKey: alice.key,
				text: ''
			});
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
		createNote(again.doc, { actorType: 'social_services', authorKey: alice.key, text: 'Jälkeen' });
		await waitFor(() => texts(fresh.doc).includes('Jälkeen'), 'the next note arrives');
		expect(again.denials).toEqual([]);
	});
});
