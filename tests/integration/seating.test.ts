import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '#server/app.ts';
import type { ParticipantId } from '#shared/model/ids.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { SYNC_CLOSE, roomName } from '#shared/protocol/sync.ts';
import {
	addNote,
	joinParticipant,
	newStore,
	noteTexts,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

describe('moving a participant to another table (sync SPEC S11)', () => {
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
	const table = (n: number) => roomName({ kind: 'table', workshopId: workshop.id, table: n });

	it('closes the old board with 4410, refuses it from then on, and opens the new one', async () => {
		const joined = await joinParticipant(server.services, workshop);
		expect(joined.table).toBe(1);
		const { participantId } = server.services.tokens.verify(joined.token)!;
		const old = client({ room: table(1), token: joined.token });
		const plenary = client({
			room: roomName({ kind: 'plenary', workshopId: workshop.id }),
			token: joined.token
		});
		const watcher = client({ room: table(2), cookie: facilitatorCookie });
		await waitFor(
			() => old.provider.synced && plenary.provider.synced && watcher.provider.synced,
			'synced'
		);

		await server.services.seating.move(workshop, participantId, 2);
		await waitFor(() => old.closes.length > 0, 'old board closed');
		expect(old.closes[0]).toEqual(SYNC_CLOSE.seatChanged);
		// The plenary is everyone's: it stays open.
		expect(plenary.closes).toEqual([]);
		expect(
			(await server.services.storage.participants.findById(participantId as ParticipantId))?.table
		).toBe(2);

		const again = client({ room: table(1), token: joined.token });
		await waitFor(() => again.closes.length > 0, 'old table refused');
		expect(again.closes[0]).toEqual(SYNC_CLOSE.forbidden);

		const fresh = client({ room: table(2), token: joined.token });
		await waitFor(() => fresh.provider.synced, 'new table synced');
		addNote(fresh.doc, joined.authorKey, 'Uusi pöytä');
		await waitFor(() => noteTexts(watcher.doc).includes('Uusi pöytä'), 'edit at the new table');
	});
});
