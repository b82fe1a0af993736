import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { UserId } from '#shared/model/ids.ts';
import type { WorkshopTemplate } from '#shared/model/workshop-template.ts';
import type { FacilitatorTemplateRecord, TemplateStore } from '../storage.ts';
import { runLater as run } from './sqlite.ts';

const INSERT_TEMPLATE = `INSERT INTO facilitator_templates (id, owner_id, template, created_at)
	VALUES (?, ?, ?, ?)`;
const SELECT_TEMPLATES_BY_OWNER = `SELECT * FROM facilitator_templates WHERE owner_id = ?
	ORDER BY created_at DESC, id`;
const SELECT_TEMPLATE_BY_ID = 'SELECT * FROM facilitator_templates WHERE id = ?';
const DELETE_TEMPLATE = 'DELETE FROM facilitator_templates WHERE id = ? AND owner_id = ?';

export function createTemplateStore(db: DatabaseSync): TemplateStore {
	const insert = db.prepare(INSERT_TEMPLATE);
	const byOwner = db.prepare(SELECT_TEMPLATES_BY_OWNER);
	const byId = db.prepare(SELECT_TEMPLATE_BY_ID);
	const remove = db.prepare(DELETE_TEMPLATE);
	return {
		create: (t) =>
			run('templates.create', () => {
				insert.run(t.id, t.ownerId, JSON.stringify(t.template), t.createdAt);
			}),
		listByOwner: (ownerId) =>
			run('templates.listByOwner', () => byOwner.all(ownerId).map(toTemplate)),
		findById: (id) =>
			run('templates.findById', () => {
				const row = byId.get(id);
				return row ? toTemplate(row) : null;
			}),
		delete: (id, ownerId) =>
			run('templates.delete', () => Number(remove.run(id, ownerId).changes) > 0)
	};
}

function toTemplate(row: Record<string, SQLOutputValue>): FacilitatorTemplateRecord {
	return {
		id: row.id as string,
		ownerId: row.owner_id as UserId,
		template: JSON.parse(row.template as string) as WorkshopTemplate,
		createdAt: Number(row.created_at)
	};
}
