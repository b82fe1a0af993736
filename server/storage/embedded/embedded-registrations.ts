import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { ActorType } from '#shared/model/actor.ts';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import type {
	PreferredLanguage,
	PreTaskQuestion,
	RegistrationCode,
	RegistrationId
} from '#shared/model/registration.ts';
import type {
	RegistrationRecord,
	RegistrationSettingsRecord,
	RegistrationStore
} from '../storage.ts';
import { runLater as run, transaction } from './sqlite.ts';

type Row = Record<string, SQLOutputValue>;

const SELECT_SETTINGS = 'SELECT * FROM registration_settings WHERE workshop_id = ?';
const SELECT_SETTINGS_BY_CODE = 'SELECT * FROM registration_settings WHERE code = ?';
const UPSERT_SETTINGS = `INSERT INTO registration_settings
	(workshop_id, code, open, questions, updated_at) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (workshop_id) DO UPDATE SET code = excluded.code, open = excluded.open,
		questions = excluded.questions, updated_at = excluded.updated_at`;
const INSERT_REGISTRATION = `INSERT INTO registrations (id, workshop_id, token_hash, personal_code_hash,
	display_name, organisation, actor_type, language, name_with_answers, answers, created_at,
	participant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SELECT_BY_TOKEN = 'SELECT * FROM registrations WHERE token_hash = ?';
const SELECT_BY_CODE = 'SELECT * FROM registrations WHERE personal_code_hash = ?';
const SET_CODE = 'UPDATE registrations SET personal_code_hash = ? WHERE id = ?';
const SELECT_BY_WORKSHOP = `SELECT * FROM registrations WHERE workshop_id = ?
	ORDER BY created_at, id`;
const SELECT_UNARRIVED = 'SELECT 1 FROM registrations WHERE id = ? AND participant_id IS NULL';
const INSERT_PARTICIPANT = `INSERT INTO participants (id, workshop_id, display_name, organisation,
	actor_type, table_number, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const LINK_PARTICIPANT = 'UPDATE registrations SET participant_id = ? WHERE id = ?';
const DELETE_REGISTRATION = 'DELETE FROM registrations WHERE id = ?';
const SET_NO_SHOW = 'UPDATE registrations SET no_show_at = ? WHERE id = ?';

export function createRegistrationStore(db: DatabaseSync): RegistrationStore {
	const [selectSettings, selectSettingsByCode, upsertSettings, insert] = [
		SELECT_SETTINGS,
		SELECT_SETTINGS_BY_CODE,
		UPSERT_SETTINGS,
		INSERT_REGISTRATION
	].map((sql) => db.prepare(sql));
	const [byToken, byCode, setCode, byWorkshop, unarrived, insertParticipant, link, remove] = [
		SELECT_BY_TOKEN,
		SELECT_BY_CODE,
		SET_CODE,
		SELECT_BY_WORKSHOP,
		SELECT_UNARRIVED,
		INSERT_PARTICIPANT,
		LINK_PARTICIPANT,
		DELETE_REGISTRATION
	].map((sql) => db.prepare(sql));
	const setNoShow = db.prepare(SET_NO_SHOW);
	return {
		settings: (workshopId) =>
			run('registrations.settings', () => toSettings(selectSettings.get(workshopId))),
		settingsByCode: (code) =>
			run('registrations.settingsByCode', () => toSettings(selectSettingsByCode.get(code))),
		saveSettings: (record) =>
			run('registrations.saveSettings', () => {
				upsertSettings.run(
					record.workshopId,
					record.code,
					record.open ? 1 : 0,
					JSON.stringify(record.questions),
					record.updatedAt
				);
			}),
		create: (record) =>
			run('registrations.create', () => {
				insert.run(
					record.id,
					record.workshopId,
					record.tokenHash,
					record.personalCodeHash,
					record.displayName,
					record.organisation,
					record.actorType,
					record.language,
					record.nameWithAnswers ? 1 : 0,
					JSON.stringify(record.answers),
					record.createdAt,
					record.participantId
				);
			}),
		findByTokenHash: (hash) =>
			run('registrations.findByTokenHash', () => toRegistration(byToken.get(hash))),
		findByPersonalCodeHash: (hash) =>
			run('registrations.findByPersonalCodeHash', () => toRegistration(byCode.get(hash))),
		setPersonalCodeHash: (id, hash) =>
			run('registrations.setPersonalCodeHash', () => setCode.run(hash, id).changes > 0),
		listByWorkshop: (workshopId) =>
			run('registrations.listByWorkshop', () =>
				byWorkshop.all(workshopId).map((row) => toRegistration(row) as RegistrationRecord)
			),
		arrive: (id, participant) =>
			run('registrations.arrive', () =>
				transaction(
					db,
					() => {
						if (!unarrived.get(id)) return false;
						insertParticipant.run(
							participant.id,
							participant.workshopId,
							participant.displayName,
							participant.organisation,
							participant.actorType,
							participant.table,
							participant.joinedAt
						);
						link.run(participant.id, id);
						return true;
					},
					true
				)
			),
		delete: (id) => run('registrations.delete', () => remove.run(id).changes > 0),
		setNoShow: (id, at) => run('registrations.setNoShow', () => setNoShow.run(at, id).changes > 0)
	};
}

function toSettings(row: Row | undefined): RegistrationSettingsRecord | null {
	if (!row) return null;
	return {
		workshopId: String(row.workshop_id) as WorkshopId,
		code: String(row.code) as RegistrationCode,
		open: Number(row.open) === 1,
		questions: JSON.parse(String(row.questions)) as PreTaskQuestion[],
		updatedAt: Number(row.updated_at)
	};
}

function toRegistration(row: Row | undefined): RegistrationRecord | null {
	if (!row) return null;
	return {
		id: String(row.id) as RegistrationId,
		workshopId: String(row.workshop_id) as WorkshopId,
		tokenHash: String(row.token_hash),
		personalCodeHash: String(row.personal_code_hash),
		displayName: String(row.display_name),
		organisation: String(row.organisation),
		actorType: String(row.actor_type) as ActorType,
		language: String(row.language) as PreferredLanguage,
		nameWithAnswers: Number(row.name_with_answers) === 1,
		answers: JSON.parse(String(row.answers)) as Record<string, string>,
		createdAt: Number(row.created_at),
		participantId:
			row.participant_id === null ? null : (String(row.participant_id) as ParticipantId),
		noShowAt: row.no_show_at === null ? null : Number(row.no_show_at)
	};
}
