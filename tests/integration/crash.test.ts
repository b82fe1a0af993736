import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '#server/config.ts';
import { createServices } from '#server/services.ts';
import { DOC_ROOT, roomName } from '#shared/protocol/sync.ts';
import {
	STORE_KINDS,
	joinParticipant,
	addNote,
	noteTexts,
	killHard,
	newStore,
	seedWorkshop,
	spawnServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

const ROUNDS = 2;
const EDIT_INTERVAL_MS = 4;

describe.each(STORE_KINDS)('kill -9 on the %s store', (kind) => {
	const stores: TestStore[] = [];
	const cleanups: (() => void)[] = [];

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		for (const store of stores.splice(0)) await store.drop();
	});

	it('[S3] never loses an edit that any client had received', async () => {
		const store = newStore(kind);
		stores.push(store);
		const services = await createServices(loadConfig({ SEED_DEMO: 'false', ...store.env }));
		const { workshop } = await seedWorkshop(services, { tableCount: 1 });
		const people = [
			await joinParticipant(services, workshop, 'education'),
			await joinParticipant(services, workshop, 'social_services'),
			await joinParticipant(services, workshop, 'ngo')
		];
		await services.storage.close();
		const room = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });

		/** Entries some client received from the server (not its own local edits). */
		const seen = new Set<string>();
		let totalEdits = 0;
		for (let round = 0; round < ROUNDS; round++) {
			const server = await spawnServer(store);
			const clients = people.map((person) =>
				stockClient({ serverUrl: server.url, room, token: person.token })
			);
			cleanups.push(() => clients.forEach((c) => c.provider.destroy()));
			await waitFor(() => clients.every((c) => c.provider.synced), 'clients synced', 10_000);
			clients.forEach((client, index) => {
				const items = client.doc.getMap<Y.Map<unknown>>(DOC_ROOT.items);
				items.observe((event) => {
					if (event.transaction.local) return;
					for (const [id, change] of event.changes.keys) {
						if (change.action !== 'add') continue;
						const entry = String(items.get(id)?.get('text') ?? '');
						if (!entry.startsWith(`c${index}-`)) seen.add(entry);
					}
				});
			});

			// Two writers edit as fast as a busy table; the third only watches.
			let counter = 0;
			const writers = [clients[0], clients[1]].map((client, index) =>
				setInterval(() => {
					addNote(client.doc, people[index].authorKey, `c${index}-r${round}-${counter++}`);
				}, EDIT_INTERVAL_MS)
			);
			await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 600));
			await killHard(server.child);
			writers.forEach(clearInterval);
			totalEdits += counter;
			clients.forEach((c) => c.provider.destroy());
		}

		const server = await spawnServer(store);
		const reader = stockClient({ serverUrl: server.url, room, token: people[2].token });
		cleanups.push(() => {
			reader.provider.destroy();
			server.child.kill('SIGKILL');
		});
		await waitFor(() => reader.provider.synced, 'reader synced', 10_000);
		const stored = new Set(noteTexts(reader.doc));
		const lost = [...seen].filter((entry) => !stored.has(entry));

		expect(seen.size).toBeGreaterThan(50);
		expect(totalEdits).toBeGreaterThan(seen.size / 2);
		expect(lost).toEqual([]);
	});
});
