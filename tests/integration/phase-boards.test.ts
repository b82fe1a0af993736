import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '#server/app.ts';
import { readBoard } from '#shared/model/board.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { roomName } from '#shared/protocol/sync.ts';
import {
	addNote,
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

describe("each phase's board template is laid out when the phase begins", () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const cleanups: (() => void)[] = [];

	beforeEach(async () => {
		store = newStore('embedded');
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
	});

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	const client = (options: Omit<Parameters<typeof stockClient>[0], 'serverUrl'>) => {
		const created = stockClient({ serverUrl: server.url, ...options });
		cleanups.push(() => created.provider.destroy());
		return created;
	};
	const areas = (doc: Parameters<typeof readBoard>[0]) =>
		readBoard(doc)
			.items.filter((item) => item.type === 'frame')
			.map((item) => item.labelKey);

	it('on every table for table phases, on the plenary for plenary phases, once, right of the notes', async () => {
		const joined = await joinParticipant(server.services, workshop);
		const table1 = client({
			room: roomName({ kind: 'table', workshopId: workshop.id, table: 1 }),
			token: joined.token
		});
		const table2 = client({
			room: roomName({ kind: 'table', workshopId: workshop.id, table: 2 }),
			cookie: facilitatorCookie
		});
		const plenary = client({
			room: roomName({ kind: 'plenary', workshopId: workshop.id }),
			cookie: facilitatorCookie
		});
		await waitFor(
			() => table1.provider.synced && table2.provider.synced && plenary.provider.synced,
			'synced'
		);
		const note = addNote(table1.doc, joined.authorKey, 'Avauksen ajatus');
		expect(note.toString()).toBe('Avauksen ajatus');
		await server.realtime.sync.flush();

		const control = controlClient({ serverUrl: server.url, cookie: facilitatorCookie });
		cleanups.push(() => control.disconnect());
		const subscribed = await control.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		if (!subscribed.ok) throw new Error(subscribed.error);
		const phases: WorkshopState['phases'] = subscribed.data.phases;
		const go = async (kind: string) => {
			const index = phases.findIndex((phase) => phase.kind === kind);
			expect((await control.emitWithAck('phase:go', { workshopId: workshop.id, index })).ok).toBe(
				true
			);
			return phases[index].boardTemplate;
		};

		expect(await go('warm_up')).toBe('metaphor-picks');
		await waitFor(() => areas(table1.doc).includes('metaphors'), 'table 1 areas');
		await waitFor(() => areas(table2.doc).includes('metaphors'), 'table 2 areas');
		expect(areas(plenary.doc)).toEqual([]);
		const frame = readBoard(table1.doc).items.find((item) => item.type === 'frame')!;
		const noteView = readBoard(table1.doc).items.find((item) => item.type === 'note')!;
		expect(frame.x).toBeGreaterThan(noteView.x + noteView.width);

		expect(await go('plenary')).toBe('plenary');
		await waitFor(() => areas(plenary.doc).includes('table_outputs'), 'plenary areas');
		expect(areas(table1.doc)).toEqual(['metaphors']);

		// Back to the warm-up: nothing is laid out twice.
		await go('warm_up');
		await server.realtime.sync.flush();
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(areas(table2.doc)).toEqual(['metaphors']);
	});
});
