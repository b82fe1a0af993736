import type { ActorType } from '#shared/model/actor.ts';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type {
	ParticipantRecord,
	SeatConstraintRecord,
	Storage,
	WorkshopRecord
} from '../storage/storage.ts';
import {
	mixTables,
	MixingError,
	rebalanceTables,
	scoreSeating,
	tableForLateArrival,
	type MixPerson,
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
	/** The table this person must sit at; null when not pinned. */
	pinnedTable: number | null;
	/** The group this person sits with (a language group sharing an interpreter); null for none. */
	keepTogether: string | null;
}

/** Why a table is as it is, beyond diversity: the constraints it holds. */
export interface TableConstraints {
	/** People pinned to this table. */
	pinned: number;
	/** Each group with people here: how many of the group sit here, of how many present. */
	groups: { group: string; here: number; total: number }[];
}

/** Constraints the facilitator sets for one person (issue 5). */
export interface SeatConstraints {
	pinnedTable: number | null;
	keepTogether: string | null;
}

/** Longest group key a facilitator may set. */
export const KEEP_TOGETHER_MAX_CHARS = 40;

/** A person moved by rebalancing, for the facilitator's list of who moved. */
export interface RebalanceMove {
	participantId: ParticipantId;
	displayName: string | null;
	from: number;
	to: number;
}

/**
 * The constraints cannot all hold (too many people pinned to one table, or pins keep the tables
 * uneven). Routes show it as its own message: the facilitator can change the pins.
 */
export class SeatingConstraintError extends Error {
	override name = 'SeatingConstraintError';
}

/** A seating of the whole room, with the score of each table and why. */
export interface SeatingView {
	tables: {
		table: number;
		people: SeatedPerson[];
		diversity: TableDiversity;
		constraints: TableConstraints;
	}[];
	/** Comparable between seatings of the same room (higher is better). */
	score: number;
	/** participant id → table, to apply this seating as it was shown. */
	seating: Record<string, number>;
	/** Pairs who sat together in an earlier round and do again (a re-mix keeps them low). */
	repeatPairs: number;
	/** Participants marked as not here (did not come, or left): left out of every seating. */
	absent: (SeatedPerson & { table: number })[];
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

	/** Where everybody present sits now, scored against the earlier rounds. */
	async current(workshop: WorkshopRecord): Promise<SeatingView> {
		const room = await this.#room(workshop);
		const seating = new Map(room.present.map((person) => [person.id, person.table]));
		// Scored without the pins: a room as it sits may break them, and the score only describes.
		const request = { ...room.request, people: room.request.people.map(unpinned) };
		return toView(room, scoreSeating(request, seating, { evenSizes: false }));
	}

	/**
	 * A new seating for the next round: as mixed as possible, pinned people at their tables and
	 * groups together, and apart from who sat together in any earlier round or now. `seed` makes it
	 * repeatable; another seed gives another proposal.
	 */
	async propose(workshop: WorkshopRecord, seed: number): Promise<SeatingView> {
		const room = await this.#room(workshop);
		const now = tablesOf(
			workshop.tableCount,
			room.present.map((person) => [person.id, person.table])
		);
		const withNow: MixRequest = {
			...room.request,
			seed,
			pastTables: [...room.request.pastTables!, ...now]
		};
		const mixed = constrained(() => mixTables(withNow));
		// Scored against the rounds before it, as it will be once applied.
		return toView(room, scoreSeating(withNow, mixed.seating));
	}

	/**
	 * Seats everybody present as `seating` says and keeps the seating they leave as a past round.
	 * Every participant present must be in it, at a table of the workshop; people marked as not
	 * here keep their seat.
	 */
	async apply(
		workshop: WorkshopRecord,
		seating: Readonly<Record<string, number>>
	): Promise<number> {
		const { present } = await this.#room(workshop);
		for (const person of present) {
			const table = seating[person.id];
			if (!validTable(workshop, table)) {
				throw new RajapintaError('invalid_payload', `no table for participant ${person.id}`);
			}
		}
		await this.#storage.seating.addRound({
			workshopId: workshop.id,
			seating: Object.fromEntries(present.map((person) => [person.id, person.table])),
			createdAt: this.#now()
		});
		let moved = 0;
		for (const person of present) {
			if (person.table === seating[person.id]) continue;
			await this.#seat(person, seating[person.id]);
			moved++;
		}
		return moved;
	}

	/**
	 * Moves one participant (the facilitator's own choice: no size rule applies). A pinned person's
	 * pin moves with them: the facilitator has just said where they sit.
	 */
	async move(workshop: WorkshopRecord, participantId: string, table: number): Promise<void> {
		if (!validTable(workshop, table)) {
			throw new RajapintaError('invalid_payload', `table ${table} is not in this workshop`);
		}
		const person = await this.#participant(workshop, participantId);
		const constraint = await this.#constraintOf(workshop, person.id);
		if (constraint?.pinnedTable !== null && constraint?.pinnedTable !== undefined) {
			await this.#storage.seating.saveConstraint({ ...constraint, pinnedTable: table });
		}
		if (person.table !== table) await this.#seat(person, table);
	}

	/**
	 * Pins a person to a table (they move there now) or unpins them, and puts them in a group or
	 * none. Mixing, re-mixing and rebalancing honour both.
	 */
	async setConstraints(
		workshop: WorkshopRecord,
		participantId: string,
		constraints: SeatConstraints
	): Promise<void> {
		const { pinnedTable, keepTogether } = constraints;
		if (pinnedTable !== null && !validTable(workshop, pinnedTable)) {
			throw new RajapintaError('invalid_payload', `table ${pinnedTable} is not in this workshop`);
		}
		if (
			keepTogether !== null &&
			(keepTogether.trim() === '' || keepTogether.length > KEEP_TOGETHER_MAX_CHARS)
		) {
			throw new RajapintaError('invalid_payload', 'a group needs a short name');
		}
		const person = await this.#participant(workshop, participantId);
		const constraint = await this.#constraintOf(workshop, person.id);
		await this.#storage.seating.saveConstraint({
			participantId: person.id,
			workshopId: workshop.id,
			pinnedTable,
			keepTogether,
			absentAt: constraint?.absentAt ?? null
		});
		if (pinnedTable !== null && person.table !== pinnedTable) await this.#seat(person, pinnedTable);
	}

	/**
	 * Marks a participant as not here (did not come, or left): every seating leaves them out until
	 * they are back. Coming back seats them where they add the most among the smallest tables (or
	 * at their pinned table), like a late arrival.
	 */
	async setAbsent(workshop: WorkshopRecord, participantId: string, absent: boolean): Promise<void> {
		const person = await this.#participant(workshop, participantId);
		const constraint = await this.#constraintOf(workshop, person.id);
		await this.#storage.seating.saveConstraint({
			participantId: person.id,
			workshopId: workshop.id,
			pinnedTable: constraint?.pinnedTable ?? null,
			keepTogether: constraint?.keepTogether ?? null,
			absentAt: absent ? this.#now() : null
		});
		if (absent || !(constraint?.absentAt ?? null)) return;
		const room = await this.#room(workshop);
		const others = room.request.people.filter((p) => p.id !== person.id).map(unpinned);
		const pin = validPin(workshop, constraint?.pinnedTable ?? null);
		const table =
			pin ??
			tableForLateArrival(
				{ ...room.request, people: others },
				new Map(room.present.filter((p) => p.id !== person.id).map((p) => [p.id, p.table])),
				{ id: person.id, actorType: person.actorType, organisation: person.organisation }
			);
		if (table !== person.table) await this.#seat(person, table);
	}

	/**
	 * After people were marked as not here: makes table sizes differ by at most one again with the
	 * fewest moves, choosing who moves so the tables stay mixed. Pinned people stay.
	 */
	async rebalance(workshop: WorkshopRecord): Promise<RebalanceMove[]> {
		const room = await this.#room(workshop);
		if (room.present.length === 0) return [];
		const seating = new Map(room.present.map((person) => [person.id, person.table]));
		const { moves } = constrained(() => rebalanceTables(room.request, seating));
		const byId = new Map(room.present.map((person) => [person.id as string, person]));
		const result: RebalanceMove[] = [];
		for (const move of moves) {
			const person = byId.get(move.personId)!;
			await this.#seat(person, move.to);
			result.push({
				participantId: person.id,
				displayName: person.displayName,
				from: move.from,
				to: move.to
			});
		}
		return result;
	}

	async #participant(workshop: WorkshopRecord, participantId: string): Promise<ParticipantRecord> {
		const person = await this.#storage.participants.findById(participantId as ParticipantId);
		if (!person || person.workshopId !== workshop.id) {
			throw new RajapintaError('not_found', `participant ${participantId}`);
		}
		return person;
	}

	async #constraintOf(
		workshop: WorkshopRecord,
		participantId: ParticipantId
	): Promise<SeatConstraintRecord | null> {
		const all = await this.#storage.seating.listConstraints(workshop.id);
		return all.find((constraint) => constraint.participantId === participantId) ?? null;
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

	/** Everybody of the workshop, who is here, their constraints, and the mixing request for them. */
	async #room(workshop: WorkshopRecord): Promise<Room> {
		const [people, rounds, constraints] = await Promise.all([
			this.#storage.participants.listByWorkshop(workshop.id),
			this.#storage.seating.listRounds(workshop.id),
			this.#storage.seating.listConstraints(workshop.id)
		]);
		const byPerson = new Map(constraints.map((c) => [c.participantId as string, c]));
		const present = people.filter((person) => (byPerson.get(person.id)?.absentAt ?? null) === null);
		const pastTables = rounds.flatMap((round) =>
			tablesOf(workshop.tableCount, Object.entries(round.seating))
		);
		const request: MixRequest = {
			people: present.map(({ id, actorType, organisation, table }): MixPerson => {
				const constraint = byPerson.get(id);
				const pin = validPin(workshop, constraint?.pinnedTable ?? null);
				return {
					id,
					actorType,
					organisation,
					// A pin the person does not sit at (set before a table was removed) is not held.
					pinnedTable: pin !== null && pin === table ? pin : null,
					keepTogether: constraint?.keepTogether ?? null
				};
			}),
			tableCount: workshop.tableCount,
			pastTables
		};
		return { people, present, byPerson, request };
	}
}

interface Room {
	people: ParticipantRecord[];
	present: ParticipantRecord[];
	byPerson: Map<string, SeatConstraintRecord>;
	request: MixRequest;
}

function unpinned(person: MixPerson): MixPerson {
	return { ...person, pinnedTable: null };
}

function validPin(workshop: WorkshopRecord, table: number | null): number | null {
	return table !== null && validTable(workshop, table) ? table : null;
}

/** Runs the mixer; its refusal of the constraints becomes a SeatingConstraintError. */
function constrained<T>(run: () => T): T {
	try {
		return run();
	} catch (error) {
		if (error instanceof MixingError) throw new SeatingConstraintError(error.message);
		throw error;
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

function toView(room: Room, result: MixResult): SeatingView {
	const byId = new Map(room.people.map((person) => [person.id as string, person]));
	const describe = (person: ParticipantRecord): SeatedPerson => {
		const constraint = room.byPerson.get(person.id);
		return {
			id: person.id,
			displayName: person.displayName,
			organisation: person.organisation,
			actorType: person.actorType,
			pinnedTable: constraint?.pinnedTable ?? null,
			keepTogether: constraint?.keepTogether ?? null
		};
	};
	const groupTotals = new Map<string, number>();
	for (const person of room.request.people) {
		if (person.keepTogether) {
			groupTotals.set(person.keepTogether, (groupTotals.get(person.keepTogether) ?? 0) + 1);
		}
	}
	return {
		tables: result.tables.map((ids, index) => {
			const people = ids.map((id) => describe(byId.get(id)!));
			const here = new Map<string, number>();
			for (const person of people) {
				if (person.keepTogether)
					here.set(person.keepTogether, (here.get(person.keepTogether) ?? 0) + 1);
			}
			return {
				table: index + 1,
				people,
				diversity: result.diversity[index],
				constraints: {
					pinned: people.filter((person) => person.pinnedTable === index + 1).length,
					groups: [...here]
						.sort(([a], [b]) => a.localeCompare(b))
						.map(([group, count]) => ({ group, here: count, total: groupTotals.get(group)! }))
				}
			};
		}),
		score: result.score,
		seating: Object.fromEntries(result.seating),
		repeatPairs: result.diversity.reduce((sum, table) => sum + table.repeatPairs, 0),
		absent: room.people
			.filter((person) => !room.present.includes(person))
			.map((person) => ({ ...describe(person), table: person.table }))
	};
}
