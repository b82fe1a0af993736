import type postgres from 'postgres';
import type { UserId } from '#shared/model/ids.ts';
import type { WorkshopTemplate } from '#shared/model/workshop-template.ts';
import { guard } from '../errors.ts';
import type { FacilitatorTemplateRecord, TemplateStore } from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

interface TemplateRow {
	id: string;
	owner_id: string;
	template: WorkshopTemplate;
	/** bigint arrives as a string; epoch ms fit a number. */
	created_at: string;
}

const INSERT_TEMPLATE = `INSERT INTO facilitator_templates (id, owner_id, template, created_at)
	VALUES ($1, $2, $3::text::jsonb, $4)`;
const SELECT_TEMPLATES_BY_OWNER = `SELECT * FROM facilitator_templates WHERE owner_id = $1
	ORDER BY created_at DESC, id`;
const SELECT_TEMPLATE_BY_ID = 'SELECT * FROM facilitator_templates WHERE id = $1';
const DELETE_TEMPLATE =
	'DELETE FROM facilitator_templates WHERE id = $1 AND owner_id = $2 RETURNING id';

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

export function createTemplateStore(sql: postgres.Sql): TemplateStore {
	return {
		create: (t) =>
			run('templates.create', async () => {
				await query(sql, INSERT_TEMPLATE, [
					t.id,
					t.ownerId,
					JSON.stringify(t.template),
					t.createdAt
				]);
			}),
		listByOwner: (ownerId) =>
			run('templates.listByOwner', async () =>
				(await query<TemplateRow>(sql, SELECT_TEMPLATES_BY_OWNER, [ownerId])).map(toTemplate)
			),
		findById: (id) =>
			run('templates.findById', async () => {
				const [row] = await query<TemplateRow>(sql, SELECT_TEMPLATE_BY_ID, [id]);
				return row ? toTemplate(row) : null;
			}),
		delete: (id, ownerId) =>
			run(
				'templates.delete',
				async () => (await query(sql, DELETE_TEMPLATE, [id, ownerId])).length > 0
			)
	};
}

function toTemplate(row: TemplateRow): FacilitatorTemplateRecord {
	return {
		id: row.id,
		ownerId: row.owner_id as UserId,
		template: row.template,
		createdAt: Number(row.created_at)
	};
}
