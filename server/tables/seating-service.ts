import type { ActorType } from '#shared/model/actor.ts';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { ParticipantRecord, Storage, WorkshopRecord } from '../storage/storage.ts';
import {
	mixTables,
	scoreSeating,
	type MixRequest,
	type MixResult,
	type TableDiversity
} from './mixing.ts';

/** One person as the facilitator's table view shows them. */
export interface SeatedPerson {
	id: ParticipantId;
	displayName: string | null;
	organisation: string;
	actorType: ActorType;
}

/** A seating of the whole room, with the score of each table and why. */
export interface SeatingView {
	tables: { table: number; people: SeatedPerson[]; diversity: TableDiversity }[];
	/** Comparable between seatings of the same room (higher is better). */
	score: number;
	/** participant id → table, to apply this seating as it was shown. */
	seating: Record<string, number>;
	/** Pairs who sat together in an earlier round and do again (a re-mix keeps them low). */
	repeatPairs: number;
}

/** A participant moved to another table; the realtime layer follows them (control + sync). */
export interface SeatChange {
	workshopId: WorkshopId;
	participantId: ParticipantId;
	from: number;
	to: number;
}

/**
 * Mixed tables for a workshop (issue 5, DOMAIN.md "The tables"): the current seating scored, a
 * proposal for the next round that keeps apart who already sat together, applying it, and moving
 * one person. Every applied seating is kept as a round, so later re-mixes know the past.
 */
export class SeatingService {
	readonly #storage: Storage;
	readonly #now: () => number;
	readonly #listeners = new Set<(change: SeatChange) => void>();

	constructor(options: { storage: Storage; now?: () => number }) {
		this.#storage = options.storage;
		this.#now = options.now ?? Date.now;
	}

	/** Called once per participant whose table changed; returns the unsubscribe. */
	onSeatChange(listener: (change: SeatChange) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Where everybody sits now, scored against the earlier rounds. */
	async current(workshop: WorkshopRecord): Promise<SeatingView> {
		const { people, request } = await this.#request(workshop);
		const seating = new Map(people.map((person) => [person.id, person.table]));
		return toView(people, scoreSeating(request, seating, { evenSizes: false }));
	}

	/**
	 * A new seating for the next round: as mixed as possible, and apart from who sat together in
	 * any earlier round or now. `seed` makes it repeatable; another seed gives another proposal.
	 */
	async propose(workshop: WorkshopRecord, seed: number): Promise<SeatingView> {
		const { people, request } = await this.#request(workshop);
		const now = tablesOf(
			workshop.tableCount,
			people.map((person) => [person.id, person.table])
		);
		const withNow: MixRequest = { ...request, seed, pastTables: [...request.pastTables!, ...now] };
		const mixed = mixTables(withNow);
		// Scored against the rounds before it, as it will be once applied.
		return toView(people, scoreSeating(withNow, mixed.seating));
	}

	/**
	 * Seats everybody as `seating` says and keeps the seating they leave as a past round. Every
	 * participant of the workshop must be in it, at a table of the workshop.
	 */
	async apply(
		workshop: WorkshopRecord,
		seating: Readonly<Record<string, number>>
	): Promise<number> {
		const people = await this.#storage.participants.listByWorkshop(workshop.id);
		for (const person of people) {
			const table = seating[person.id];
			if (!validTable(workshop, table)) {
				throw new RajapintaError('invalid_payload', `no table for participant ${person.id}`);
			}
		}
		await this.#storage.seating.addRound({
			workshopId: workshop.id,
			seating: Object.fromEntries(people.map((person) => [person.id, person.table])),
			createdAt: this.#now()
		});
		let moved = 0;
		for (const person of people) {
			if (person.table === seating[person.id]) continue;
			await this.#seat(person, seating[person.id]);
			moved++;
		}
		return moved;
	}

	/** Moves one participant (the facilitator's own choice: no size rule applies). */
	async move(workshop: WorkshopRecord, participantId: string, table: number): Promise<void> {
		if (!validTable(workshop, table)) {
			throw new RajapintaError('invalid_payload', `table ${table} is not in this workshop`);
		}
		const person = await this.#storage.participants.findById(participantId as ParticipantId);
		if (!person || person.workshopId !== workshop.id) {
			throw new RajapintaError('not_found', `participant ${participantId}`);
		}
		if (person.table !== table) await this.#seat(person, table);
	}

	async #seat(person: ParticipantRecord, table: number): Promise<void> {
		await this.#storage.participants.setTable(person.id, table);
		const change = {
			workshopId: person.workshopId,
			participantId: person.id,
			from: person.table,
			to: table
		};
		for (const listener of this.#listeners) listener(change);
	}

	async #request(
		workshop: WorkshopRecord
	): Promise<{ people: ParticipantRecord[]; request: MixRequest }> {
		const [people, rounds] = await Promise.all([
			this.#storage.participants.listByWorkshop(workshop.id),
			this.#storage.seating.listRounds(workshop.id)
		]);
		const pastTables = rounds.flatMap((round) =>
			tablesOf(workshop.tableCount, Object.entries(round.seating))
		);
		const request: MixRequest = {
			people: people.map(({ id, actorType, organisation }) => ({ id, actorType, organisation })),
			tableCount: workshop.tableCount,
			pastTables
		};
		return { people, request };
	}
}

function validTable(workshop: WorkshopRecord, table: unknown): table is number {
	return (
		Number.isInteger(table) && (table as number) >= 1 && (table as number) <= workshop.tableCount
	);
}

/** A seating as lists of ids per table (empty tables left out), as MixRequest.pastTables wants. */
function tablesOf(tableCount: number, seats: Iterable<readonly [string, number]>): string[][] {
	const tables: string[][] = Array.from({ length: tableCount }, () => []);
	for (const [id, table] of seats) tables[table - 1]?.push(id);
	return tables.filter((ids) => ids.length > 1);
}

function toView(people: readonly ParticipantRecord[], result: MixResult): SeatingView {
	const byId = new Map(people.map((person) => [person.id as string, person]));
	return {
		tables: result.tables.map((ids, index) => ({
			table: index + 1,
			people: ids.map((id) => {
				const { displayName, organisation, actorType } = byId.get(id)!;
				return { id: id as ParticipantId, displayName, organisation, actorType };
			}),
			diversity: result.diversity[index]
		})),
		score: result.score,
		seating: Object.fromEntries(result.seating),
		repeatPairs: result.diversity.reduce((sum, table) => sum + table.repeatPairs, 0)
	};
}
