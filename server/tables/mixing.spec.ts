import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTOR_TYPE_LIST } from '#shared/model/actor.ts';
import { bestSeatingExhaustively } from './exact.ts';
import {
	MixingError,
	mixTables,
	rebalanceTables,
	scoreSeating,
	tableForLateArrival,
	type MixPerson,
	type MixRequest,
	type Seating
} from './mixing.ts';

const ORGANISATIONS = [
	'Kuopion kaupunki',
	'TE-palvelut',
	'Savon ammattiopisto',
	'Setlementti',
	'Vasa stad'
];

const personArb = (index: number) =>
	fc.record({
		id: fc.constant(`p${index}`),
		actorType: fc.constantFrom(...ACTOR_TYPE_LIST),
		organisation: fc.constantFrom(...ORGANISATIONS, ''),
		keepTogether: fc.option(fc.constant('sv-interpretation'), { freq: 5 })
	}) satisfies fc.Arbitrary<MixPerson>;

const requestArb = (maxPeople: number): fc.Arbitrary<MixRequest> =>
	fc.integer({ min: 1, max: maxPeople }).chain((n) =>
		fc.record({
			people: fc.tuple(...Array.from({ length: n }, (_, i) => personArb(i))),
			tableCount: fc.integer({ min: 1, max: Math.max(1, Math.min(8, Math.floor(n / 2))) }),
			seed: fc.integer({ min: 0, max: 2 ** 31 - 1 })
		})
	);

function sizes(tables: string[][]): number[] {
	return tables.map((table) => table.length);
}

describe('mixTables', () => {
	it('seats everybody once, at tables whose sizes differ by at most one', () => {
		fc.assert(
			fc.property(requestArb(40), (request) => {
				const { tables, seating } = mixTables(request);
				expect(tables).toHaveLength(request.tableCount);
				expect(tables.flat().sort()).toEqual(request.people.map((p) => p.id).sort());
				expect(Math.max(...sizes(tables)) - Math.min(...sizes(tables))).toBeLessThanOrEqual(1);
				expect(seating.size).toBe(request.people.length);
			}),
			{ numRuns: 60 }
		);
	});

	it('gives the same tables for the same request and seed', () => {
		fc.assert(
			fc.property(requestArb(30), (request) => {
				expect(mixTables(request).tables).toEqual(mixTables(request).tables);
			}),
			{ numRuns: 20 }
		);
	});

	it('keeps its running score equal to the score computed from scratch', () => {
		fc.assert(
			fc.property(requestArb(30), (request) => {
				const result = mixTables(request);
				expect(scoreSeating(request, result.seating).score).toBe(result.score);
			}),
			{ numRuns: 40 }
		);
	});

	it('never returns a seating worse than the one it starts from', () => {
		fc.assert(
			fc.property(requestArb(30), (request) => {
				const start = roundRobin(request);
				const before = scoreSeating(request, start).score;
				expect(mixTables(request, start).score).toBeGreaterThanOrEqual(before);
			}),
			{ numRuns: 40 }
		);
	});

	it('keeps pinned people at their tables', () => {
		fc.assert(
			fc.property(requestArb(30), fc.nat(), (request, pick) => {
				if (request.people.length < 2) return;
				const pinnedIndex = pick % request.people.length;
				const table = (pick % request.tableCount) + 1;
				const people = request.people.map((person, i) =>
					i === pinnedIndex ? { ...person, pinnedTable: table } : person
				);
				const result = mixTables({ ...request, people });
				expect(result.seating.get(people[pinnedIndex].id)).toBe(table);
			}),
			{ numRuns: 40 }
		);
	});

	it('comes within 2 % of the best possible seating on small rooms', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 4, max: 10 }).chain((n) =>
					fc.record({
						people: fc.tuple(...Array.from({ length: n }, (_, i) => personArb(i))),
						tableCount: fc.integer({ min: 2, max: 3 }),
						seed: fc.integer({ min: 0, max: 1000 })
					})
				),
				(request) => {
					const optimum = bestSeatingExhaustively(request).score;
					const found = mixTables(request).score;
					expect(found).toBeGreaterThanOrEqual(optimum - Math.abs(optimum) * 0.02);
				}
			),
			{ numRuns: 25 }
		);
	});

	it('spreads actor types and colleagues, and explains each table', () => {
		const people: MixPerson[] = [
			...['a', 'b', 'c'].map((id) => ({
				id: `te-${id}`,
				actorType: 'employment_office' as const,
				organisation: 'TE-palvelut'
			})),
			...['a', 'b', 'c'].map((id) => ({
				id: `so-${id}`,
				actorType: 'social_services' as const,
				organisation: 'Kuopion kaupunki'
			})),
			...['a', 'b', 'c'].map((id) => ({
				id: `ed-${id}`,
				actorType: 'education' as const,
				organisation: 'Savon ammattiopisto'
			}))
		];
		const result = mixTables({ people, tableCount: 3, seed: 7 });
		for (const table of result.diversity) {
			expect(table).toMatchObject({
				size: 3,
				actorTypes: 3,
				possibleActorTypes: 3,
				colleaguePairs: 0,
				score: 100
			});
		}
	});

	it('keeps a language group together when the tables are big enough', () => {
		const people: MixPerson[] = Array.from({ length: 12 }, (_, i) => ({
			id: `p${i}`,
			actorType: ACTOR_TYPE_LIST[i % ACTOR_TYPE_LIST.length],
			organisation: `org ${i}`,
			keepTogether: i < 3 ? 'sv' : null
		}));
		const { seating } = mixTables({ people, tableCount: 3, seed: 3 });
		expect(new Set(['p0', 'p1', 'p2'].map((id) => seating.get(id))).size).toBe(1);
	});

	it('re-mixes so that few people sit with somebody they already sat with', () => {
		const people: MixPerson[] = Array.from({ length: 24 }, (_, i) => ({
			id: `p${i}`,
			actorType: ACTOR_TYPE_LIST[i % 4],
			organisation: `org ${i}`
		}));
		const first = mixTables({ people, tableCount: 4, seed: 1 });
		const again = mixTables({ people, tableCount: 4, seed: 2, pastTables: first.tables });
		const repeats = again.diversity.reduce((sum, table) => sum + table.repeatPairs, 0);
		// 4 tables of 6 from 4 tables of 6: some pairs must meet again, but far fewer than the 60 before.
		expect(repeats).toBeLessThanOrEqual(12);
		expect(again.diversity.every((table) => table.actorTypes === 4)).toBe(true);
	});

	it('refuses impossible requests with a clear error', () => {
		const people: MixPerson[] = ['a', 'b', 'c'].map((id) => ({
			id,
			actorType: 'ngo',
			organisation: '',
			pinnedTable: 1
		}));
		expect(() => mixTables({ people, tableCount: 2 })).toThrow(MixingError);
		expect(() => mixTables({ people: [], tableCount: 0 })).toThrow(/at least 1/);
		expect(() => mixTables({ people: [people[0], people[0]], tableCount: 1 })).toThrow(/twice/);
	});
});

describe('rebalanceTables', () => {
	it('evens table sizes after no-shows with the fewest moves', () => {
		fc.assert(
			fc.property(requestArb(40), fc.array(fc.nat(), { maxLength: 10 }), (request, leaving) => {
				const seated = mixTables(request);
				const gone = new Set(leaving.map((i) => request.people[i % request.people.length].id));
				const people = request.people.filter((person) => !gone.has(person.id));
				if (people.length === 0) return;
				const { result, moves } = rebalanceTables({ ...request, people }, seated.seating);
				const after = sizes(result.tables);
				expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
				expect(moves).toHaveLength(
					fewestMoves(
						sizes(seated.tables.map((t) => t.filter((id) => !gone.has(id)))),
						people.length
					)
				);
				for (const move of moves) expect(result.seating.get(move.personId)).toBe(move.to);
			}),
			{ numRuns: 60 }
		);
	});
});

describe('rebalanceTables moves as few people as possible', () => {
	it('from any uneven seating (by hand or after no-shows): each mover leaves an over-full table for a short one, once; pinned people stay; the rest stay put', () => {
		fc.assert(
			fc.property(
				requestArb(30).chain((request) =>
					fc.record({
						request: fc.constant(request),
						// Any seating, however uneven: tables chosen freely per person.
						tables: fc.tuple(
							...request.people.map(() => fc.integer({ min: 1, max: request.tableCount }))
						),
						pinned: fc.array(fc.nat({ max: request.people.length - 1 }), { maxLength: 2 })
					})
				),
				({ request, tables, pinned }) => {
					const seating = new Map(request.people.map((person, i) => [person.id, tables[i]]));
					const pinnedIds = new Set(pinned.map((i) => request.people[i].id));
					const people = request.people.map((person) => ({
						...person,
						pinnedTable: pinnedIds.has(person.id) ? seating.get(person.id)! : null
					}));
					const before = Array.from({ length: request.tableCount }, (_, t) =>
						people.filter((person) => seating.get(person.id) === t + 1).map((p) => p.id)
					);
					let outcome: ReturnType<typeof rebalanceTables>;
					try {
						outcome = rebalanceTables({ ...request, people }, seating);
					} catch (error) {
						// Only pins can make it impossible: a pinned person on an over-full table.
						expect(error).toBeInstanceOf(MixingError);
						expect(pinnedIds.size).toBeGreaterThan(0);
						return;
					}
					const { result, moves } = outcome;
					const after = sizes(result.tables);
					expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
					expect(moves).toHaveLength(fewestMoves(sizes(before), people.length));
					expect(new Set(moves.map((move) => move.personId)).size).toBe(moves.length);
					const startSizes = sizes(before);
					const evenSize = people.length / request.tableCount;
					for (const move of moves) {
						expect(pinnedIds.has(move.personId)).toBe(false);
						expect(move.from).toBe(seating.get(move.personId));
						expect(startSizes[move.from - 1]).toBeGreaterThan(evenSize);
						expect(startSizes[move.to - 1]).toBeLessThan(evenSize);
					}
					const moved = new Set(moves.map((move) => move.personId));
					for (const person of people) {
						if (!moved.has(person.id)) {
							expect(result.seating.get(person.id)).toBe(seating.get(person.id));
						}
					}
				}
			),
			{ numRuns: 200 }
		);
	});
});

describe('tableForLateArrival', () => {
	it('seats a latecomer at a smallest table where their actor type is missing', () => {
		const people: MixPerson[] = [
			{ id: 'a', actorType: 'ngo', organisation: 'x' },
			{ id: 'b', actorType: 'education', organisation: 'y' },
			{ id: 'c', actorType: 'ngo', organisation: 'z' },
			{ id: 'd', actorType: 'client', organisation: 'w' },
			{ id: 'e', actorType: 'education', organisation: 'v' },
			{ id: 'f', actorType: 'client', organisation: 't' }
		];
		const seating: Seating = new Map([
			['a', 1],
			['b', 1],
			['c', 2],
			['d', 2],
			['e', 3],
			['f', 3]
		]);
		const newcomer: MixPerson = { id: 'g', actorType: 'education', organisation: 'u' };
		expect(tableForLateArrival({ people, tableCount: 3 }, seating, newcomer)).toBe(2);
	});
});

function roundRobin(request: MixRequest): Seating {
	return new Map(request.people.map((person, i) => [person.id, (i % request.tableCount) + 1]));
}

/** Moves needed to even `current` sizes when the largest tables keep the extra seats. */
function fewestMoves(current: number[], people: number): number {
	const smallest = Math.floor(people / current.length);
	const large = people % current.length;
	return [...current]
		.sort((a, b) => b - a)
		.reduce((sum, size, i) => sum + Math.max(0, size - (i < large ? smallest + 1 : smallest)), 0);
}
