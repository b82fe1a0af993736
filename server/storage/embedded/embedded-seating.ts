import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import type { SeatConstraintRecord, SeatingRoundRecord, SeatingStore } from '../storage.ts';
import { runLater as run } from './sqlite.ts';

const INSERT_ROUND =
	'INSERT INTO seating_rounds (workshop_id, seating, created_at) VALUES (?, ?, ?)';
const SELECT_ROUNDS = 'SELECT * FROM seating_rounds WHERE workshop_id = ? ORDER BY id';
const SELECT_CONSTRAINTS = `SELECT * FROM seat_constraints WHERE workshop_id = ?
	ORDER BY participant_id`;
const UPSERT_CONSTRAINT = `INSERT INTO seat_constraints
	(participant_id, workshop_id, pinned_table, keep_together, absent_at) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (participant_id) DO UPDATE SET pinned_table = excluded.pinned_table,
		keep_together = excluded.keep_together, absent_at = excluded.absent_at`;

export function createSeatingStore(db: DatabaseSync): SeatingStore {
	const insert = db.prepare(INSERT_ROUND);
	const select = db.prepare(SELECT_ROUNDS);
	const selectConstraints = db.prepare(SELECT_CONSTRAINTS);
	const upsertConstraint = db.prepare(UPSERT_CONSTRAINT);
	return {
		addRound: (round) =>
			run('seating.addRound', () => {
				insert.run(round.workshopId, JSON.stringify(round.seating), round.createdAt);
			}),
		listRounds: (workshopId) =>
			run('seating.listRounds', () => select.all(workshopId).map(toRound)),
		listConstraints: (workshopId) =>
			run('seating.listConstraints', () => selectConstraints.all(workshopId).map(toConstraint)),
		saveConstraint: (record) =>
			run('seating.saveConstraint', () => {
				upsertConstraint.run(
					record.participantId,
					record.workshopId,
					record.pinnedTable,
					record.keepTogether,
					record.absentAt
				);
			})
	};
}

function toRound(row: Record<string, SQLOutputValue>): SeatingRoundRecord {
	return {
		workshopId: row.workshop_id as WorkshopId,
		seating: JSON.parse(row.seating as string) as Record<string, number>,
		createdAt: Number(row.created_at)
	};
}

function toConstraint(row: Record<string, SQLOutputValue>): SeatConstraintRecord {
	return {
		participantId: String(row.participant_id) as ParticipantId,
		workshopId: String(row.workshop_id) as WorkshopId,
		pinnedTable: row.pinned_table === null ? null : Number(row.pinned_table),
		keepTogether: row.keep_together === null ? null : String(row.keep_together),
		absentAt: row.absent_at === null ? null : Number(row.absent_at)
	};
}
