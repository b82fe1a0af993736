import type postgres from 'postgres';
import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { guard } from '../errors.ts';
import type {
	FacilitatorRole,
	ParticipantRecord,
	ParticipantStore,
	SessionStore,
	SettingStore,
	StoredWorkshopState,
	UserRecord,
	UserStore,
	WorkshopRecord,
	WorkshopStore
} from '../storage.ts';
import { FACILITATOR_ROLES } from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

/** bigint columns arrive as strings (they may exceed 2^53); epoch ms never do, so Number() is safe. */
type Int8 = string;

interface UserRow {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	created_at: Int8;
}
interface WorkshopRow {
	id: string;
	title: string;
	locality: string;
	date: string;
	duration: string;
	join_code: string;
	table_count: number;
	tables_see_each_other: boolean;
	state: StoredWorkshopState;
	created_by: string;
	created_at: Int8;
}
export interface ParticipantRow {
	id: string;
	workshop_id: string;
	display_name: string | null;
	organisation: string;
	actor_type: string;
	table_number: number;
	joined_at: Int8;
}

const INSERT_USER = `INSERT INTO users (id, email, display_name, password_hash, created_at)
	VALUES ($1, $2, $3, $4, $5)`;
const SELECT_USER_BY_EMAIL = 'SELECT * FROM users WHERE email = $1';
const SELECT_USER_BY_ID = 'SELECT * FROM users WHERE id = $1';

const INSERT_SESSION = 'INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)';
const SELECT_LIVE_SESSION = `SELECT token_hash, user_id, expires_at FROM sessions
	WHERE token_hash = $1 AND expires_at > $2`;
const DELETE_SESSION = 'DELETE FROM sessions WHERE token_hash = $1';
const DELETE_EXPIRED_SESSIONS = 'DELETE FROM sessions WHERE expires_at <= $1';

const INSERT_WORKSHOP = `INSERT INTO workshops (id, title, locality, date, duration, join_code,
	table_count, tables_see_each_other, state, created_by, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11)`;
const SELECT_WORKSHOP_BY_ID = 'SELECT * FROM workshops WHERE id = $1';
const SELECT_WORKSHOP_BY_JOIN_CODE = 'SELECT * FROM workshops WHERE join_code = $1';
const SELECT_WORKSHOPS_FOR_FACILITATOR = `SELECT w.* FROM workshops w
	JOIN workshop_facilitators f ON f.workshop_id = w.id
	WHERE f.user_id = $1 ORDER BY w.date DESC, w.created_at DESC, w.id`;
const INSERT_FACILITATOR = `INSERT INTO workshop_facilitators (workshop_id, user_id, role)
	VALUES ($1, $2, $3)`;
const SELECT_FACILITATOR_ROLE = `SELECT role FROM workshop_facilitators
	WHERE workshop_id = $1 AND user_id = $2`;
const SELECT_FACILITATORS = `SELECT u.id, u.email, u.display_name, f.role
	FROM workshop_facilitators f JOIN users u ON u.id = f.user_id
	WHERE f.workshop_id = $1 ORDER BY f.role = 'owner' DESC, u.email`;
// The revision lives inside the JSON; comparing it in the WHERE makes the write a compare-and-set.
const UPDATE_WORKSHOP_STATE = `UPDATE workshops SET state = $1::text::jsonb
	WHERE id = $2 AND (state->>'revision')::bigint = $3`;

const INSERT_PARTICIPANT = `INSERT INTO participants (id, workshop_id, display_name, organisation,
	actor_type, table_number, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const SELECT_PARTICIPANT_BY_ID = 'SELECT * FROM participants WHERE id = $1';
const SELECT_PARTICIPANTS_BY_WORKSHOP = `SELECT * FROM participants WHERE workshop_id = $1
	ORDER BY joined_at, id`;
const UPDATE_PARTICIPANT_TABLE = 'UPDATE participants SET table_number = $1 WHERE id = $2';

const SELECT_SETTING = 'SELECT value FROM settings WHERE key = $1';
const INSERT_SETTING_IF_ABSENT = `INSERT INTO settings (key, value) VALUES ($1, $2)
	ON CONFLICT (key) DO NOTHING`;

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

export function createUserStore(sql: postgres.Sql): UserStore {
	return {
		create: (u) =>
			run('users.create', async () => {
				await query(sql, INSERT_USER, [u.id, u.email, u.displayName, u.passwordHash, u.createdAt]);
			}),
		findByEmail: (email) =>
			run('users.findByEmail', async () =>
				toUser(await query<UserRow>(sql, SELECT_USER_BY_EMAIL, [email]))
			),
		findById: (id) =>
			run('users.findById', async () => toUser(await query<UserRow>(sql, SELECT_USER_BY_ID, [id])))
	};
}

export function createSessionStore(sql: postgres.Sql): SessionStore {
	return {
		create: (s) =>
			run('sessions.create', async () => {
				await query(sql, INSERT_SESSION, [s.tokenHash, s.userId, s.expiresAt]);
			}),
		find: (tokenHash, now) =>
			run('sessions.find', async () => {
				const [row] = await query<{ token_hash: string; user_id: string; expires_at: Int8 }>(
					sql,
					SELECT_LIVE_SESSION,
					[tokenHash, now]
				);
				if (!row) return null;
				return {
					tokenHash: row.token_hash,
					userId: row.user_id as UserId,
					expiresAt: Number(row.expires_at)
				};
			}),
		delete: (tokenHash) =>
			run('sessions.delete', async () => {
				await query(sql, DELETE_SESSION, [tokenHash]);
			}),
		deleteExpired: (now) =>
			run('sessions.deleteExpired', async () => {
				const result = await sql.unsafe(DELETE_EXPIRED_SESSIONS, [now], { prepare: true });
				return result.count;
			})
	};
}

export function createWorkshopStore(sql: postgres.Sql): WorkshopStore {
	return {
		create: (w) =>
			run('workshops.create', () =>
				sql.begin(async (tx) => {
					await query(tx, INSERT_WORKSHOP, [
						w.id,
						w.title,
						w.locality,
						w.date,
						w.duration,
						w.joinCode,
						w.tableCount,
						w.tablesSeeEachOther,
						JSON.stringify(w.state),
						w.createdBy,
						w.createdAt
					]);
					await query(tx, INSERT_FACILITATOR, [w.id, w.createdBy, FACILITATOR_ROLES.owner]);
				})
			),
		findById: (id) =>
			run('workshops.findById', async () =>
				toWorkshop(await query<WorkshopRow>(sql, SELECT_WORKSHOP_BY_ID, [id]))
			),
		findByJoinCode: (code) =>
			run('workshops.findByJoinCode', async () =>
				toWorkshop(await query<WorkshopRow>(sql, SELECT_WORKSHOP_BY_JOIN_CODE, [code]))
			),
		listForFacilitator: (userId) =>
			run('workshops.listForFacilitator', async () => {
				const rows = await query<WorkshopRow>(sql, SELECT_WORKSHOPS_FOR_FACILITATOR, [userId]);
				return rows.map((row) => toWorkshop([row]) as WorkshopRecord);
			}),
		facilitatorRole: (workshopId, userId) =>
			run('workshops.facilitatorRole', async () => {
				const [row] = await query<{ role: FacilitatorRole }>(sql, SELECT_FACILITATOR_ROLE, [
					workshopId,
					userId
				]);
				return row?.role ?? null;
			}),
		addFacilitator: (workshopId, userId, role) =>
			run('workshops.addFacilitator', async () => {
				await query(sql, INSERT_FACILITATOR, [workshopId, userId, role]);
			}),
		listFacilitators: (workshopId) =>
			run('workshops.listFacilitators', async () => {
				const rows = await query<{
					id: UserId;
					email: string;
					display_name: string;
					role: FacilitatorRole;
				}>(sql, SELECT_FACILITATORS, [workshopId]);
				return rows.map((row) => ({
					userId: row.id,
					email: row.email,
					displayName: row.display_name,
					role: row.role
				}));
			}),
		saveState: (id, state) =>
			run('workshops.saveState', async () => {
				const result = await sql.unsafe(
					UPDATE_WORKSHOP_STATE,
					[JSON.stringify(state), id, state.revision - 1],
					{ prepare: true }
				);
				return result.count === 1;
			})
	};
}

export function createParticipantStore(sql: postgres.Sql): ParticipantStore {
	return {
		create: (p) =>
			run('participants.create', async () => {
				await query(sql, INSERT_PARTICIPANT, [
					p.id,
					p.workshopId,
					p.displayName,
					p.organisation,
					p.actorType,
					p.table,
					p.joinedAt
				]);
			}),
		findById: (id) =>
			run('participants.findById', async () =>
				toParticipant(await query<ParticipantRow>(sql, SELECT_PARTICIPANT_BY_ID, [id]))
			),
		listByWorkshop: (workshopId) =>
			run('participants.listByWorkshop', async () => {
				const rows = await query<ParticipantRow>(sql, SELECT_PARTICIPANTS_BY_WORKSHOP, [
					workshopId
				]);
				return rows.map((row) => toParticipant([row]) as ParticipantRecord);
			}),
		setTable: (id, table) =>
			run('participants.setTable', async () => {
				const result = await sql.unsafe(UPDATE_PARTICIPANT_TABLE, [table, id], { prepare: true });
				if (result.count === 0) {
					throw new RajapintaError('not_found', `participants.setTable: no participant ${id}`);
				}
			})
	};
}

export function createSettingStore(sql: postgres.Sql): SettingStore {
	const get = async (key: string) => {
		const [row] = await query<{ value: string }>(sql, SELECT_SETTING, [key]);
		return row?.value ?? null;
	};
	return {
		get: (key) => run('settings.get', () => get(key)),
		getOrCreate: (key, value) =>
			run('settings.getOrCreate', async () => {
				await query(sql, INSERT_SETTING_IF_ABSENT, [key, value]);
				return (await get(key)) as string;
			})
	};
}

function toUser([row]: UserRow[]): UserRecord | null {
	if (!row) return null;
	return {
		id: row.id as UserId,
		email: row.email,
		displayName: row.display_name,
		passwordHash: row.password_hash,
		createdAt: Number(row.created_at)
	};
}

function toWorkshop([row]: WorkshopRow[]): WorkshopRecord | null {
	if (!row) return null;
	return {
		id: row.id as WorkshopId,
		title: row.title,
		locality: row.locality,
		date: row.date,
		duration: row.duration as WorkshopDuration,
		joinCode: row.join_code as JoinCode,
		tableCount: row.table_count,
		tablesSeeEachOther: row.tables_see_each_other,
		state: row.state,
		createdBy: row.created_by as UserId,
		createdAt: Number(row.created_at)
	};
}

export function toParticipant([row]: ParticipantRow[]): ParticipantRecord | null {
	if (!row) return null;
	return {
		id: row.id as ParticipantId,
		workshopId: row.workshop_id as WorkshopId,
		displayName: row.display_name,
		organisation: row.organisation,
		actorType: row.actor_type as ActorType,
		table: row.table_number,
		joinedAt: Number(row.joined_at)
	};
}
