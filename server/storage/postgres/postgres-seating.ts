import type postgres from 'postgres';
import type { WorkshopId } from '#shared/model/ids.ts';
import { guard } from '../errors.ts';
import type { SeatingRoundRecord, SeatingStore } from '../storage.ts';
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
			)
	};
}

function toRound(row: RoundRow): SeatingRoundRecord {
	return {
		workshopId: row.workshop_id as WorkshopId,
		seating: row.seating,
		createdAt: Number(row.created_at)
	};
}
