import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { createNote } from '#shared/model/board.ts';
import type {
	ClientToServerEvents,
	ServerToClientEvents,
	TablesActivityEvent
} from '#shared/protocol/control.ts';
import { roomName } from '#shared/protocol/sync.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import {
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('console overview: spotlight and table activity', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const cleanups: (() => void)[] = [];

	const connect = async (options: { token?: string; cookie?: string }) => {
		const client: Client = controlClient({ serverUrl: server.url, ...options });
		cleanups.push(() => client.disconnect());
		await new Promise<void>((resolve, reject) => {
			client.once('connect', () => resolve());
			client.once('connect_error', reject);
		});
		return client;
	};

	beforeAll(async () => {
		store = newStore('embedded');
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 3 }));
	});

	afterAll(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	it('[C13] a facilitator spotlights a table; every subscriber gets it; clearing works', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const facilitator = await connect({ cookie: facilitatorCookie });
		const follower = await connect({ token: participant.token });
		await facilitator.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		const subscribed = await follower.emitWithAck('workshop:subscribe', {
			workshopId: workshop.id
		});
		expect(subscribed).toMatchObject({ ok: true, data: { spotlight: null } });

		const received: WorkshopState[] = [];
		follower.on('workshop:state', (state) => received.push(state));
		const shown = await facilitator.emitWithAck('table:spotlight', {
			workshopId: workshop.id,
			table: 2
		});
		expect(shown).toMatchObject({ ok: true, data: { spotlight: 2 } });
		await waitFor(() => received.some((state) => state.spotlight === 2), 'spotlight broadcast');

		const cleared = await facilitator.emitWithAck('table:spotlight', {
			workshopId: workshop.id,
			table: null
		});
		expect(cleared).toMatchObject({ ok: true, data: { spotlight: null } });
		await waitFor(() => received.at(-1)?.spotlight === null, 'cleared broadcast');
	});

	it('[C13] a participant cannot spotlight; a table beyond the workshop is a conflict', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const facilitator = await connect({ cookie: facilitatorCookie });
		const client = await connect({ token: participant.token });
		const before = await server.services.workshops.state(workshop.id);

		const refused = await client.emitWithAck('table:spotlight', {
			workshopId: workshop.id,
			table: participant.table
		});
		expect(refused).toEqual({ ok: false, error: 'forbidden' });
		const beyond = await facilitator.emitWithAck('table:spotlight', {
			workshopId: workshop.id,
			table: 4
		});
		expect(beyond).toEqual({ ok: false, error: 'conflict' });
		const malformed = await facilitator.emitWithAck('table:spotlight', {
			workshopId: workshop.id,
			table: 0
		});
		expect(malformed).toEqual({ ok: false, error: 'invalid_payload' });

		const after = await server.services.workshops.state(workshop.id);
		expect(after?.revision).toBe(before?.revision);
		expect(after?.spotlight).toBe(before?.spotlight);
	});

	it('[C13] a facilitator of another workshop cannot spotlight this one', async () => {
		const other = await seedWorkshop(server.services);
		const stranger = await connect({ cookie: other.facilitatorCookie });
		const refused = await stranger.emitWithAck('table:spotlight', {
			workshopId: workshop.id,
			table: 1
		});
		expect(refused).toEqual({ ok: false, error: 'forbidden' });
	});

	it('[C14] facilitators get edits per table as the server stores them; participants never do', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const facilitator = await connect({ cookie: facilitatorCookie });
		const follower = await connect({ token: participant.token });
		const reports: TablesActivityEvent[] = [];
		const leaked: TablesActivityEvent[] = [];
		facilitator.on('tables:activity', (event) => reports.push(event));
		follower.on('tables:activity', (event) => leaked.push(event));
		await follower.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		await facilitator.emitWithAck('workshop:subscribe', { workshopId: workshop.id });

		// On subscribing: one entry per table.
		await waitFor(() => reports.length > 0, 'first activity report');
		expect(reports[0].workshopId).toBe(workshop.id);
		expect(reports[0].tables.map((entry) => entry.table)).toEqual([1, 2, 3]);
		const before = reports[0].tables.find((entry) => entry.table === participant.table)!.edits;

		const board = stockClient({
			serverUrl: server.url,
			room: roomName({ kind: 'table', workshopId: workshop.id, table: participant.table }),
			// A facilitator writes here so the count does not depend on the phase's participant rights.
			cookie: facilitatorCookie
		});
		cleanups.push(() => board.provider.destroy());
		await waitFor(() => board.provider.synced, 'board synced');
		for (let i = 0; i < 3; i++) {
			createNote(board.doc, { actorType: 'education', text: `Lappu ${i}`, x: i * 10, y: 0 });
		}

		await waitFor(
			() =>
				reports.some((report) => {
					const entry = report.tables.find((t) => t.table === participant.table);
					return entry !== undefined && entry.edits >= before + 3 && entry.lastEditAt !== null;
				}),
			'activity after edits'
		);
		const latest = reports.at(-1)!;
		for (const entry of latest.tables) {
			if (entry.table !== participant.table) expect(entry.edits).toBe(0);
		}
		expect(leaked).toEqual([]);
	});
});
