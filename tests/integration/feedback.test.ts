import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '#server/app.ts';
import { assembleWorkshopReport } from '#server/exports/assemble.ts';
import { EMBEDDED_FILE_NAME } from '#server/storage/index.ts';
import type { ParticipantRecord, WorkshopRecord } from '#server/storage/storage.ts';
import type { UserId } from '#shared/model/ids.ts';
import { goToPhase } from '#shared/model/workshop-ops.ts';
import {
	POSTGRES_URL,
	STORE_KINDS,
	newStore,
	seedWorkshop,
	startServer,
	type StoreKind,
	type TestStore
} from './harness.ts';

type Row = Record<string, unknown>;

/** Every row of a table, read from the database directly (not through Storage). */
async function rowsOf(store: TestStore, table: string): Promise<Row[]> {
	if (store.kind === 'embedded') {
		const file = path.join(store.env.DATA_DIR, EMBEDDED_FILE_NAME);
		const db = new DatabaseSync(file, { readOnly: true });
		try {
			return db.prepare(`SELECT * FROM ${table}`).all() as Row[];
		} finally {
			db.close();
		}
	}
	const sql = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
	try {
		return [...(await sql.unsafe(`SELECT * FROM "${store.env.DATABASE_SCHEMA}"."${table}"`))];
	} finally {
		await sql.end();
	}
}

describe.each(STORE_KINDS)('anonymous feedback (issue 4), %s store', (kind: StoreKind) => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorId: UserId;

	beforeEach(async () => {
		store = newStore(kind);
		server = await startServer(store);
		({ workshop } = await seedWorkshop(server.services, { tableCount: 2 }));
		facilitatorId = workshop.createdBy;
	});

	afterEach(async () => {
		await server.close();
		await store.drop();
	});

	const join = (target: WorkshopRecord, name: string): Promise<ParticipantRecord> =>
		server.services.workshops.join(target, {
			displayName: name,
			organisation: `${name} Oy`,
			actorType: 'ngo'
		});
	const toFeedbackPhase = (target: WorkshopRecord) =>
		server.services.workshops.change(target.id, (state, now) =>
			goToPhase(
				state,
				state.phases.findIndex((phase) => phase.kind === 'feedback'),
				now
			)
		);
	const submit = (participant: ParticipantRecord, input: Record<string, string>) =>
		server.services.feedback.submit({
			participantId: participant.id,
			workshopId: participant.workshopId,
			input
		});

	it('one answer per participant, stored without anything that identifies them; the summary adds up', async () => {
		const aino = await join(workshop, 'Aino Äijälä');
		const bo = await join(workshop, 'Bo Ekström');
		const cecilia = await join(workshop, 'Cecilia Virtanen');
		const answer = { usefulness: '4', voices: '5', again: '3', text: 'Hyvä päivä' };

		// Only in the feedback phase.
		await expect(submit(aino, answer)).rejects.toMatchObject({ code: 'locked' });
		await toFeedbackPhase(workshop);

		expect(await submit(aino, answer)).toBe(true);
		expect(await submit(aino, { ...answer, usefulness: '1', text: 'toinen' })).toBe(false);
		expect(await submit(bo, { usefulness: '2', voices: '4', again: '5', text: '  ' })).toBe(true);
		expect(
			await submit(cecilia, { usefulness: '5', voices: '5', again: '5', text: 'Lisää!' })
		).toBe(true);
		expect(await server.services.feedback.hasAnswered(aino.id)).toBe(true);

		// Bad forms are refused field by field and store nothing.
		const dan = await join(workshop, 'Dan');
		await expect(
			submit(dan, { usefulness: '6', voices: '', text: 'x'.repeat(1001) })
		).rejects.toMatchObject({
			code: 'invalid_payload',
			fields: {
				usefulness: 'rating_required',
				voices: 'rating_required',
				again: 'rating_required',
				text: 'too_long'
			}
		});
		expect(await server.services.feedback.hasAnswered(dan.id)).toBe(false);

		const summary = await server.services.feedback.summary({
			userId: facilitatorId,
			workshopId: workshop.id
		});
		expect(summary.responses).toBe(3);
		expect(summary.questions).toEqual([
			{ question: 'usefulness', mean: 3.7, distribution: [0, 1, 0, 1, 1] },
			{ question: 'voices', mean: 4.7, distribution: [0, 0, 0, 1, 2] },
			{ question: 'again', mean: 4.3, distribution: [0, 0, 1, 0, 2] }
		]);
		expect([...summary.texts].sort()).toEqual(['Hyvä päivä', 'Lisää!']);

		// Straight from the database: answers carry no participant, name, organisation or table,
		// and the answered markers carry no answer.
		const answers = await rowsOf(store, 'feedback_answers');
		expect(answers).toHaveLength(3);
		for (const row of answers) {
			expect(Object.keys(row).sort()).toEqual([
				'id',
				'open_text',
				'rating_again',
				'rating_usefulness',
				'rating_voices',
				'workshop_id'
			]);
			const text = JSON.stringify(row);
			for (const person of [aino, bo, cecilia]) {
				expect(text).not.toContain(person.id);
				expect(text).not.toContain(person.displayName!);
				expect(text).not.toContain(person.organisation);
			}
		}
		const markers = await rowsOf(store, 'feedback_answered');
		expect(markers.map((row) => row.participant_id).sort()).toEqual(
			[aino.id, bo.id, cecilia.id].sort()
		);
		for (const row of markers)
			expect(Object.keys(row).sort()).toEqual(['participant_id', 'workshop_id']);

		// The report's summary comes from the same answers.
		const report = await assembleWorkshopReport(server.services.storage, workshop.id);
		expect(report?.feedback).toMatchObject({ responses: 3, averageRating: 3.7 });
		expect(report?.feedback?.questions).toEqual(summary.questions);
		expect([...(report?.feedback?.comments ?? [])].sort()).toEqual(['Hyvä päivä', 'Lisää!']);
	});

	it('a participant of another workshop is refused, and only facilitators read the summary', async () => {
		const { workshop: other } = await seedWorkshop(server.services);
		const stranger = await join(other, 'Eve');
		await toFeedbackPhase(workshop);
		await toFeedbackPhase(other);
		await expect(
			server.services.feedback.submit({
				participantId: stranger.id,
				workshopId: workshop.id,
				input: { usefulness: '1', voices: '1', again: '1' }
			})
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await rowsOf(store, 'feedback_answers')).toEqual([]);
		expect(await rowsOf(store, 'feedback_answered')).toEqual([]);

		await expect(
			server.services.feedback.summary({ userId: other.createdBy, workshopId: workshop.id })
		).rejects.toMatchObject({ code: 'not_found' });
		const empty = await server.services.feedback.summary({
			userId: facilitatorId,
			workshopId: workshop.id
		});
		expect(empty).toMatchObject({ responses: 0, texts: [] });
		expect(empty.questions.map((q) => q.mean)).toEqual([null, null, null]);
		expect(
			(await assembleWorkshopReport(server.services.storage, workshop.id))?.feedback
		).toBeNull();
	});
});
