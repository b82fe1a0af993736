import type postgres from 'postgres';
import type { WorkshopId } from '#shared/model/ids.ts';
import { guard } from '../errors.ts';
import type { FollowUpSessionStore } from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

const INSERT = `INSERT INTO follow_up_sessions (workshop_id, network_id, source_workshop_id,
	created_at) VALUES ($1, $2, $3, $4)`;
const SELECT = 'SELECT * FROM follow_up_sessions WHERE workshop_id = $1';

interface Row {
	workshop_id: string;
	network_id: string;
	source_workshop_id: string | null;
	created_at: string | number;
}

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

export function createFollowUpSessionStore(sql: postgres.Sql): FollowUpSessionStore {
	return {
		create: (r) =>
			run('followUps.create', async () => {
				await query(sql, INSERT, [r.workshopId, r.networkId, r.sourceWorkshopId, r.createdAt]);
			}),
		find: (workshopId) =>
			run('followUps.find', async () => {
				const [row] = await query<Row>(sql, SELECT, [workshopId]);
				if (!row) return null;
				return {
					workshopId: row.workshop_id as WorkshopId,
					networkId: row.network_id,
					sourceWorkshopId: row.source_workshop_id as WorkshopId | null,
					createdAt: Number(row.created_at)
				};
			})
	};
}
