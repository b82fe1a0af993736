import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/protocol/control.ts';
import { createNote, itemsOf, readBoard, templateItemId } from '#shared/model/board.ts';
import { SYNC_CLOSE, SYNC_DENIAL, privateDocumentName, roomName } from '#shared/protocol/sync.ts';
import {
	addNote,
	controlClient,
	joinParticipant,
	newStore,
	noteTexts,
	seedWorkshop,
	STORE_KINDS,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(STORE_KINDS)(
	'private writing, then reveal on the %s store (sync S10, control C15)',
	(kind) => {
		let store: TestStore;
		let server: RunningServer;
		let workshop: WorkshopRecord;
		let facilitatorCookie: string;
		const cleanups: (() => void)[] = [];

		beforeEach(async () => {
			store = newStore(kind);
			server = await startServer(store);
			({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 1 }));
			// The first phase is private, as in the templates' problem definition.
			const state = (await server.services.workshops.state(workshop.id))!;
			const phases = state.phases.map((phase, index) => ({
				...phase,
				settings: { ...phase.settings, privateWriting: index === 0 }
			}));
			await server.services.workshops.savePlan(workshop.id, { startTime: state.startTime, phases });
		});

		afterEach(async () => {
			for (const cleanup of cleanups.splice(0)) cleanup();
			await server.close();
			await store.drop();
		});

		const tableRoom = () => roomName({ kind: 'table', workshopId: workshop.id, table: 1 });
		const privateRoom = () => roomName({ kind: 'private', workshopId: workshop.id, table: 1 });

		function client(room: string, credential: { token?: string; cookie?: string }) {
			const created = stockClient({ serverUrl: server.url, room, ...credential });
			cleanups.push(() => created.provider.destroy());
			return created;
		}

		async function synced(...clients: { provider: { synced: boolean } }[]) {
			await waitFor(() => clients.every((c) => c.provider.synced), 'sync');
		}

		async function control(credential: { token?: string; cookie?: string }): Promise<Client> {
			const socket = controlClient({ serverUrl: server.url, ...credential });
			cleanups.push(() => socket.disconnect());
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			return socket;
		}

		/** Every text a doc holds anywhere, so a leak outside the items map would show too. */
		const allText = (doc: Y.Doc) => JSON.stringify(doc.toJSON());

		it('[S10][C15] private notes reach nobody else until the facilitator reveals; then everyone, stored', async () => {
			const a = await joinParticipant(server.services, workshop, 'social_services');
			const b = await joinParticipant(server.services, workshop, 'education');
			expect([a.table, b.table]).toEqual([1, 1]);

			const aPrivate = client(privateRoom(), { token: a.token });
			const aTable = client(tableRoom(), { token: a.token });
			const bPrivate = client(privateRoom(), { token: b.token });
			const bTable = client(tableRoom(), { token: b.token });
			await synced(aPrivate, aTable, bPrivate, bTable);

			addNote(aPrivate.doc, a.authorKey, 'A: salainen ajatus');
			addNote(bPrivate.doc, b.authorKey, 'B: oma ajatus');
			// A second connection of A's proves A's note was stored and relayed.
			const aAgain = client(privateRoom(), { token: a.token });
			await waitFor(() => noteTexts(aAgain.doc).length === 1, "A's private note on A's other tab");
			await server.realtime.sync.flush();
			await new Promise((resolve) => setTimeout(resolve, 100));

			// B's browser has nothing of A's: not on the table board, not in B's own private room.
			expect(allText(bTable.doc)).not.toContain('salainen');
			expect(allText(bPrivate.doc)).not.toContain('salainen');
			expect(noteTexts(bPrivate.doc)).toEqual(['B: oma ajatus']);
			expect(noteTexts(aTable.doc)).toEqual([]);

			// While writing is private, the table board takes no participant's notes.
			// (A tab of its own: the refused note stays in that tab's document, as under a lock, S6.)
			const bTab = client(tableRoom(), { token: b.token });
			await synced(bTab);
			addNote(bTab.doc, b.authorKey, 'B: pöydälle');
			await waitFor(() => bTab.denials.includes(SYNC_DENIAL.readOnly), 'read-only denial');
			bTab.provider.destroy();
			await server.realtime.sync.flush();
			expect(noteTexts(aTable.doc)).toEqual([]);

			// Nobody opens A's private document by its stored name; facilitators get no private room.
			const byName = client(privateDocumentName(workshop.id, 'anyone'), { token: b.token });
			await waitFor(() => byName.closes.length > 0, 'close of a stored name');
			expect(byName.closes[0].code).toBe(SYNC_CLOSE.notFound.code);
			const facilitatorPrivate = client(privateRoom(), { cookie: facilitatorCookie });
			await waitFor(() => facilitatorPrivate.closes.length > 0, 'facilitator refused');
			expect(facilitatorPrivate.closes[0].code).toBe(SYNC_CLOSE.forbidden.code);
			expect(allText(facilitatorPrivate.doc)).not.toContain('ajatus');

			// A participant cannot reveal.
			const participantControl = await control({ token: b.token });
			const refused = await participantControl.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: false,
				shuffle: false
			});
			expect(refused).toEqual({ ok: false, error: 'forbidden' });
			expect(noteTexts(bTable.doc)).toEqual([]);

			const facilitator = await control({ cookie: facilitatorCookie });
			const bad = await facilitator.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: 'yes'
			} as never);
			expect(bad).toEqual({ ok: false, error: 'invalid_payload' });
			const revealed = await facilitator.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: true,
				shuffle: true
			});
			expect(revealed).toMatchObject({ ok: true });
			const phaseId = (await server.services.workshops.state(workshop.id))!.phases[0].id;
			expect(revealed.ok && revealed.data.revealed).toEqual([phaseId]);

			const both = ['A: salainen ajatus', 'B: oma ajatus'];
			await waitFor(() => noteTexts(bTable.doc).length === 2, 'revealed notes at B');
			await waitFor(() => noteTexts(aTable.doc).length === 2, 'revealed notes at A');
			expect(noteTexts(bTable.doc)).toEqual(both);
			expect(noteTexts(aTable.doc)).toEqual(both);
			// Anonymised: no author key, the actor type stays.
			for (const [, item] of itemsOf(bTable.doc)) {
				expect(item.has('authorKey')).toBe(false);
				expect(['social_services', 'education']).toContain(item.get('actorType'));
			}
			// The private boards are emptied, so a second reveal copies nothing twice.
			await waitFor(() => noteTexts(aPrivate.doc).length === 0, "A's private board emptied");
			await waitFor(() => noteTexts(bPrivate.doc).length === 0, "B's private board emptied");
			const again = await facilitator.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: false,
				shuffle: false
			});
			expect(again).toMatchObject({ ok: true });
			await server.realtime.sync.flush();
			expect(noteTexts(bTable.doc)).toEqual(both);

			// Stored: a restarted server serves both notes on the table board.
			for (const cleanup of cleanups.splice(0)) cleanup();
			await server.close();
			server = await startServer(store);
			const later = client(tableRoom(), { cookie: facilitatorCookie });
			await waitFor(() => noteTexts(later.doc).length === 2, 'notes after restart');
			expect(noteTexts(later.doc)).toEqual(both);
		});

		it("[S10][C15] the reveal places the notes inside the phase's area, clear of notes there", async () => {
			// The private phase lays out the two-area board when the day starts (phase-boards.ts).
			const state = (await server.services.workshops.state(workshop.id))!;
			const phases = state.phases.map((phase, index) =>
				index === 0 ? { ...phase, boardTemplate: 'meaningful-and-needs' as const } : phase
			);
			await server.services.workshops.savePlan(workshop.id, { startTime: state.startTime, phases });
			const a = await joinParticipant(server.services, workshop, 'social_services');
			const b = await joinParticipant(server.services, workshop, 'education');
			const aPrivate = client(privateRoom(), { token: a.token });
			const bPrivate = client(privateRoom(), { token: b.token });
			const watcher = client(tableRoom(), { cookie: facilitatorCookie });
			await synced(aPrivate, bPrivate, watcher);
			const facilitator = await control({ cookie: facilitatorCookie });
			await facilitator.emitWithAck('workshop:start', { workshopId: workshop.id });
			const areaId = templateItemId('meaningful-and-needs', 'meaningful');
			await waitFor(() => itemsOf(watcher.doc).has(areaId), "the phase's areas");
			const area = readBoard(watcher.doc).byId.get(areaId)!;
			// The facilitator had put a note in the area's first cell.
			createNote(watcher.doc, {
				actorType: 'other',
				text: 'valmiiksi',
				x: area.x + 24,
				y: area.y + 72
			});
			for (const text of ['A1', 'A2', 'A3']) addNote(aPrivate.doc, a.authorKey, text);
			addNote(bPrivate.doc, b.authorKey, 'B1');
			await server.realtime.sync.flush();
			await new Promise((resolve) => setTimeout(resolve, 100));
			await facilitator.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: false,
				shuffle: false
			});
			await waitFor(() => noteTexts(watcher.doc).length === 5, 'revealed notes');
			const notes = readBoard(watcher.doc).items.filter((item) => item.type === 'note');
			for (const note of notes) {
				expect(note.x, note.text).toBeGreaterThanOrEqual(area.x);
				expect(note.y, note.text).toBeGreaterThanOrEqual(area.y);
				expect(note.x + note.width, note.text).toBeLessThanOrEqual(area.x + area.width);
				expect(note.y + note.height, note.text).toBeLessThanOrEqual(area.y + area.height);
			}
			for (const [i, one] of notes.entries()) {
				for (const other of notes.slice(i + 1)) {
					const apart =
						one.x + one.width <= other.x ||
						other.x + other.width <= one.x ||
						one.y + one.height <= other.y ||
						other.y + other.height <= one.y;
					expect(apart, `${one.text} / ${other.text}`).toBe(true);
				}
			}
		});

		it('[C15] revealing a phase without private writing acks conflict', async () => {
			const facilitator = await control({ cookie: facilitatorCookie });
			await facilitator.emitWithAck('phase:go', { workshopId: workshop.id, index: 1 });
			const result = await facilitator.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: false,
				shuffle: false
			});
			expect(result).toEqual({ ok: false, error: 'conflict' });
		});

		it('[S10] a private room takes writes only while the phase is private; reveal keeps authors unless anonymised', async () => {
			const a = await joinParticipant(server.services, workshop);
			const aPrivate = client(privateRoom(), { token: a.token });
			const aTable = client(tableRoom(), { token: a.token });
			await synced(aPrivate, aTable);
			addNote(aPrivate.doc, a.authorKey, 'ennen');
			const facilitator = await control({ cookie: facilitatorCookie });
			const watcher = client(tableRoom(), { cookie: facilitatorCookie });
			await waitFor(() => aPrivate.provider.synced, 'sync');
			await server.realtime.sync.flush();
			await new Promise((resolve) => setTimeout(resolve, 100));
			await facilitator.emitWithAck('phase:reveal', {
				workshopId: workshop.id,
				anonymise: false,
				shuffle: false
			});
			await waitFor(() => noteTexts(watcher.doc).length === 1, 'revealed note');
			const [[, item]] = [...itemsOf(watcher.doc)];
			expect(item.get('authorKey')).toBe(a.authorKey);

			// After the reveal, the private room is read-only and the table board writable again.
			addNote(aPrivate.doc, a.authorKey, 'jälkeen');
			await waitFor(() => aPrivate.denials.includes(SYNC_DENIAL.readOnly), 'private read-only');
			addNote(aTable.doc, a.authorKey, 'pöydälle');
			await waitFor(() => noteTexts(watcher.doc).length === 2, 'table note');
			expect(noteTexts(watcher.doc)).toEqual(['ennen', 'pöydälle']);
		});
	}
);
