import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { SeatingRoundRecord, SeatingStore } from '../storage.ts';
import { runLater as run } from './sqlite.ts';

const INSERT_ROUND =
	'INSERT INTO seating_rounds (workshop_id, seating, created_at) VALUES (?, ?, ?)';
const SELECT_ROUNDS = 'SELECT * FROM seating_rounds WHERE workshop_id = ? ORDER BY id';

export function createSeatingStore(db: DatabaseSync): SeatingStore {
	const insert = db.prepare(INSERT_ROUND);
	const select = db.prepare(SELECT_ROUNDS);
	return {
		addRound: (round) =>
			run('seating.addRound', () => {
				insert.run(round.workshopId, JSON.stringify(round.seating), round.createdAt);
			}),
		listRounds: (workshopId) => run('seating.listRounds', () => select.all(workshopId).map(toRound))
	};
}

function toRound(row: Record<string, SQLOutputValue>): SeatingRoundRecord {
	return {
		workshopId: row.workshop_id as WorkshopId,
		seating: JSON.parse(row.seating as string) as Record<string, number>,
		createdAt: Number(row.created_at)
	};
}
