import type postgres from 'postgres';
import type { ActorType } from '#shared/model/actor.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { guard } from '../errors.ts';
import { countByActorType, sameName } from '../erasure.ts';
import type { ParticipantRecord, PrivacyStore } from '../storage.ts';
import { classifyPostgresError, query, type Queryable } from './pg.ts';
import { toParticipant, type ParticipantRow } from './postgres-records.ts';

// FOR UPDATE: a concurrent seat change or second erasure waits instead of racing the delete.
const SELECT_PARTICIPANT = 'SELECT * FROM participants WHERE id = $1 FOR UPDATE';
const SELECT_PARTICIPANTS = 'SELECT * FROM participants WHERE workshop_id = $1 FOR UPDATE';
const DELETE_PARTICIPANT = 'DELETE FROM participants WHERE id = $1';
const DELETE_PARTICIPANTS = 'DELETE FROM participants WHERE workshop_id = $1';
const TALLY = `INSERT INTO erased_participants (workshop_id, actor_type, count) VALUES ($1, $2, $3)
	ON CONFLICT (workshop_id, actor_type)
	DO UPDATE SET count = erased_participants.count + excluded.count`;
const SELECT_TALLY = 'SELECT actor_type, count FROM erased_participants WHERE workshop_id = $1';
// jsonb minus a key: the participant leaves every round of their workshop.
const DROP_FROM_ROUNDS = `UPDATE seating_rounds SET seating = seating - $2::text
	WHERE workshop_id = $1 AND seating ? $2::text`;
const DELETE_ROUNDS = 'DELETE FROM seating_rounds WHERE workshop_id = $1';
// Registrations of people who never arrived; those who arrived went with their participant.
const DELETE_REGISTRATIONS = 'DELETE FROM registrations WHERE workshop_id = $1';
const SELECT_NAMED = `SELECT id, named_person FROM commitments
	WHERE workshop_id = $1 AND named_person IS NOT NULL FOR UPDATE`;
const CLEAR_NAMED = 'UPDATE commitments SET named_person = NULL WHERE id = ANY($1::text[])';
const CLEAR_ALL_NAMED = 'UPDATE commitments SET named_person = NULL WHERE workshop_id = $1';
const SELECT_RETENTION = 'SELECT * FROM workshop_retention WHERE workshop_id = $1';
const UPSERT_RETENTION_DAYS = `INSERT INTO workshop_retention (workshop_id, retention_days)
	VALUES ($1, $2) ON CONFLICT (workshop_id) DO UPDATE SET retention_days = excluded.retention_days`;
const UPSERT_ERASED_AT = `INSERT INTO workshop_retention (workshop_id, erased_at)
	SELECT id, $2 FROM workshops WHERE id = $1
	ON CONFLICT (workshop_id) DO UPDATE SET erased_at = excluded.erased_at`;
const SELECT_WORKSHOP = 'SELECT id FROM workshops WHERE id = $1';
const SELECT_HOLDERS = `SELECT w.id, w.date, r.retention_days FROM workshops w
	LEFT JOIN workshop_retention r ON r.workshop_id = w.id
	WHERE EXISTS (SELECT 1 FROM participants p WHERE p.workshop_id = w.id)
		OR EXISTS (SELECT 1 FROM commitments c WHERE c.workshop_id = w.id AND c.named_person IS NOT NULL)
		OR EXISTS (SELECT 1 FROM registrations g WHERE g.workshop_id = w.id)
	ORDER BY w.date, w.id`;

interface RetentionRow {
	retention_days: number | null;
	/** bigint arrives as a string. */
	erased_at: string | null;
}

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

async function tallyAll(
	tx: Queryable,
	workshopId: WorkshopId,
	participants: readonly ParticipantRecord[]
): Promise<void> {
	for (const [actorType, count] of countByActorType(participants)) {
		await query(tx, TALLY, [workshopId, actorType, count]);
	}
}

export function createPrivacyStore(sql: postgres.Sql): PrivacyStore {
	return {
		eraseParticipant: (id, { namedPerson }) =>
			run('privacy.eraseParticipant', () =>
				sql.begin(async (tx) => {
					const participant = toParticipant(
						await query<ParticipantRow>(tx, SELECT_PARTICIPANT, [id])
					);
					if (!participant) return null;
					await query(tx, DELETE_PARTICIPANT, [id]);
					await tallyAll(tx, participant.workshopId, [participant]);
					await query(tx, DROP_FROM_ROUNDS, [participant.workshopId, id]);
					if (namedPerson !== null) {
						const named = await query<{ id: string; named_person: string }>(tx, SELECT_NAMED, [
							participant.workshopId
						]);
						const ids = named.filter((row) => sameName(row.named_person, namedPerson));
						if (ids.length > 0) {
							await query(tx, CLEAR_NAMED, [sql.array(ids.map((row) => row.id))]);
						}
					}
					return participant;
				})
			),
		eraseWorkshop: (workshopId, at) =>
			run('privacy.eraseWorkshop', () =>
				sql.begin(async (tx) => {
					const rows = await query<ParticipantRow>(tx, SELECT_PARTICIPANTS, [workshopId]);
					const participants = rows.map((row) => toParticipant([row]) as ParticipantRecord);
					await tallyAll(tx, workshopId, participants);
					await query(tx, DELETE_PARTICIPANTS, [workshopId]);
					await query(tx, DELETE_ROUNDS, [workshopId]);
					await query(tx, DELETE_REGISTRATIONS, [workshopId]);
					await query(tx, CLEAR_ALL_NAMED, [workshopId]);
					await query(tx, UPSERT_ERASED_AT, [workshopId, at]);
					return participants.map((participant) => participant.id);
				})
			),
		erasedCounts: (workshopId) =>
			run('privacy.erasedCounts', async () => {
				const rows = await query<{ actor_type: string; count: number }>(sql, SELECT_TALLY, [
					workshopId
				]);
				return Object.fromEntries(
					rows.map((row) => [row.actor_type as ActorType, Number(row.count)])
				);
			}),
		retention: (workshopId) =>
			run('privacy.retention', async () => {
				const [row] = await query<RetentionRow>(sql, SELECT_RETENTION, [workshopId]);
				return {
					retentionDays: row?.retention_days ?? null,
					erasedAt: row?.erased_at == null ? null : Number(row.erased_at)
				};
			}),
		setRetentionDays: (workshopId, days) =>
			run('privacy.setRetentionDays', async () => {
				const found = await query(sql, SELECT_WORKSHOP, [workshopId]);
				if (found.length === 0) {
					throw new RajapintaError(
						'not_found',
						`privacy.setRetentionDays: no workshop ${workshopId}`
					);
				}
				await query(sql, UPSERT_RETENTION_DAYS, [workshopId, days]);
			}),
		listHolders: () =>
			run('privacy.listHolders', async () => {
				const rows = await query<{ id: string; date: string; retention_days: number | null }>(
					sql,
					SELECT_HOLDERS
				);
				return rows.map((row) => ({
					workshopId: row.id as WorkshopId,
					date: row.date,
					retentionDays: row.retention_days
				}));
			})
	};
}
