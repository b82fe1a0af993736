import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRajapinta, type RunningServer } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { assembleWorkshopReport } from '#server/exports/assemble.ts';
import { PARTICIPANT_TOKEN_TTL_MS } from '#server/auth/tokens.ts';
import { EMBEDDED_FILE_NAME } from '#server/storage/index.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { ActorType } from '#shared/model/actor.ts';
import type { UserId } from '#shared/model/ids.ts';
import { SYNC_CLOSE, roomName } from '#shared/protocol/sync.ts';
import {
	POSTGRES_URL,
	STORE_KINDS,
	addNote,
	controlClient,
	newStore,
	noteTexts,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type StoreKind,
	type TestStore
} from './harness.ts';

/**
 * Every text of every row of every table, straight from the database (not through Storage), so a
 * name left in some column nobody thought of still shows up.
 */
async function databaseText(store: TestStore): Promise<string> {
	if (store.kind === 'embedded') {
		const db = new DatabaseSync(path.join(store.env.DATA_DIR, EMBEDDED_FILE_NAME), {
			readOnly: true
		});
		try {
			const tables = db
				.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
				.all()
				.map((row) => String(row.name));
			return tables
				.flatMap((table) => db.prepare(`SELECT * FROM "${table}"`).all())
				.map((row) =>
					Object.values(row)
						.map((value) =>
							value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value)
						)
						.join('|')
				)
				.join('\n');
		} finally {
			db.close();
		}
	}
	const schema = store.env.DATABASE_SCHEMA;
	const sql = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
	try {
		const tables = await sql<{ table_name: string }[]>`
			SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema}`;
		const texts: string[] = [];
		for (const { table_name } of tables) {
			const rows = await sql.unsafe(`SELECT t::text AS row FROM "${schema}"."${table_name}" t`);
			texts.push(...rows.map((row) => String(row.row)));
			if (table_name === 'doc_updates') {
				// Yjs updates as UTF-8, so text written on a board reads as text too.
				const docs = await sql.unsafe(`SELECT data FROM "${schema}"."doc_updates"`);
				texts.push(...docs.map((row) => Buffer.from(row.data as Uint8Array).toString('utf8')));
			}
		}
		return texts.join('\n');
	} finally {
		await sql.end();
	}
}

interface Person {
	id: string;
	name: string;
	organisation: string;
	token: string;
	authorKey: string;
	table: number;
}

describe.each(STORE_KINDS)('personal data erasure (issue 5), %s store', (kind: StoreKind) => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const cleanups: (() => void)[] = [];

	beforeEach(async () => {
		store = newStore(kind);
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 1 }));
	});

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	const join = async (name: string, actorType: ActorType): Promise<Person> => {
		const { services } = server;
		const organisation = `${name} Oy`;
		const participant = await services.workshops.join(workshop, {
			displayName: name,
			organisation,
			actorType
		});
		const token = services.tokens.sign({
			participantId: participant.id,
			workshopId: workshop.id,
			expiresAt: Date.now() + PARTICIPANT_TOKEN_TTL_MS
		});
		return {
			id: participant.id,
			name,
			organisation,
			token,
			authorKey: services.tokens.authorKey(participant.id),
			table: participant.table
		};
	};
	const board = (token: string) => {
		const created = stockClient({
			serverUrl: server.url,
			room: roomName({ kind: 'table', workshopId: workshop.id, table: 1 }),
			token
		});
		cleanups.push(() => created.provider.destroy());
		return created;
	};
	const control = async (token: string) => {
		const client = controlClient({ serverUrl: server.url, token });
		cleanups.push(() => client.close());
		await new Promise<void>((resolve, reject) => {
			client.once('connect', () => resolve());
			client.once('connect_error', reject);
		});
		return client;
	};
	const controlRefused = (token: string) => {
		const client = controlClient({ serverUrl: server.url, token });
		cleanups.push(() => client.close());
		return new Promise<string>((resolve) =>
			client.once('connect_error', (error) => resolve(error.message))
		);
	};
	const storedNotes = async () => {
		const doc = new Y.Doc();
		const name = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });
		await server.realtime.sync.flush();
		for (const update of await server.services.storage.documents.load(name)) {
			Y.applyUpdate(doc, update);
		}
		return noteTexts(doc);
	};
	const seedOutputs = async (named: string[]) => {
		const cap = { maxPerTable: 10 };
		for (const [i, namedPerson] of [...named, null].entries()) {
			await server.services.storage.commitments.create(
				{
					id: `c-${i}`,
					workshopId: workshop.id,
					table: 1,
					what: `Sitoumus ${i}`,
					ownerActorType: 'ngo',
					namedPerson,
					due: null,
					firstStep: 'Soitetaan',
					status: 'not_started',
					agreed: true,
					createdAt: i,
					updatedAt: i
				},
				cap
			);
		}
	};

	it('a participant erases themself: no trace of their name or organisation, outputs intact, token dead', async () => {
		const aino = await join('Aino Äijälä', 'ngo');
		const bo = await join('Bo Ekström', 'education');
		await seedOutputs([aino.name, bo.name]);
		await server.services.storage.seating.addRound({
			workshopId: workshop.id,
			seating: { [aino.id]: 1, [bo.id]: 1 },
			createdAt: 1
		});
		const ainoBoard = board(aino.token);
		const boBoard = board(bo.token);
		const ainoControl = await control(aino.token);
		await waitFor(() => ainoBoard.provider.synced && boBoard.provider.synced, 'synced');
		addNote(ainoBoard.doc, aino.authorKey, 'Yhteinen asiakaspolku');
		// Relayed only after it is stored (durability rule), so Bo seeing it means it is stored.
		await waitFor(() => noteTexts(boBoard.doc).length === 1, 'note relayed');
		const before = await databaseText(store);
		// The probe sees personal data where it is: in participants and in a commitment.
		expect(before).toContain(aino.organisation);
		expect(before.split(aino.name).length - 1).toBeGreaterThanOrEqual(2);

		const participant = (await server.services.storage.participants.findById(aino.id as never))!;
		expect(await server.services.privacy.eraseSelf(participant)).toBe(true);

		// Their open connections stop at once, and their credential opens nothing any more.
		await waitFor(() => ainoBoard.closes.length > 0, 'board closed');
		expect(ainoBoard.closes[0]).toEqual(SYNC_CLOSE.unauthorised);
		await waitFor(() => !ainoControl.connected, 'control socket closed');
		const again = board(aino.token);
		await waitFor(() => again.closes.length > 0, 'table refused');
		expect(again.closes[0]).toEqual(SYNC_CLOSE.unauthorised);
		expect(await controlRefused(aino.token)).toBe('unauthorised');

		const after = await databaseText(store);
		expect(after).not.toContain(aino.name);
		expect(after).not.toContain(aino.organisation);
		expect(after).not.toContain(aino.id);
		// Somebody else's data stays, and so do the outputs.
		expect(after).toContain(bo.name);
		expect(after).toContain(bo.organisation);
		expect(await storedNotes()).toEqual(['Yhteinen asiakaspolku']);
		const commitments = await server.services.storage.commitments.listByWorkshop(workshop.id);
		expect(commitments.map((c) => [c.what, c.namedPerson])).toEqual([
			['Sitoumus 0', null],
			['Sitoumus 1', bo.name],
			['Sitoumus 2', null]
		]);
		const report = await assembleWorkshopReport(server.services.storage, workshop.id);
		expect(report!.participantCount).toBe(2);
		expect(report!.organisationTypes.filter((t) => t.count > 0)).toEqual([
			{ actorType: 'education', count: 1 },
			{ actorType: 'ngo', count: 1 }
		]);
		// Bo's connection and table still work.
		expect(boBoard.closes).toEqual([]);
		const boAgain = board(bo.token);
		await waitFor(() => boAgain.provider.synced, 'bo synced');
		expect(noteTexts(boAgain.doc)).toEqual(['Yhteinen asiakaspolku']);
	});

	it('only the facilitators erase a workshop; afterwards no name or organisation is left, outputs and counts are', async () => {
		const people = [
			await join('Aino Äijälä', 'ngo'),
			await join('Bo Ekström', 'education'),
			await join('Cecilia Nieminen', 'ngo')
		];
		await seedOutputs([people[0].name, people[2].name]);
		const boards = people.map((person) => board(person.token));
		await waitFor(() => boards.every((b) => b.provider.synced), 'synced');
		people.forEach((person, i) => addNote(boards[i].doc, person.authorKey, `Muistilappu ${i}`));
		await waitFor(() => boards.every((b) => noteTexts(b.doc).length === 3), 'notes relayed');

		const stranger = await server.services.accounts.signUp({
			email: 'stranger@example.fi',
			password: 'correct horse battery',
			displayName: 'Muu fasilitoija'
		});
		await expect(
			server.services.privacy.eraseWorkshop(stranger.user.id, workshop.id)
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			server.services.privacy.attendance(stranger.user.id, workshop.id)
		).rejects.toMatchObject({ code: 'forbidden' });
		expect(await server.services.storage.participants.listByWorkshop(workshop.id)).toHaveLength(3);

		expect(await databaseText(store)).toContain(people[2].organisation);
		const owner = workshop.createdBy as UserId;
		expect(await server.services.privacy.attendance(owner, workshop.id)).toHaveLength(3);
		expect(await server.services.privacy.eraseWorkshop(owner, workshop.id)).toBe(3);
		await waitFor(() => boards.every((b) => b.closes.length > 0), 'boards closed');

		const after = await databaseText(store);
		for (const person of people) {
			expect(after).not.toContain(person.name);
			expect(after).not.toContain(person.organisation);
			const again = board(person.token);
			await waitFor(() => again.closes.length > 0, 'table refused');
			expect(again.closes[0]).toEqual(SYNC_CLOSE.unauthorised);
		}
		expect(await storedNotes()).toEqual(['Muistilappu 0', 'Muistilappu 1', 'Muistilappu 2']);
		const commitments = await server.services.storage.commitments.listByWorkshop(workshop.id);
		expect(commitments.map((c) => c.namedPerson)).toEqual([null, null, null]);
		expect(await server.services.privacy.attendance(owner, workshop.id)).toEqual([]);
		const report = await assembleWorkshopReport(server.services.storage, workshop.id);
		expect(report!.participantCount).toBe(3);
		expect(report!.commitments).toHaveLength(3);
		expect(report!.organisationTypes.filter((t) => t.count > 0)).toEqual([
			{ actorType: 'education', count: 1 },
			{ actorType: 'ngo', count: 2 }
		]);
		// The facilitator's own board access is untouched.
		const watcher = stockClient({
			serverUrl: server.url,
			room: roomName({ kind: 'table', workshopId: workshop.id, table: 1 }),
			cookie: facilitatorCookie
		});
		cleanups.push(() => watcher.provider.destroy());
		await waitFor(() => watcher.provider.synced, 'facilitator synced');
		expect(noteTexts(watcher.doc)).toHaveLength(3);
	});
});

describe.each(STORE_KINDS)('the retention job in the running server, %s store', (kind) => {
	it('erases at start the personal data of a workshop past its retention', async () => {
		const store = newStore(kind);
		try {
			// Seeded by a server without the job, as the fixtures of other suites are.
			const seeding = await startServer(store);
			const { workshop } = await seedWorkshop(seeding.services);
			await seeding.services.storage.privacy.setRetentionDays(workshop.id, 1);
			const kept = (await seedWorkshop(seeding.services)).workshop;
			for (const target of [workshop, kept]) {
				await seeding.services.workshops.join(target, {
					displayName: 'Vanha Osallistuja',
					organisation: 'Vanha Oy',
					actorType: 'client'
				});
			}
			await seeding.close();

			// The workshop day (2026-11-23) plus one day is long past; the default 90 days is not yet.
			const server = await startRajapinta({
				config: loadConfig({
					PORT: '0',
					HOST: '127.0.0.1',
					SEED_DEMO: 'false',
					LOG_LEVEL: 'quiet',
					RETENTION_JOB: 'true',
					...store.env
				}),
				handler: (_request, response) => {
					response.statusCode = 404;
					response.end();
				}
			});
			try {
				const participants = server.services.storage.participants;
				const deadline = Date.now() + 5_000;
				while ((await participants.listByWorkshop(workshop.id)).length > 0) {
					if (Date.now() > deadline) throw new Error('the start-up sweep did not erase');
					await new Promise((resolve) => setTimeout(resolve, 20));
				}
				expect(await server.services.storage.privacy.erasedCounts(workshop.id)).toEqual({
					client: 1
				});
				if (Date.parse('2026-11-23') + 91 * 24 * 3600 * 1000 > Date.now()) {
					expect(await participants.listByWorkshop(kept.id)).toHaveLength(1);
				}
			} finally {
				await server.close();
			}
		} finally {
			await store.drop();
		}
	});
});
