import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type {
	FacilitatorRole,
	ParticipantRecord,
	ParticipantStore,
	SessionStore,
	SettingStore,
	UserRecord,
	UserStore,
	WorkshopRecord,
	WorkshopStore
} from '../storage.ts';
import { FACILITATOR_ROLES } from '../storage.ts';
import { runLater as run, transaction } from './sqlite.ts';

type Row = Record<string, SQLOutputValue>;

const INSERT_USER = `INSERT INTO users (id, email, display_name, password_hash, created_at)
	VALUES (?, ?, ?, ?, ?)`;
const SELECT_USER_BY_EMAIL = 'SELECT * FROM users WHERE email = ?';
const SELECT_USER_BY_ID = 'SELECT * FROM users WHERE id = ?';

const INSERT_SESSION = 'INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)';
const SELECT_LIVE_SESSION = 'SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?';
const DELETE_SESSION = 'DELETE FROM sessions WHERE token_hash = ?';
const DELETE_EXPIRED_SESSIONS = 'DELETE FROM sessions WHERE expires_at <= ?';

const INSERT_WORKSHOP = `INSERT INTO workshops (id, title, locality, date, duration, join_code,
	table_count, tables_see_each_other, state, created_by, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SELECT_WORKSHOP_BY_ID = 'SELECT * FROM workshops WHERE id = ?';
const SELECT_WORKSHOP_BY_JOIN_CODE = 'SELECT * FROM workshops WHERE join_code = ?';
const SELECT_WORKSHOPS_FOR_FACILITATOR = `SELECT w.* FROM workshops w
	JOIN workshop_facilitators f ON f.workshop_id = w.id
	WHERE f.user_id = ? ORDER BY w.date DESC, w.created_at DESC, w.id`;
const INSERT_FACILITATOR = `INSERT INTO workshop_facilitators (workshop_id, user_id, role)
	VALUES (?, ?, ?)`;
const SELECT_FACILITATOR_ROLE = `SELECT role FROM workshop_facilitators
	WHERE workshop_id = ? AND user_id = ?`;
const SELECT_FACILITATORS = `SELECT u.id, u.email, u.display_name, f.role
	FROM workshop_facilitators f JOIN users u ON u.id = f.user_id
	WHERE f.workshop_id = ? ORDER BY f.role = 'owner' DESC, u.email`;
// The revision lives inside the JSON; comparing it in the WHERE makes the write a compare-and-set.
const UPDATE_WORKSHOP_STATE = `UPDATE workshops SET state = ?
	WHERE id = ? AND json_extract(state, '$.revision') = ?`;

const INSERT_PARTICIPANT = `INSERT INTO participants (id, workshop_id, display_name, organisation,
	actor_type, table_number, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const SELECT_PARTICIPANT_BY_ID = 'SELECT * FROM participants WHERE id = ?';
const SELECT_PARTICIPANTS_BY_WORKSHOP = `SELECT * FROM participants WHERE workshop_id = ?
	ORDER BY joined_at, id`;
const UPDATE_PARTICIPANT_TABLE = 'UPDATE participants SET table_number = ? WHERE id = ?';

const SELECT_SETTING = 'SELECT value FROM settings WHERE key = ?';
const INSERT_SETTING_IF_ABSENT =
	'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING';

export function createUserStore(db: DatabaseSync): UserStore {
	const insert = db.prepare(INSERT_USER);
	const byEmail = db.prepare(SELECT_USER_BY_EMAIL);
	const byId = db.prepare(SELECT_USER_BY_ID);
	return {
		create: (u) =>
			run('users.create', () => {
				insert.run(u.id, u.email, u.displayName, u.passwordHash, u.createdAt);
			}),
		findByEmail: (email) => run('users.findByEmail', () => toUser(byEmail.get(email))),
		findById: (id) => run('users.findById', () => toUser(byId.get(id)))
	};
}

export function createSessionStore(db: DatabaseSync): SessionStore {
	const insert = db.prepare(INSERT_SESSION);
	const live = db.prepare(SELECT_LIVE_SESSION);
	const remove = db.prepare(DELETE_SESSION);
	const removeExpired = db.prepare(DELETE_EXPIRED_SESSIONS);
	return {
		create: (s) =>
			run('sessions.create', () => {
				insert.run(s.tokenHash, s.userId, s.expiresAt);
			}),
		find: (tokenHash, now) =>
			run('sessions.find', () => {
				const row = live.get(tokenHash, now);
				if (!row) return null;
				return {
					tokenHash: String(row.token_hash),
					userId: String(row.user_id) as UserId,
					expiresAt: Number(row.expires_at)
				};
			}),
		delete: (tokenHash) =>
			run('sessions.delete', () => {
				remove.run(tokenHash);
			}),
		deleteExpired: (now) =>
			run('sessions.deleteExpired', () => Number(removeExpired.run(now).changes))
	};
}

export function createWorkshopStore(db: DatabaseSync): WorkshopStore {
	const insert = db.prepare(INSERT_WORKSHOP);
	const byId = db.prepare(SELECT_WORKSHOP_BY_ID);
	const byJoinCode = db.prepare(SELECT_WORKSHOP_BY_JOIN_CODE);
	const forFacilitator = db.prepare(SELECT_WORKSHOPS_FOR_FACILITATOR);
	const insertFacilitator = db.prepare(INSERT_FACILITATOR);
	const role = db.prepare(SELECT_FACILITATOR_ROLE);
	const facilitators = db.prepare(SELECT_FACILITATORS);
	const updateState = db.prepare(UPDATE_WORKSHOP_STATE);
	return {
		create: (w) =>
			run('workshops.create', () =>
				transaction(db, () => {
					insert.run(
						w.id,
						w.title,
						w.locality,
						w.date,
						w.duration,
						w.joinCode,
						w.tableCount,
						w.tablesSeeEachOther ? 1 : 0,
						JSON.stringify(w.state),
						w.createdBy,
						w.createdAt
					);
					insertFacilitator.run(w.id, w.createdBy, FACILITATOR_ROLES.owner);
				})
			),
		findById: (id) => run('workshops.findById', () => toWorkshop(byId.get(id))),
		findByJoinCode: (code) =>
			run('workshops.findByJoinCode', () => toWorkshop(byJoinCode.get(code))),
		listForFacilitator: (userId) =>
			run('workshops.listForFacilitator', () =>
				forFacilitator.all(userId).map((row) => toWorkshop(row) as WorkshopRecord)
			),
		facilitatorRole: (workshopId, userId) =>
			run('workshops.facilitatorRole', () => {
				const row = role.get(workshopId, userId);
				return row ? (String(row.role) as FacilitatorRole) : null;
			}),
		addFacilitator: (workshopId, userId, facilitatorRole) =>
			run('workshops.addFacilitator', () => {
				insertFacilitator.run(workshopId, userId, facilitatorRole);
			}),
		listFacilitators: (workshopId) =>
			run('workshops.listFacilitators', () =>
				facilitators.all(workshopId).map((row) => ({
					userId: String(row.id) as UserId,
					email: String(row.email),
					displayName: String(row.display_name),
					role: String(row.role) as FacilitatorRole
				}))
			),
		saveState: (id, state) =>
			run('workshops.saveState', () => {
				const result = updateState.run(JSON.stringify(state), id, state.revision - 1);
				return Number(result.changes) === 1;
			})
	};
}

export function createParticipantStore(db: DatabaseSync): ParticipantStore {
	const insert = db.prepare(INSERT_PARTICIPANT);
	const byId = db.prepare(SELECT_PARTICIPANT_BY_ID);
	const byWorkshop = db.prepare(SELECT_PARTICIPANTS_BY_WORKSHOP);
	const updateTable = db.prepare(UPDATE_PARTICIPANT_TABLE);
	return {
		create: (p) =>
			run('participants.create', () => {
				insert.run(
					p.id,
					p.workshopId,
					p.displayName,
					p.organisation,
					p.actorType,
					p.table,
					p.joinedAt
				);
			}),
		findById: (id) => run('participants.findById', () => toParticipant(byId.get(id))),
		listByWorkshop: (workshopId) =>
			run('participants.listByWorkshop', () =>
				byWorkshop.all(workshopId).map((row) => toParticipant(row) as ParticipantRecord)
			),
		setTable: (id, table) =>
			run('participants.setTable', () => {
				if (Number(updateTable.run(table, id).changes) === 0) {
					throw new RajapintaError('not_found', `participants.setTable: no participant ${id}`);
				}
			})
	};
}

export function createSettingStore(db: DatabaseSync): SettingStore {
	const select = db.prepare(SELECT_SETTING);
	const insertIfAbsent = db.prepare(INSERT_SETTING_IF_ABSENT);
	const get = (key: string) => {
		const row = select.get(key);
		return row ? String(row.value) : null;
	};
	return {
		get: (key) => run('settings.get', () => get(key)),
		getOrCreate: (key, value) =>
			run('settings.getOrCreate', () => {
				insertIfAbsent.run(key, value);
				return get(key) as string;
			})
	};
}

function toUser(row: Row | undefined): UserRecord | null {
	if (!row) return null;
	return {
		id: String(row.id) as UserId,
		email: String(row.email),
		displayName: String(row.display_name),
		passwordHash: String(row.password_hash),
		createdAt: Number(row.created_at)
	};
}

function toWorkshop(row: Row | undefined): WorkshopRecord | null {
	if (!row) return null;
	return {
		id: String(row.id) as WorkshopId,
		title: String(row.title),
		locality: String(row.locality),
		date: String(row.date),
		duration: String(row.duration) as WorkshopDuration,
		joinCode: String(row.join_code) as JoinCode,
		tableCount: Number(row.table_count),
		tablesSeeEachOther: Number(row.tables_see_each_other) === 1,
		state: JSON.parse(String(row.state)),
		createdBy: String(row.created_by) as UserId,
		createdAt: Number(row.created_at)
	};
}

export function toParticipant(row: Row | undefined): ParticipantRecord | null {
	if (!row) return null;
	return {
		id: String(row.id) as ParticipantId,
		workshopId: String(row.workshop_id) as WorkshopId,
		displayName: row.display_name === null ? null : String(row.display_name),
		organisation: String(row.organisation),
		actorType: String(row.actor_type) as ActorType,
		table: Number(row.table_number),
		joinedAt: Number(row.joined_at)
	};
}
