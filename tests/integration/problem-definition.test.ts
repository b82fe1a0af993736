import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import { assembleWorkshopReport } from '#server/exports/assemble.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { createNote, placeVote, readBoard, readProblemDefinition } from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/protocol/control.ts';
import { roomName } from '#shared/protocol/sync.ts';
import {
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	STORE_KINDS,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(STORE_KINDS)(
	'problem definition and harvest on the %s store (control C16, C17)',
	(kind) => {
		let store: TestStore;
		let server: RunningServer;
		let workshop: WorkshopRecord;
		let facilitatorCookie: string;
		const cleanups: (() => void)[] = [];

		beforeEach(async () => {
			store = newStore(kind);
			server = await startServer(store);
			({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
			// 0: opening; 1: candidates with dots, each may edit only their own notes; 2: view only.
			const state = (await server.services.workshops.state(workshop.id))!;
			const [opening, base] = state.phases;
			const candidates = {
				...base,
				id: 'candidates',
				kind: 'problem_definition' as const,
				boardTemplate: 'problem-candidates' as const,
				settings: {
					...base.settings,
					privateWriting: false,
					voting: { enabled: true, dotsPerPerson: 3 },
					participantRights: 'edit_own' as const
				}
			};
			const viewOnly = {
				...candidates,
				id: 'reading',
				settings: { ...candidates.settings, participantRights: 'view_only' as const }
			};
			await server.services.workshops.savePlan(workshop.id, {
				startTime: state.startTime,
				phases: [opening, candidates, viewOnly]
			});
		});

		afterEach(async () => {
			for (const cleanup of cleanups.splice(0)) cleanup();
			await server.close();
			await store.drop();
		});

		const tableRoom = (table: number) =>
			roomName({ kind: 'table', workshopId: workshop.id, table });

		function client(room: string, credential: { token?: string; cookie?: string }) {
			const created = stockClient({ serverUrl: server.url, room, ...credential });
			cleanups.push(() => created.provider.destroy());
			return created;
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

		/** Adds a note by `authorKey` inside the board's candidates area. */
		function addCandidate(doc: Y.Doc, authorKey: string, text: string, offset: number): ItemId {
			const area = readProblemDefinition(readBoard(doc)).areas.candidates!;
			return createNote(doc, {
				actorType: 'education',
				authorKey,
				text,
				x: area.x + 24 + offset,
				y: area.y + 100
			});
		}

		const view = (doc: Y.Doc) => readProblemDefinition(readBoard(doc));

		it('[C16] two participants add candidates and vote; one chooses the task, both see it, the export reads it', async () => {
			const a = await joinParticipant(server.services, workshop, 'social_services');
			const c = await joinParticipant(server.services, workshop, 'ngo');
			const b = await joinParticipant(server.services, workshop, 'education');
			expect([a.table, c.table, b.table]).toEqual([1, 2, 1]);
			const facilitator = await control({ cookie: facilitatorCookie });
			const go = await facilitator.emitWithAck('phase:go', { workshopId: workshop.id, index: 1 });
			expect(go.ok).toBe(true);

			const aBoard = client(tableRoom(1), { token: a.token });
			const bBoard = client(tableRoom(1), { token: b.token });
			await waitFor(
				() => view(aBoard.doc).areas.candidates !== null && view(bBoard.doc).areas.chosen !== null,
				'the candidates template on both boards'
			);
			const language = addCandidate(aBoard.doc, a.authorKey, 'Kielitaito', 0);
			const handover = addCandidate(bBoard.doc, b.authorKey, 'Siirrot palvelusta toiseen', 300);
			await waitFor(
				() => view(aBoard.doc).candidates.length === 2 && view(bBoard.doc).candidates.length === 2,
				'both candidates on both boards'
			);
			placeVote(aBoard.doc, { itemId: handover, voterKey: a.authorKey, limit: 3 });
			placeVote(bBoard.doc, { itemId: handover, voterKey: b.authorKey, limit: 3 });
			await waitFor(() => view(aBoard.doc).candidates[0]?.votes === 2, 'two dots on B’s note');

			// B chooses A's-voted candidate... then changes to the one with the dots.
			const bControl = await control({ token: b.token });
			const first = await bControl.emitWithAck('task:choose', {
				workshopId: workshop.id,
				itemId: language
			});
			expect(first.ok).toBe(true);
			const aControl = await control({ token: a.token });
			const second = await aControl.emitWithAck('task:choose', {
				workshopId: workshop.id,
				itemId: handover
			});
			expect(second.ok).toBe(true);
			await waitFor(
				() =>
					view(aBoard.doc)
						.chosen.map((n) => n.text)
						.join() === 'Siirrot palvelusta toiseen' &&
					view(bBoard.doc).chosenCandidate === handover,
				'the chosen task on both boards'
			);
			expect(view(bBoard.doc).seeds.map((n) => n.text)).toEqual(['Kielitaito']);
			// The candidate keeps its dots; the copy is nobody's and has none.
			expect(view(bBoard.doc).candidates.find((n) => n.id === handover)?.votes).toBe(2);
			expect(view(bBoard.doc).chosen[0]).toMatchObject({ votes: 0, authorKey: '' });

			await server.realtime.sync.flush();
			const report = await assembleWorkshopReport(server.services.storage, workshop.id);
			expect(report?.tables[0].developmentTask).toBe('Siirrot palvelusta toiseen');
			expect(report?.developmentSeeds).toEqual([{ table: 1, text: 'Kielitaito' }]);

			// Withdrawing the choice leaves no task and no seeds.
			expect(
				(await aControl.emitWithAck('task:choose', { workshopId: workshop.id, itemId: null })).ok
			).toBe(true);
			await waitFor(() => view(bBoard.doc).chosen.length === 0, 'the choice withdrawn');
		});

		it('[C16] the server refuses a choice outside the phase’s rights, of another table, or by a stranger', async () => {
			const a = await joinParticipant(server.services, workshop, 'social_services');
			const c = await joinParticipant(server.services, workshop, 'ngo');
			const facilitator = await control({ cookie: facilitatorCookie });
			const aControl = await control({ token: a.token });
			const cControl = await control({ token: c.token });
			const choose = (socket: Client, itemId: string | null, table?: number) =>
				socket.emitWithAck('task:choose', {
					workshopId: workshop.id,
					itemId,
					...(table === undefined ? {} : { table })
				});

			// The opening is no problem-definition phase.
			expect(await choose(aControl, null)).toEqual({ ok: false, error: 'conflict' });
			await facilitator.emitWithAck('phase:go', { workshopId: workshop.id, index: 1 });
			const aBoard = client(tableRoom(1), { token: a.token });
			await waitFor(() => view(aBoard.doc).areas.candidates !== null, 'the template');
			const mine = addCandidate(aBoard.doc, a.authorKey, 'Kielitaito', 0);
			const watcher = client(tableRoom(1), { cookie: facilitatorCookie });
			await waitFor(() => view(watcher.doc).candidates.length === 1, 'the candidate stored');

			// A participant cannot choose for a table by naming it, nor choose a note of another table.
			expect(await choose(cControl, mine, 1)).toEqual({ ok: false, error: 'forbidden' });
			expect(await choose(cControl, mine)).toEqual({ ok: false, error: 'conflict' });
			// Locked board, then a view-only phase: refused, and nothing is chosen.
			await facilitator.emitWithAck('board:lock', {
				workshopId: workshop.id,
				table: 1,
				locked: true
			});
			expect(await choose(aControl, mine)).toEqual({ ok: false, error: 'locked' });
			await facilitator.emitWithAck('board:lock', {
				workshopId: workshop.id,
				table: 1,
				locked: false
			});
			await facilitator.emitWithAck('phase:go', { workshopId: workshop.id, index: 2 });
			expect(await choose(aControl, mine)).toEqual({ ok: false, error: 'forbidden' });
			await server.realtime.sync.flush();
			expect(view(watcher.doc).chosen).toEqual([]);
			// A facilitator of another workshop chooses nothing here, naming a table or not.
			const stranger = await control({
				cookie: (await seedWorkshop(server.services)).facilitatorCookie
			});
			expect(await choose(stranger, mine, 1)).toEqual({ ok: false, error: 'forbidden' });
			expect(await choose(stranger, mine)).toEqual({ ok: false, error: 'forbidden' });
			// A facilitator chooses for any table, in any phase.
			expect((await choose(facilitator, mine, 1)).ok).toBe(true);
			expect(await choose(facilitator, mine, 3)).toEqual({ ok: false, error: 'conflict' });
			await waitFor(() => view(watcher.doc).chosenCandidate === mine, 'the facilitator’s choice');
		});

		it('[C17] the facilitator harvests items of two tables into the plenary, once, linked back; participants cannot', async () => {
			const a = await joinParticipant(server.services, workshop, 'social_services');
			const c = await joinParticipant(server.services, workshop, 'ngo');
			const aBoard = client(tableRoom(1), { token: a.token });
			const cBoard = client(tableRoom(2), { token: c.token });
			await waitFor(() => aBoard.provider.synced && cBoard.provider.synced, 'sync');
			const fromA = createNote(aBoard.doc, {
				actorType: 'social_services',
				authorKey: a.authorKey,
				text: 'Yhteinen asiakas'
			});
			const fromC = createNote(cBoard.doc, {
				actorType: 'ngo',
				authorKey: c.authorKey,
				text: 'Vertaistuki'
			});
			const plenary = client(roomName({ kind: 'plenary', workshopId: workshop.id }), {
				cookie: facilitatorCookie
			});
			const tableWatch = client(tableRoom(2), { cookie: facilitatorCookie });
			await waitFor(() => readBoard(tableWatch.doc).byId.has(fromC), 'C’s note stored');
			await waitFor(() => plenary.provider.synced, 'plenary sync');

			const aControl = await control({ token: a.token });
			const items = [
				{ table: 1, itemId: fromA },
				{ table: 2, itemId: fromC }
			];
			expect(
				await aControl.emitWithAck('plenary:harvest', { workshopId: workshop.id, items })
			).toEqual({
				ok: false,
				error: 'forbidden'
			});
			const facilitator = await control({ cookie: facilitatorCookie });
			expect(
				await facilitator.emitWithAck('plenary:harvest', {
					workshopId: workshop.id,
					items: [{ table: 3, itemId: fromA }]
				})
			).toEqual({ ok: false, error: 'conflict' });
			const first = await facilitator.emitWithAck('plenary:harvest', {
				workshopId: workshop.id,
				items
			});
			expect(first.ok).toBe(true);
			await facilitator.emitWithAck('plenary:harvest', { workshopId: workshop.id, items });
			const harvested = () => readBoard(plenary.doc).items.filter((item) => item.type === 'note');
			await waitFor(() => harvested().length === 2, 'two harvested notes');
			await server.realtime.sync.flush();
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(harvested().length).toBe(2);
			expect(
				harvested()
					.map((note) => [note.sourceTable, note.sourceItem, note.type === 'note' ? note.text : ''])
					.sort()
			).toEqual([
				[1, fromA, 'Yhteinen asiakas'],
				[2, fromC, 'Vertaistuki']
			]);
			// Stored: a fresh server loads the same plenary.
			await server.close();
			server = await startServer(store);
			const later = client(roomName({ kind: 'plenary', workshopId: workshop.id }), {
				cookie: facilitatorCookie
			});
			await waitFor(
				() => readBoard(later.doc).items.filter((item) => item.sourceTable !== null).length === 2,
				'harvest after restart'
			);
		});
	}
);
