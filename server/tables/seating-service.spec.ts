import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorType } from '#shared/model/actor.ts';
import type { UserId } from '#shared/model/ids.ts';
import { openStorage } from '../storage/index.ts';
import type { Storage, WorkshopRecord } from '../storage/storage.ts';
import { WorkshopService } from '../workshops/workshop-service.ts';
import { SeatingService, type SeatChange } from './seating-service.ts';

const TYPES: ActorType[] = ['employment_office', 'social_services', 'education', 'ngo'];

describe('SeatingService on the embedded store', () => {
	let dataDir: string;
	let storage: Storage;
	let workshops: WorkshopService;
	let seating: SeatingService;
	let workshop: WorkshopRecord;
	const changes: SeatChange[] = [];

	beforeEach(async () => {
		dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-seating-'));
		storage = await openStorage({ databaseUrl: null, dataDir });
		workshops = new WorkshopService({ storage });
		seating = new SeatingService({ storage });
		seating.onSeatChange((change) => changes.push(change));
		changes.length = 0;
		await storage.users.create({
			id: 'u1' as UserId,
			email: 'f@example.fi',
			displayName: 'F',
			passwordHash: 'scrypt$x',
			createdAt: 1
		});
		workshop = await workshops.create('u1' as UserId, {
			title: 'Paja',
			locality: 'Kokkola',
			date: '2026-12-03',
			duration: 'morning',
			tableCount: 3
		});
		// Twelve people from six organisations, two colleagues each, four actor types.
		for (let i = 0; i < 12; i++) {
			await workshops.join(workshop, {
				displayName: `Henkilö ${i}`,
				organisation: `Org ${Math.floor(i / 2)}`,
				actorType: TYPES[i % 4]
			});
		}
	});

	afterEach(async () => {
		await storage.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('scores the room as it sits, and proposes a next round that keeps tablemates apart', async () => {
		const now = await seating.current(workshop);
		expect(now.tables.map((table) => table.people.length)).toEqual([4, 4, 4]);
		expect(now.repeatPairs).toBe(0);

		const next = await seating.propose(workshop, 7);
		const sizes = next.tables.map((table) => table.people.length);
		expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
		// Three tables of four from three old tables: at least one old pair per new table.
		expect(next.repeatPairs).toBe(3);
		for (const table of next.tables) {
			expect(table.diversity.actorTypes).toBeGreaterThanOrEqual(3);
			expect(table.diversity.colleaguePairs).toBe(0);
		}
		// The same seed, the same proposal.
		expect((await seating.propose(workshop, 7)).seating).toEqual(next.seating);
	});

	it('applies a seating, tells who moved, and counts the round it replaced', async () => {
		const next = await seating.propose(workshop, 1);
		const moved = await seating.apply(workshop, next.seating);
		expect(moved).toBe(changes.length);
		expect(moved).toBeGreaterThan(0);
		const people = await storage.participants.listByWorkshop(workshop.id);
		expect(Object.fromEntries(people.map((p) => [p.id, p.table]))).toEqual(next.seating);
		expect(await storage.seating.listRounds(workshop.id)).toHaveLength(1);
		// Now the pairs of the first seating count as repeats for the current one.
		expect((await seating.current(workshop)).repeatPairs).toBe(next.repeatPairs);
	});

	it('moves one person anywhere in the workshop and refuses tables and people outside it', async () => {
		const [first] = await storage.participants.listByWorkshop(workshop.id);
		const target = (first.table % 3) + 1;
		await seating.move(workshop, first.id, target);
		expect((await storage.participants.findById(first.id))?.table).toBe(target);
		expect(changes).toEqual([
			{ workshopId: workshop.id, participantId: first.id, from: first.table, to: target }
		]);
		// Uneven tables after a manual move still score.
		expect((await seating.current(workshop)).tables.map((t) => t.people.length).sort()).toEqual([
			3, 4, 5
		]);

		await expect(seating.move(workshop, first.id, 4)).rejects.toMatchObject({
			code: 'invalid_payload'
		});
		await expect(seating.move(workshop, 'someone-else', 1)).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(seating.apply(workshop, { [first.id]: 1 })).rejects.toMatchObject({
			code: 'invalid_payload'
		});
	});
});
