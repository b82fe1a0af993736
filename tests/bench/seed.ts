import { nanoid } from 'nanoid';
import { loadConfig } from '#server/config.ts';
import { PARTICIPANT_TOKEN_TTL_MS } from '#server/auth/tokens.ts';
import { createServices, type Services } from '#server/services.ts';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import { ACTOR_TYPE_LIST } from '#shared/model/actor.ts';
import { roomName } from '#shared/protocol/sync.ts';

/** A seeded table: its room name and, per seat, a participant token and author key. */
export interface SeededTable {
	room: string;
	tokens: string[];
	/** The author key the server expects on each seat's new notes (SPEC S9); '' for the reference. */
	authorKeys: string[];
}

export interface SeedOptions {
	/** DATA_DIR of the embedded store (or the env of a PostgreSQL store). */
	env: Record<string, string>;
	tables: number;
	seatsPerTable: number;
	/** Let participants read other tables (the initial-load section reads many rooms). */
	tablesSeeEachOther?: boolean;
}

/**
 * Seeds a workshop with `tables` tables of exactly `seatsPerTable` participants, straight into
 * storage before the server starts (as tests/integration/crash.test.ts does). Participants are
 * created with their table set: walk-in seating (`WorkshopService.join`) reads every seated person
 * per join, which is quadratic at thousands of people and only spreads evenly anyway.
 */
export async function seedTables(options: SeedOptions): Promise<SeededTable[]> {
	if (options.tables > 999) throw new Error('[bench] a workshop has at most 999 tables');
	const services = await openServices(options.env);
	try {
		const session = await services.accounts.signUp({
			email: `bench-${nanoid(8).toLowerCase()}@example.fi`,
			password: 'correct horse battery staple',
			displayName: 'Bench facilitator'
		});
		const workshop = await services.workshops.create(session.user.id, {
			title: 'Benchmark',
			locality: 'Kuopio',
			date: '2026-11-23',
			duration: 'full_day',
			tableCount: options.tables,
			tablesSeeEachOther: options.tablesSeeEachOther ?? false
		});
		const tables: SeededTable[] = [];
		for (let table = 1; table <= options.tables; table++) {
			const tokens: string[] = [];
			const authorKeys: string[] = [];
			for (let seat = 0; seat < options.seatsPerTable; seat++) {
				const seated = await seatParticipant(services, workshop.id, table, seat);
				tokens.push(seated.token);
				authorKeys.push(seated.authorKey);
			}
			const room = roomName({ kind: 'table', workshopId: workshop.id, table });
			tables.push({ room, tokens, authorKeys });
		}
		return tables;
	} finally {
		await services.storage.close();
	}
}

/** The server's services on a store, in this process, for seeding before the server starts. */
export function openServices(env: Record<string, string>): Promise<Services> {
	return quietly(() => createServices(loadConfig({ SEED_DEMO: 'false', ...env })));
}

/** The embedded store warns loudly on every open (on purpose, for operators); expected here. */
export async function quietly<T>(fn: () => Promise<T>): Promise<T> {
	const warn = console.warn;
	console.warn = () => {};
	try {
		return await fn();
	} finally {
		console.warn = warn;
	}
}

async function seatParticipant(
	services: Services,
	workshopId: WorkshopId,
	table: number,
	seat: number
): Promise<{ token: string; authorKey: string }> {
	const id = nanoid(16) as ParticipantId;
	await services.storage.participants.create({
		id,
		workshopId,
		displayName: null,
		organisation: `Org ${seat % 5}`,
		actorType: ACTOR_TYPE_LIST[seat % ACTOR_TYPE_LIST.length],
		table,
		joinedAt: Date.now()
	});
	const token = services.tokens.sign({
		participantId: id,
		workshopId,
		expiresAt: Date.now() + PARTICIPANT_TOKEN_TTL_MS
	});
	return { token, authorKey: services.tokens.authorKey(id) };
}

/** Room names for the reference server: the same names, no workshop behind them. */
export function referenceTables(tables: number, seatsPerTable: number): SeededTable[] {
	const workshopId = `bench${nanoid(8)}` as WorkshopId;
	return Array.from({ length: tables }, (_, i) => ({
		room: roomName({ kind: 'table', workshopId, table: i + 1 }),
		tokens: Array.from({ length: seatsPerTable }, () => ''),
		authorKeys: Array.from({ length: seatsPerTable }, () => '')
	}));
}
