import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { countByActorType, sameName } from '../erasure.ts';
import type { ParticipantRecord, PrivacyStore } from '../storage.ts';
import { toParticipant } from './embedded-records.ts';
import { runLater as run, transaction } from './sqlite.ts';

type Row = Record<string, SQLOutputValue>;

const SELECT_PARTICIPANT = 'SELECT * FROM participants WHERE id = ?';
const SELECT_PARTICIPANTS = 'SELECT * FROM participants WHERE workshop_id = ?';
const DELETE_PARTICIPANT = 'DELETE FROM participants WHERE id = ?';
const DELETE_PARTICIPANTS = 'DELETE FROM participants WHERE workshop_id = ?';
const TALLY = `INSERT INTO erased_participants (workshop_id, actor_type, count) VALUES (?, ?, ?)
	ON CONFLICT (workshop_id, actor_type) DO UPDATE SET count = count + excluded.count`;
const SELECT_TALLY = 'SELECT actor_type, count FROM erased_participants WHERE workshop_id = ?';
const SELECT_ROUNDS = 'SELECT id, seating FROM seating_rounds WHERE workshop_id = ?';
const UPDATE_ROUND = 'UPDATE seating_rounds SET seating = ? WHERE id = ?';
const DELETE_ROUNDS = 'DELETE FROM seating_rounds WHERE workshop_id = ?';
// Registrations of people who never arrived; those who arrived went with their participant.
const DELETE_REGISTRATIONS = 'DELETE FROM registrations WHERE workshop_id = ?';
const SELECT_NAMED = `SELECT id, named_person FROM commitments
	WHERE workshop_id = ? AND named_person IS NOT NULL`;
const CLEAR_NAMED = 'UPDATE commitments SET named_person = NULL WHERE id = ?';
const CLEAR_ALL_NAMED = 'UPDATE commitments SET named_person = NULL WHERE workshop_id = ?';
const SELECT_RETENTION = 'SELECT * FROM workshop_retention WHERE workshop_id = ?';
const UPSERT_RETENTION_DAYS = `INSERT INTO workshop_retention (workshop_id, retention_days)
	VALUES (?, ?) ON CONFLICT (workshop_id) DO UPDATE SET retention_days = excluded.retention_days`;
const UPSERT_ERASED_AT = `INSERT INTO workshop_retention (workshop_id, erased_at)
	VALUES (?, ?) ON CONFLICT (workshop_id) DO UPDATE SET erased_at = excluded.erased_at`;
const SELECT_WORKSHOP = 'SELECT id FROM workshops WHERE id = ?';
const SELECT_HOLDERS = `SELECT w.id, w.date, r.retention_days FROM workshops w
	LEFT JOIN workshop_retention r ON r.workshop_id = w.id
	WHERE EXISTS (SELECT 1 FROM participants p WHERE p.workshop_id = w.id)
		OR EXISTS (SELECT 1 FROM commitments c WHERE c.workshop_id = w.id AND c.named_person IS NOT NULL)
		OR EXISTS (SELECT 1 FROM registrations g WHERE g.workshop_id = w.id)
	ORDER BY w.date, w.id`;

export function createPrivacyStore(db: DatabaseSync): PrivacyStore {
	const statement = (sql: string) => db.prepare(sql);
	const [selectParticipant, selectParticipants, deleteParticipant, deleteParticipants] = [
		SELECT_PARTICIPANT,
		SELECT_PARTICIPANTS,
		DELETE_PARTICIPANT,
		DELETE_PARTICIPANTS
	].map(statement);
	const [tally, selectTally, selectRounds, updateRound, deleteRounds, deleteRegistrations] = [
		TALLY,
		SELECT_TALLY,
		SELECT_ROUNDS,
		UPDATE_ROUND,
		DELETE_ROUNDS,
		DELETE_REGISTRATIONS
	].map(statement);
	const [selectNamed, clearNamed, clearAllNamed] = [SELECT_NAMED, CLEAR_NAMED, CLEAR_ALL_NAMED].map(
		statement
	);
	const [selectRetention, upsertDays, upsertErasedAt, selectWorkshop, selectHolders] = [
		SELECT_RETENTION,
		UPSERT_RETENTION_DAYS,
		UPSERT_ERASED_AT,
		SELECT_WORKSHOP,
		SELECT_HOLDERS
	].map(statement);

	return {
		eraseParticipant: (id, { namedPerson }) =>
			run('privacy.eraseParticipant', () =>
				transaction(
					db,
					(): ParticipantRecord | null => {
						const participant = toParticipant(selectParticipant.get(id));
						if (!participant) return null;
						deleteParticipant.run(id);
						tally.run(participant.workshopId, participant.actorType, 1);
						for (const round of selectRounds.all(participant.workshopId)) {
							const seating = JSON.parse(String(round.seating)) as Record<string, number>;
							if (!Object.hasOwn(seating, id)) continue;
							delete seating[id];
							updateRound.run(JSON.stringify(seating), round.id);
						}
						if (namedPerson !== null) {
							for (const row of selectNamed.all(participant.workshopId)) {
								if (sameName(String(row.named_person), namedPerson)) clearNamed.run(row.id);
							}
						}
						return participant;
					},
					true
				)
			),
		eraseWorkshop: (workshopId, at) =>
			run('privacy.eraseWorkshop', () =>
				transaction(
					db,
					() => {
						const participants = selectParticipants
							.all(workshopId)
							.map((row) => toParticipant(row) as ParticipantRecord);
						for (const [actorType, count] of countByActorType(participants)) {
							tally.run(workshopId, actorType, count);
						}
						deleteParticipants.run(workshopId);
						deleteRounds.run(workshopId);
						deleteRegistrations.run(workshopId);
						clearAllNamed.run(workshopId);
						if (selectWorkshop.get(workshopId)) upsertErasedAt.run(workshopId, at);
						return participants.map((participant) => participant.id);
					},
					true
				)
			),
		erasedCounts: (workshopId) =>
			run('privacy.erasedCounts', () =>
				Object.fromEntries(
					selectTally.all(workshopId).map((row) => [String(row.actor_type), Number(row.count)])
				)
			),
		retention: (workshopId) =>
			run('privacy.retention', () => {
				const row = selectRetention.get(workshopId);
				return {
					retentionDays: nullableNumber(row?.retention_days),
					erasedAt: nullableNumber(row?.erased_at)
				};
			}),
		setRetentionDays: (workshopId, days) =>
			run('privacy.setRetentionDays', () => {
				if (!selectWorkshop.get(workshopId)) {
					throw new RajapintaError(
						'not_found',
						`privacy.setRetentionDays: no workshop ${workshopId}`
					);
				}
				upsertDays.run(workshopId, days);
			}),
		listHolders: () =>
			run('privacy.listHolders', () =>
				selectHolders.all().map((row: Row) => ({
					workshopId: String(row.id) as WorkshopId,
					date: String(row.date),
					retentionDays: nullableNumber(row.retention_days)
				}))
			)
	};
}

function nullableNumber(value: SQLOutputValue | undefined): number | null {
	return value === null || value === undefined ? null : Number(value);
}
