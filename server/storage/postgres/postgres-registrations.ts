import type postgres from 'postgres';
import type { ActorType } from '#shared/model/actor.ts';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import type {
	PreferredLanguage,
	PreTaskQuestion,
	RegistrationCode,
	RegistrationId
} from '#shared/model/registration.ts';
import { guard } from '../errors.ts';
import type {
	RegistrationRecord,
	RegistrationSettingsRecord,
	RegistrationStore
} from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

const SELECT_SETTINGS = 'SELECT * FROM registration_settings WHERE workshop_id = $1';
const SELECT_SETTINGS_BY_CODE = 'SELECT * FROM registration_settings WHERE code = $1';
const UPSERT_SETTINGS = `INSERT INTO registration_settings
	(workshop_id, code, open, questions, updated_at) VALUES ($1, $2, $3, $4::text::jsonb, $5)
	ON CONFLICT (workshop_id) DO UPDATE SET code = excluded.code, open = excluded.open,
		questions = excluded.questions, updated_at = excluded.updated_at`;
const INSERT_REGISTRATION = `INSERT INTO registrations (id, workshop_id, token_hash, personal_code_hash,
	display_name, organisation, actor_type, language, name_with_answers, answers, created_at,
	participant_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11, $12)`;
const SELECT_BY_TOKEN = 'SELECT * FROM registrations WHERE token_hash = $1';
const SELECT_BY_CODE = 'SELECT * FROM registrations WHERE personal_code_hash = $1';
const SET_CODE = 'UPDATE registrations SET personal_code_hash = $1 WHERE id = $2 RETURNING id';
const SELECT_BY_WORKSHOP = `SELECT * FROM registrations WHERE workshop_id = $1
	ORDER BY created_at, id`;
// FOR UPDATE: two devices opening the same personal link at once make one participant, not two.
const SELECT_UNARRIVED = `SELECT 1 FROM registrations WHERE id = $1 AND participant_id IS NULL
	FOR UPDATE`;
const INSERT_PARTICIPANT = `INSERT INTO participants (id, workshop_id, display_name, organisation,
	actor_type, table_number, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const LINK_PARTICIPANT = 'UPDATE registrations SET participant_id = $1 WHERE id = $2';
const DELETE_REGISTRATION = 'DELETE FROM registrations WHERE id = $1 RETURNING id';
const SET_NO_SHOW = 'UPDATE registrations SET no_show_at = $1 WHERE id = $2 RETURNING id';

interface SettingsRow {
	workshop_id: string;
	code: string;
	open: boolean;
	questions: PreTaskQuestion[];
	/** bigint arrives as a string. */
	updated_at: string;
}

interface RegistrationRow {
	id: string;
	workshop_id: string;
	token_hash: string;
	personal_code_hash: string;
	display_name: string;
	organisation: string;
	actor_type: string;
	language: string;
	name_with_answers: boolean;
	answers: Record<string, string>;
	created_at: string;
	participant_id: string | null;
	/** bigint arrives as a string. */
	no_show_at: string | null;
}

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

export function createRegistrationStore(sql: postgres.Sql): RegistrationStore {
	const one = async (text: string, value: string) =>
		toRegistration((await query<RegistrationRow>(sql, text, [value]))[0]);
	return {
		settings: (workshopId) =>
			run('registrations.settings', async () =>
				toSettings((await query<SettingsRow>(sql, SELECT_SETTINGS, [workshopId]))[0])
			),
		settingsByCode: (code) =>
			run('registrations.settingsByCode', async () =>
				toSettings((await query<SettingsRow>(sql, SELECT_SETTINGS_BY_CODE, [code]))[0])
			),
		saveSettings: (record) =>
			run('registrations.saveSettings', async () => {
				await query(sql, UPSERT_SETTINGS, [
					record.workshopId,
					record.code,
					record.open,
					JSON.stringify(record.questions),
					record.updatedAt
				]);
			}),
		create: (record) =>
			run('registrations.create', async () => {
				await query(sql, INSERT_REGISTRATION, [
					record.id,
					record.workshopId,
					record.tokenHash,
					record.personalCodeHash,
					record.displayName,
					record.organisation,
					record.actorType,
					record.language,
					record.nameWithAnswers,
					JSON.stringify(record.answers),
					record.createdAt,
					record.participantId
				]);
			}),
		findByTokenHash: (hash) =>
			run('registrations.findByTokenHash', () => one(SELECT_BY_TOKEN, hash)),
		findByPersonalCodeHash: (hash) =>
			run('registrations.findByPersonalCodeHash', () => one(SELECT_BY_CODE, hash)),
		setPersonalCodeHash: (id, hash) =>
			run(
				'registrations.setPersonalCodeHash',
				async () => (await query(sql, SET_CODE, [hash, id])).length > 0
			),
		listByWorkshop: (workshopId) =>
			run('registrations.listByWorkshop', async () =>
				(await query<RegistrationRow>(sql, SELECT_BY_WORKSHOP, [workshopId])).map(
					(row) => toRegistration(row) as RegistrationRecord
				)
			),
		arrive: (id, participant) =>
			run('registrations.arrive', () =>
				sql.begin(async (tx) => {
					if ((await query(tx, SELECT_UNARRIVED, [id])).length === 0) return false;
					await query(tx, INSERT_PARTICIPANT, [
						participant.id,
						participant.workshopId,
						participant.displayName,
						participant.organisation,
						participant.actorType,
						participant.table,
						participant.joinedAt
					]);
					await query(tx, LINK_PARTICIPANT, [participant.id, id]);
					return true;
				})
			),
		delete: (id) =>
			run(
				'registrations.delete',
				async () => (await query(sql, DELETE_REGISTRATION, [id])).length > 0
			),
		setNoShow: (id, at) =>
			run(
				'registrations.setNoShow',
				async () => (await query(sql, SET_NO_SHOW, [at, id])).length > 0
			)
	};
}

function toSettings(row: SettingsRow | undefined): RegistrationSettingsRecord | null {
	if (!row) return null;
	return {
		workshopId: row.workshop_id as WorkshopId,
		code: row.code as RegistrationCode,
		open: row.open,
		questions: row.questions,
		updatedAt: Number(row.updated_at)
	};
}

function toRegistration(row: RegistrationRow | undefined): RegistrationRecord | null {
	if (!row) return null;
	return {
		id: row.id as RegistrationId,
		workshopId: row.workshop_id as WorkshopId,
		tokenHash: row.token_hash,
		personalCodeHash: row.personal_code_hash,
		displayName: row.display_name,
		organisation: row.organisation,
		actorType: row.actor_type as ActorType,
		language: row.language as PreferredLanguage,
		nameWithAnswers: row.name_with_answers,
		answers: row.answers,
		createdAt: Number(row.created_at),
		participantId: row.participant_id as ParticipantId | null,
		noShowAt: row.no_show_at === null ? null : Number(row.no_show_at)
	};
}
