import type postgres from 'postgres';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import { guard } from '../errors.ts';
import type { SeatConstraintRecord, SeatingRoundRecord, SeatingStore } from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

interface RoundRow {
	workshop_id: string;
	seating: Record<string, number>;
	/** bigint arrives as a string; epoch ms fit a number. */
	created_at: string;
}

const INSERT_ROUND = `INSERT INTO seating_rounds (workshop_id, seating, created_at)
	VALUES ($1, $2::text::jsonb, $3)`;
const SELECT_ROUNDS = 'SELECT * FROM seating_rounds WHERE workshop_id = $1 ORDER BY id';
const SELECT_CONSTRAINTS = `SELECT * FROM seat_constraints WHERE workshop_id = $1
	ORDER BY participant_id`;
const UPSERT_CONSTRAINT = `INSERT INTO seat_constraints
	(participant_id, workshop_id, pinned_table, keep_together, absent_at) VALUES ($1, $2, $3, $4, $5)
	ON CONFLICT (participant_id) DO UPDATE SET pinned_table = excluded.pinned_table,
		keep_together = excluded.keep_together, absent_at = excluded.absent_at`;

interface ConstraintRow {
	participant_id: string;
	workshop_id: string;
	pinned_table: number | null;
	keep_together: string | null;
	/** bigint arrives as a string. */
	absent_at: string | null;
}

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

export function createSeatingStore(sql: postgres.Sql): SeatingStore {
	return {
		addRound: (round) =>
			run('seating.addRound', async () => {
				await query(sql, INSERT_ROUND, [
					round.workshopId,
					JSON.stringify(round.seating),
					round.createdAt
				]);
			}),
		listRounds: (workshopId) =>
			run('seating.listRounds', async () =>
				(await query<RoundRow>(sql, SELECT_ROUNDS, [workshopId])).map(toRound)
			),
		listConstraints: (workshopId) =>
			run('seating.listConstraints', async () =>
				(await query<ConstraintRow>(sql, SELECT_CONSTRAINTS, [workshopId])).map(toConstraint)
			),
		saveConstraint: (record) =>
			run('seating.saveConstraint', async () => {
				await query(sql, UPSERT_CONSTRAINT, [
					record.participantId,
					record.workshopId,
					record.pinnedTable,
					record.keepTogether,
					record.absentAt
				]);
			})
	};
}

function toRound(row: RoundRow): SeatingRoundRecord {
	return {
		workshopId: row.workshop_id as WorkshopId,
		seating: row.seating,
		createdAt: Number(row.created_at)
	};
}

function toConstraint(row: ConstraintRow): SeatConstraintRecord {
	return {
		participantId: row.participant_id as ParticipantId,
		workshopId: row.workshop_id as WorkshopId,
		pinnedTable: row.pinned_table === null ? null : Number(row.pinned_table),
		keepTogether: row.keep_together,
		absentAt: row.absent_at === null ? null : Number(row.absent_at)
	};
}
