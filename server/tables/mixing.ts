import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { ActorType } from '#shared/model/actor.ts';

/**
 * Mixed tables (DOMAIN.md "The tables"): each table a miniature of the local actor network. An
 * assignment is scored, then improved by swapping and moving people between tables (iterated local
 * search with a seeded generator, so the same request gives the same tables).
 *
 * The objective, by weight: people of a keep-together group (e.g. a language group sharing an
 * interpreter) at as few tables as sizes allow; each actor type present at a table; colleagues from
 * one organisation apart; people who sat together in an earlier round apart (re-mixing); people of
 * one actor type spread evenly. Hard rules: table sizes differ by at most one; pinned people stay.
 */
export const MIXING_WEIGHTS = {
	groupSplit: 40,
	actorTypeCovered: 10,
	colleaguePair: 6,
	repeatPair: 3,
	sameActorTypePair: 1
} as const;

/** Swap and move evaluations one mix may spend; bounds the time on big rooms, deterministically. */
const EVALUATION_BUDGET = 400_000;
const MAX_RESTARTS = 150;
/** Restarts in a row that found nothing better before the search settles for what it has. */
const MAX_STALE_RESTARTS = 30;

export interface MixPerson {
	id: string;
	actorType: ActorType;
	organisation: string;
	/** People with the same key sit together, as far as table sizes allow. */
	keepTogether?: string | null;
	/** 1-based table this person must sit at. */
	pinnedTable?: number | null;
}

export interface MixRequest {
	people: readonly MixPerson[];
	tableCount: number;
	seed?: number;
	/** Earlier rounds' tables as lists of person ids; pairs who sat together are kept apart. */
	pastTables?: readonly (readonly string[])[];
}

/** An assignment: person id → 1-based table. */
export type Seating = ReadonlyMap<string, number>;

/** Why a table scores what it does, for the facilitator. */
export interface TableDiversity {
	table: number;
	size: number;
	actorTypes: number;
	/** The most actor types this table could hold: its size, or every type in the room. */
	possibleActorTypes: number;
	colleaguePairs: number;
	repeatPairs: number;
	/** 0–100: share of possible actor types present, less 10 per colleague pair and 5 per repeat pair. */
	score: number;
}

export interface MixResult {
	/** tables[t] lists the person ids at table t + 1, in input order. */
	tables: string[][];
	seating: Map<string, number>;
	/** The objective (higher is better); comparable between seatings of the same request. */
	score: number;
	diversity: TableDiversity[];
}

export class MixingError extends Error {
	override name = 'MixingError';
}

/**
 * Scores a given seating of the request's people. `evenSizes: false` scores a room as it is, after
 * a facilitator moved people by hand.
 */
export function scoreSeating(
	request: MixRequest,
	seating: Seating,
	options: { evenSizes?: boolean } = {}
): MixResult {
	const state = new MixState(request);
	state.place(toTableIndexes(request, seating));
	if (options.evenSizes ?? true) state.requireEvenSizes();
	return state.result();
}

/**
 * Seats everybody. With `start`, improves that seating and never returns one that scores lower
 * (re-mixing keeps what was good); without, builds one first.
 */
export function mixTables(request: MixRequest, start?: Seating): MixResult {
	const state = new MixState(request);
	const rng = xoroshiro128plus(request.seed ?? 1);
	if (start) {
		state.place(toTableIndexes(request, start));
		state.requireEvenSizes();
	} else {
		state.placeGreedily(rng);
	}
	state.improve(rng);
	return state.result();
}

export interface Move {
	personId: string;
	from: number;
	to: number;
}

/**
 * After people have left (no-shows removed from `request.people`), makes table sizes differ by at
 * most one again with the fewest moves, choosing who moves so the tables stay as mixed as possible.
 */
export function rebalanceTables(
	request: MixRequest,
	current: Seating
): { result: MixResult; moves: Move[] } {
	const state = new MixState(request);
	state.place(toTableIndexes(request, current));
	const moves = state.rebalance().map(({ person, from, to }) => ({
		personId: request.people[person].id,
		from: from + 1,
		to: to + 1
	}));
	return { result: state.result(), moves };
}

/**
 * The table for somebody who arrives after the tables were mixed: one of the smallest tables, so
 * sizes still differ by at most one; among them, the one where they add the most.
 */
export function tableForLateArrival(
	request: MixRequest,
	current: Seating,
	newcomer: MixPerson
): number {
	const state = new MixState({ ...request, people: [...request.people, newcomer] });
	state.place(toTableIndexes(request, current));
	return state.bestTableFor(request.people.length) + 1;
}

function toTableIndexes(request: MixRequest, seating: Seating): number[] {
	return request.people.map((person) => {
		const table = seating.get(person.id);
		if (
			table === undefined ||
			!Number.isInteger(table) ||
			table < 1 ||
			table > request.tableCount
		) {
			throw new MixingError(`${person.id} has no table between 1 and ${request.tableCount}`);
		}
		return table - 1;
	});
}

const UNSEATED = -1;

/** One seating with incremental counts, so each swap or move is scored in O(1) plus past partners. */
class MixState {
	readonly #people: readonly MixPerson[];
	readonly #n: number;
	readonly #tables: number;
	readonly #type: Int32Array;
	readonly #org: Int32Array;
	readonly #group: Int32Array;
	readonly #groupMinSpan: Int32Array;
	readonly #pinned: Int32Array;
	readonly #partners: Int32Array[];
	readonly #typeTotal: number;
	readonly #orgTotal: number;

	readonly #tableOf: Int32Array;
	readonly #size: Int32Array;
	readonly #typeCount: Int32Array;
	readonly #orgCount: Int32Array;
	readonly #groupCount: Int32Array;
	readonly #groupSpan: Int32Array;
	#score = 0;
	#evaluations = 0;

	constructor(request: MixRequest) {
		const { people, tableCount } = request;
		if (!Number.isInteger(tableCount) || tableCount < 1) {
			throw new MixingError('the number of tables must be a whole number of at least 1');
		}
		if (new Set(people.map((person) => person.id)).size !== people.length) {
			throw new MixingError('a person is listed twice');
		}
		this.#people = people;
		this.#n = people.length;
		this.#tables = tableCount;
		const typeIds = indexer();
		const orgIds = indexer();
		const groupIds = indexer();
		this.#type = Int32Array.from(people, (person) => typeIds.of(person.actorType));
		// Without an organisation nobody is anybody's colleague.
		this.#org = Int32Array.from(people, (person, index) =>
			orgIds.of(normaliseOrganisation(person.organisation) || `\u0000${index}`)
		);
		this.#group = Int32Array.from(people, (person) =>
			person.keepTogether ? groupIds.of(person.keepTogether) : UNSEATED
		);
		this.#typeTotal = typeIds.count();
		this.#orgTotal = orgIds.count();
		const largest = Math.max(1, Math.ceil(this.#n / tableCount));
		const groupSizes = new Int32Array(groupIds.count());
		for (const group of this.#group) if (group >= 0) groupSizes[group]++;
		this.#groupMinSpan = groupSizes.map((size) => Math.ceil(size / largest));
		this.#pinned = Int32Array.from(people, (person) => {
			const table = person.pinnedTable;
			if (table === null || table === undefined) return UNSEATED;
			if (!Number.isInteger(table) || table < 1 || table > tableCount) {
				throw new MixingError(`${person.id} is pinned to table ${table}, which does not exist`);
			}
			return table - 1;
		});
		this.#partners = pastPartners(people, request.pastTables ?? []);
		this.#tableOf = new Int32Array(this.#n).fill(UNSEATED);
		this.#size = new Int32Array(tableCount);
		this.#typeCount = new Int32Array(tableCount * Math.max(1, this.#typeTotal));
		this.#orgCount = new Int32Array(tableCount * Math.max(1, this.#orgTotal));
		this.#groupCount = new Int32Array(tableCount * Math.max(1, groupSizes.length));
		this.#groupSpan = new Int32Array(groupSizes.length);
		this.#checkPins();
	}

	#checkPins(): void {
		const pinnedPerTable = new Int32Array(this.#tables);
		for (const table of this.#pinned) if (table >= 0) pinnedPerTable[table]++;
		const largest = Math.ceil(this.#n / this.#tables);
		const atLargest = pinnedPerTable.filter((count) => count === largest).length;
		if (
			pinnedPerTable.some((count) => count > largest) ||
			(largest * this.#tables !== this.#n && atLargest > this.#n % this.#tables)
		) {
			throw new MixingError(
				`too many people are pinned to one table: tables hold at most ${largest} people here`
			);
		}
	}

	/** Seats people 0..tables.length-1 as given (0-based tables). */
	place(tables: readonly number[]): void {
		for (let person = 0; person < tables.length; person++) {
			const table = tables[person];
			if (this.#pinned[person] >= 0 && this.#pinned[person] !== table) {
				throw new MixingError(
					`${this.#people[person].id} is pinned to table ${this.#pinned[person] + 1}`
				);
			}
			this.#score += this.#gainOfAdding(person, table);
			this.#attach(person, table);
		}
	}

	requireEvenSizes(): void {
		if (Math.max(...this.#size) - Math.min(...this.#size) > 1) {
			throw new MixingError('table sizes differ by more than one');
		}
	}

	/**
	 * A first seating: pinned people first, then the rarest actor types, each where they add the
	 * most while the table sizes stay within one of each other.
	 */
	placeGreedily(rng: RandomGenerator): void {
		const largest = Math.ceil(this.#n / this.#tables);
		const smallest = Math.floor(this.#n / this.#tables);
		let largeTablesLeft = largest === smallest ? this.#tables : this.#n % this.#tables;
		const typeFrequency = new Int32Array(this.#typeTotal);
		for (const type of this.#type) typeFrequency[type]++;
		const order = shuffle(
			Array.from({ length: this.#n }, (_, person) => person),
			rng
		).sort(
			(a, b) =>
				Number(this.#pinned[b] >= 0) - Number(this.#pinned[a] >= 0) ||
				typeFrequency[this.#type[a]] - typeFrequency[this.#type[b]]
		);
		for (const person of order) {
			const capacity = largeTablesLeft > 0 ? largest : smallest;
			let best = UNSEATED;
			let bestGain = -Infinity;
			for (let table = 0; table < this.#tables; table++) {
				if (this.#size[table] >= capacity && this.#pinned[person] !== table) continue;
				if (this.#pinned[person] >= 0 && this.#pinned[person] !== table) continue;
				const gain = this.#gainOfAdding(person, table);
				if (gain > bestGain) {
					best = table;
					bestGain = gain;
				}
			}
			this.#score += bestGain;
			this.#attach(person, best);
			if (largest !== smallest && this.#size[best] === largest) largeTablesLeft--;
		}
	}

	/** Iterated local search: improve to a local optimum, shake a little, keep the best seen. */
	improve(rng: RandomGenerator): void {
		this.#localSearch(rng);
		let best = Int32Array.from(this.#tableOf);
		let bestScore = this.#score;
		const movable = range(this.#n).filter((person) => this.#pinned[person] < 0);
		if (this.#tables < 2 || movable.length < 2) return;
		const shake = Math.max(2, Math.round(this.#n / 10));
		let stale = 0;
		for (let restart = 0; restart < MAX_RESTARTS && stale < MAX_STALE_RESTARTS; restart++) {
			if (this.#evaluations >= EVALUATION_BUDGET) break;
			for (let i = 0; i < shake; i++) {
				const a = movable[uniformInt(rng, 0, movable.length - 1)];
				const b = movable[uniformInt(rng, 0, movable.length - 1)];
				if (this.#tableOf[a] !== this.#tableOf[b]) this.#score += this.#swap(a, b);
			}
			this.#localSearch(rng);
			if (this.#score > bestScore) {
				best = Int32Array.from(this.#tableOf);
				bestScore = this.#score;
				stale = 0;
			} else {
				stale++;
				this.#reseat(best);
			}
		}
		this.#reseat(best);
	}

	/** First-improvement swaps, and moves from a larger to a smaller table, until none helps. */
	#localSearch(rng: RandomGenerator): void {
		const order = shuffle(range(this.#n), rng).filter((person) => this.#pinned[person] < 0);
		let improved = true;
		while (improved && this.#evaluations < EVALUATION_BUDGET) {
			improved = false;
			for (const a of order) {
				for (let table = 0; table < this.#tables; table++) {
					const from = this.#tableOf[a];
					if (table === from || this.#size[from] <= this.#size[table]) continue;
					this.#evaluations++;
					if (this.#moveGain(a, table) > 0) {
						this.#score += this.#move(a, table);
						improved = true;
					}
				}
				for (const b of order) {
					if (b <= a || this.#tableOf[a] === this.#tableOf[b] || this.#interchangeable(a, b))
						continue;
					this.#evaluations++;
					const gain = this.#swap(a, b);
					if (gain > 0) {
						this.#score += gain;
						improved = true;
					} else {
						this.#swap(a, b);
					}
				}
			}
		}
	}

	/**
	 * Moves people out of over-full tables into short ones, the fewest moves that make sizes differ
	 * by at most one: the largest tables keep the extra seats.
	 */
	rebalance(): { person: number; from: number; to: number }[] {
		const smallest = Math.floor(this.#n / this.#tables);
		const largeTables = this.#n % this.#tables;
		const bySize = range(this.#tables).sort((a, b) => this.#size[b] - this.#size[a] || a - b);
		const target = new Int32Array(this.#tables).fill(smallest);
		for (const table of bySize.slice(0, largeTables)) target[table] = smallest + 1;
		const moves: { person: number; from: number; to: number }[] = [];
		for (;;) {
			let best: { person: number; to: number; gain: number } | null = null;
			for (let person = 0; person < this.#n; person++) {
				const from = this.#tableOf[person];
				if (this.#pinned[person] >= 0 || this.#size[from] <= target[from]) continue;
				for (let to = 0; to < this.#tables; to++) {
					if (this.#size[to] >= target[to]) continue;
					const gain = this.#moveGain(person, to);
					if (best === null || gain > best.gain) best = { person, to, gain };
				}
			}
			if (best === null) break;
			moves.push({ person: best.person, from: this.#tableOf[best.person], to: best.to });
			this.#score += this.#move(best.person, best.to);
		}
		if (range(this.#tables).some((table) => this.#size[table] !== target[table])) {
			throw new MixingError(
				'pinned people keep the tables uneven; unpin somebody or move them by hand'
			);
		}
		return moves;
	}

	/** Among the smallest tables, the one where the unseated `person` adds the most. */
	bestTableFor(person: number): number {
		const smallest = Math.min(...this.#size);
		let best = 0;
		let bestGain = -Infinity;
		for (let table = 0; table < this.#tables; table++) {
			if (this.#size[table] !== smallest) continue;
			const gain = this.#gainOfAdding(person, table);
			if (gain > bestGain) {
				best = table;
				bestGain = gain;
			}
		}
		return best;
	}

	result(): MixResult {
		const tables = range(this.#tables).map(() => [] as string[]);
		const seating = new Map<string, number>();
		for (let person = 0; person < this.#n; person++) {
			const table = this.#tableOf[person];
			if (table === UNSEATED) continue;
			tables[table].push(this.#people[person].id);
			seating.set(this.#people[person].id, table + 1);
		}
		return {
			tables,
			seating,
			score: this.#score,
			diversity: range(this.#tables).map((t) => this.#diversity(t))
		};
	}

	#diversity(table: number): TableDiversity {
		let actorTypes = 0;
		for (let type = 0; type < this.#typeTotal; type++) {
			if (this.#typeCount[table * this.#typeTotal + type] > 0) actorTypes++;
		}
		let colleaguePairs = 0;
		for (let org = 0; org < this.#orgTotal; org++) {
			const count = this.#orgCount[table * this.#orgTotal + org];
			colleaguePairs += (count * (count - 1)) / 2;
		}
		let repeatPairs = 0;
		for (let person = 0; person < this.#n; person++) {
			if (this.#tableOf[person] === table) repeatPairs += this.#partnersAt(person, table);
		}
		repeatPairs /= 2;
		const size = this.#size[table];
		const possibleActorTypes = Math.min(size, this.#typeTotal);
		const coverage = possibleActorTypes === 0 ? 100 : (100 * actorTypes) / possibleActorTypes;
		const score = Math.max(0, Math.round(coverage - 10 * colleaguePairs - 5 * repeatPairs));
		return {
			table: table + 1,
			size,
			actorTypes,
			possibleActorTypes,
			colleaguePairs,
			repeatPairs,
			score
		};
	}

	/** Same actor type, organisation and group, and no past partners: swapping changes nothing. */
	#interchangeable(a: number, b: number): boolean {
		return (
			this.#type[a] === this.#type[b] &&
			this.#org[a] === this.#org[b] &&
			this.#group[a] === this.#group[b] &&
			this.#partners[a].length === 0 &&
			this.#partners[b].length === 0
		);
	}

	/** Change of the objective if the unseated `person` sat down at `table`. */
	#gainOfAdding(person: number, table: number): number {
		const types = this.#typeCount[table * this.#typeTotal + this.#type[person]];
		const colleagues = this.#orgCount[table * this.#orgTotal + this.#org[person]];
		let gain =
			(types === 0 ? MIXING_WEIGHTS.actorTypeCovered : 0) -
			MIXING_WEIGHTS.sameActorTypePair * types -
			MIXING_WEIGHTS.colleaguePair * colleagues -
			MIXING_WEIGHTS.repeatPair * this.#partnersAt(person, table);
		const group = this.#group[person];
		if (group >= 0) {
			const groups = this.#groupMinSpan.length;
			const alreadyThere = this.#groupCount[table * groups + group] > 0;
			if (!alreadyThere && this.#groupSpan[group] >= this.#groupMinSpan[group]) {
				gain -= MIXING_WEIGHTS.groupSplit;
			}
		}
		return gain;
	}

	#moveGain(person: number, to: number): number {
		const from = this.#tableOf[person];
		const gain = this.#move(person, to);
		this.#move(person, from);
		return gain;
	}

	/** Moves a seated person; returns the change of the objective. */
	#move(person: number, to: number): number {
		const gain = this.#detach(person);
		const added = this.#gainOfAdding(person, to);
		this.#attach(person, to);
		return gain + added;
	}

	/** Swaps the tables of two seated people; returns the change of the objective. */
	#swap(a: number, b: number): number {
		const tableA = this.#tableOf[a];
		const tableB = this.#tableOf[b];
		let gain = this.#detach(a) + this.#detach(b);
		gain += this.#gainOfAdding(a, tableB);
		this.#attach(a, tableB);
		gain += this.#gainOfAdding(b, tableA);
		this.#attach(b, tableA);
		return gain;
	}

	/** Unseats a person; returns the change of the objective. */
	#detach(person: number): number {
		const table = this.#tableOf[person];
		this.#remove(person, table);
		return -this.#gainOfAdding(person, table);
	}

	#attach(person: number, table: number): void {
		this.#tableOf[person] = table;
		this.#size[table]++;
		this.#typeCount[table * this.#typeTotal + this.#type[person]]++;
		this.#orgCount[table * this.#orgTotal + this.#org[person]]++;
		const group = this.#group[person];
		if (group >= 0) {
			const slot = table * this.#groupMinSpan.length + group;
			if (this.#groupCount[slot]++ === 0) this.#groupSpan[group]++;
		}
	}

	#remove(person: number, table: number): void {
		this.#tableOf[person] = UNSEATED;
		this.#size[table]--;
		this.#typeCount[table * this.#typeTotal + this.#type[person]]--;
		this.#orgCount[table * this.#orgTotal + this.#org[person]]--;
		const group = this.#group[person];
		if (group >= 0) {
			const slot = table * this.#groupMinSpan.length + group;
			if (--this.#groupCount[slot] === 0) this.#groupSpan[group]--;
		}
	}

	#partnersAt(person: number, table: number): number {
		let count = 0;
		for (const partner of this.#partners[person]) if (this.#tableOf[partner] === table) count++;
		return count;
	}

	#reseat(tables: Int32Array): void {
		for (let person = 0; person < this.#n; person++) {
			if (this.#tableOf[person] !== tables[person]) this.#remove(person, this.#tableOf[person]);
		}
		for (let person = 0; person < this.#n; person++) {
			if (this.#tableOf[person] === UNSEATED) this.#attach(person, tables[person]);
		}
		this.#score = this.#objective();
	}

	/** The objective from scratch; place() and the incremental gains must agree with it. */
	#objective(): number {
		let score = 0;
		for (let table = 0; table < this.#tables; table++) {
			for (let type = 0; type < this.#typeTotal; type++) {
				const count = this.#typeCount[table * this.#typeTotal + type];
				if (count > 0) score += MIXING_WEIGHTS.actorTypeCovered;
				score -= (MIXING_WEIGHTS.sameActorTypePair * count * (count - 1)) / 2;
			}
			const { colleaguePairs, repeatPairs } = this.#diversity(table);
			score -=
				MIXING_WEIGHTS.colleaguePair * colleaguePairs + MIXING_WEIGHTS.repeatPair * repeatPairs;
		}
		for (let group = 0; group < this.#groupMinSpan.length; group++) {
			score -=
				MIXING_WEIGHTS.groupSplit * Math.max(0, this.#groupSpan[group] - this.#groupMinSpan[group]);
		}
		return score;
	}
}

function normaliseOrganisation(name: string): string {
	return name.trim().toLocaleLowerCase('fi').replace(/\s+/g, ' ');
}

function indexer(): { of(key: string): number; count(): number } {
	const ids = new Map<string, number>();
	return {
		of(key) {
			let id = ids.get(key);
			if (id === undefined) ids.set(key, (id = ids.size));
			return id;
		},
		count: () => ids.size
	};
}

function pastPartners(
	people: readonly MixPerson[],
	pastTables: readonly (readonly string[])[]
): Int32Array[] {
	const index = new Map(people.map((person, i) => [person.id, i]));
	const partners = people.map(() => new Set<number>());
	for (const table of pastTables) {
		const present = table.map((id) => index.get(id)).filter((i) => i !== undefined);
		for (const a of present) for (const b of present) if (a !== b) partners[a].add(b);
	}
	return partners.map((set) => Int32Array.from(set));
}

function range(length: number): number[] {
	return Array.from({ length }, (_, i) => i);
}

function shuffle<T>(items: T[], rng: RandomGenerator): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = uniformInt(rng, 0, i);
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}
