import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorType } from '#shared/model/actor.ts';
import type { UserId } from '#shared/model/ids.ts';
import { openStorage } from '../storage/index.ts';
import type { Storage, WorkshopRecord } from '../storage/storage.ts';
import { WorkshopService } from '../workshops/workshop-service.ts';
import { SeatingConstraintError, SeatingService, type SeatChange } from './seating-service.ts';

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
	it('honours pins and keep-together groups when mixing, and says so per table', async () => {
		const people = await storage.participants.listByWorkshop(workshop.id);
		await seating.setConstraints(workshop, people[0].id, { pinnedTable: 2, keepTogether: null });
		expect((await storage.participants.findById(people[0].id))?.table).toBe(2);
		// Three Swedish speakers share an interpreter: one table of four holds them all.
		for (const person of people.slice(3, 6)) {
			await seating.setConstraints(workshop, person.id, { pinnedTable: null, keepTogether: 'sv' });
		}
		for (const seed of [1, 2, 3, 4, 5]) {
			const proposal = await seating.propose(workshop, seed);
			expect(proposal.seating[people[0].id]).toBe(2);
			const svTables = new Set(people.slice(3, 6).map((p) => proposal.seating[p.id]));
			expect(svTables.size).toBe(1);
			const svTable = proposal.tables.find((t) => t.table === [...svTables][0])!;
			expect(svTable.constraints.groups).toEqual([{ group: 'sv', here: 3, total: 3 }]);
			expect(proposal.tables[1].constraints.pinned).toBe(1);
		}
		// The pin follows a move by hand.
		await seating.move(workshop, people[0].id, 3);
		const view = await seating.current(workshop);
		const moved = view.tables[2].people.find((p) => p.id === people[0].id);
		expect(moved).toMatchObject({ pinnedTable: 3, keepTogether: null });
		expect((await seating.propose(workshop, 9)).seating[people[0].id]).toBe(3);

		await expect(
			seating.setConstraints(workshop, people[1].id, { pinnedTable: 4, keepTogether: null })
		).rejects.toMatchObject({ code: 'invalid_payload' });
		await expect(
			seating.setConstraints(workshop, people[1].id, { pinnedTable: null, keepTogether: ' ' })
		).rejects.toMatchObject({ code: 'invalid_payload' });
		// Five people pinned to one table of at most four: the mixer refuses, clearly.
		for (const person of people.slice(6, 11)) {
			await seating.setConstraints(workshop, person.id, { pinnedTable: 1, keepTogether: null });
		}
		await expect(seating.propose(workshop, 1)).rejects.toBeInstanceOf(SeatingConstraintError);
	});

	it('leaves out people marked as not here, rebalances with the fewest moves, and seats returners', async () => {
		const people = await storage.participants.listByWorkshop(workshop.id);
		// Tables of 4, 4, 4; three from table 1 do not come: 1, 4, 4 needs two moves to 3, 3, 3.
		const away = people.filter((p) => p.table === 1).slice(0, 3);
		for (const person of away) await seating.setAbsent(workshop, person.id, true);
		const before = await seating.current(workshop);
		expect(before.tables.map((t) => t.people.length)).toEqual([1, 4, 4]);
		expect(before.absent.map((p) => p.id).sort()).toEqual(away.map((p) => p.id).sort());

		changes.length = 0;
		const moves = await seating.rebalance(workshop);
		expect(moves).toHaveLength(2);
		expect(moves.every((move) => move.to === 1 && move.from !== 1)).toBe(true);
		expect(changes).toHaveLength(2);
		const after = await seating.current(workshop);
		expect(after.tables.map((t) => t.people.length)).toEqual([3, 3, 3]);
		// Balanced already: nothing moves.
		expect(await seating.rebalance(workshop)).toEqual([]);

		// A newcomer fills a table as if the absent were not there.
		const late = await workshops.join(workshop, {
			displayName: 'Myöhässä',
			organisation: 'Uusi Oy',
			actorType: 'ngo'
		});
		expect(
			(await seating.current(workshop)).tables.find((t) => t.table === late.table)!.people
		).toHaveLength(4);
		// Coming back seats them at one of the smallest tables.
		await seating.setAbsent(workshop, away[0].id, false);
		const back = await seating.current(workshop);
		expect(back.absent).toHaveLength(2);
		const sizes = back.tables.map((t) => t.people.length);
		expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
		// A proposal and applying it leave the absent where they were.
		const proposal = await seating.propose(workshop, 3);
		expect(Object.keys(proposal.seating)).not.toContain(away[1].id);
		await seating.apply(workshop, proposal.seating);
		expect((await storage.participants.findById(away[1].id))?.table).toBe(1);
	});

	it('refuses to rebalance when pinned people keep the tables uneven (1, 4 pinned, 4 → needs a pinned mover)', async () => {
		const people = await storage.participants.listByWorkshop(workshop.id);
		const atTwo = people.filter((p) => p.table === 2);
		for (const person of atTwo) {
			await seating.setConstraints(workshop, person.id, { pinnedTable: 2, keepTogether: null });
		}
		for (const person of people.filter((p) => p.table === 1).slice(0, 3)) {
			await seating.setAbsent(workshop, person.id, true);
		}
		await expect(seating.rebalance(workshop)).rejects.toBeInstanceOf(SeatingConstraintError);
	});
});
