import type { DatabaseSync } from 'node:sqlite';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { FollowUpSessionStore } from '../storage.ts';
import { runLater as run } from './sqlite.ts';

const INSERT = `INSERT INTO follow_up_sessions (workshop_id, network_id, source_workshop_id,
	created_at) VALUES (?, ?, ?, ?)`;
const SELECT = 'SELECT * FROM follow_up_sessions WHERE workshop_id = ?';

export function createFollowUpSessionStore(db: DatabaseSync): FollowUpSessionStore {
	const insert = db.prepare(INSERT);
	const select = db.prepare(SELECT);
	return {
		create: (r) =>
			run('followUps.create', () => {
				insert.run(r.workshopId, r.networkId, r.sourceWorkshopId, r.createdAt);
			}),
		find: (workshopId) =>
			run('followUps.find', () => {
				const row = select.get(workshopId);
				if (!row) return null;
				return {
					workshopId: String(row.workshop_id) as WorkshopId,
					networkId: String(row.network_id),
					sourceWorkshopId:
						row.source_workshop_id === null ? null : (String(row.source_workshop_id) as WorkshopId),
					createdAt: Number(row.created_at)
				};
			})
	};
}
