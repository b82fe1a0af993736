import type postgres from 'postgres';
import type { ActorType } from '#shared/model/actor.ts';
import type { CommitmentStatus } from '#shared/model/commitment.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { guard } from '../errors.ts';
import type {
	CommitmentRecord,
	CommitmentStore,
	FollowUpRecord,
	NetworkRecord,
	NetworkStore
} from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

type Row = Record<string, unknown>;

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

// One statement for count and insert; under READ COMMITTED two concurrent inserts at the cap may
// both pass (one commitment over the cap at worst), which the cap tolerates.
const INSERT_COMMITMENT_CAPPED = `INSERT INTO commitments (id, workshop_id, table_number, what,
	owner_actor_type, named_person, due, first_step, status, agreed, created_at, updated_at)
	SELECT $1, $2, $3::integer, $4, $5, $6, $7, $8, $9, $10, $11, $12
	WHERE (SELECT count(*) FROM commitments
		WHERE workshop_id = $2 AND table_number IS NOT DISTINCT FROM $3::integer) < $13
	RETURNING id`;
const SELECT_WORKSHOP_EXISTS = 'SELECT 1 AS found FROM workshops WHERE id = $1';
const SELECT_COMMITMENT = 'SELECT * FROM commitments WHERE id = $1';
const SELECT_COMMITMENTS_BY_WORKSHOP = `SELECT * FROM commitments WHERE workshop_id = $1
	ORDER BY table_number IS NULL, table_number, created_at, id`;
const UPDATE_COMMITMENT = `UPDATE commitments SET what = $1, owner_actor_type = $2,
	named_person = $3, due = $4, first_step = $5, agreed = $6, updated_at = $7
	WHERE workshop_id = $8 AND id = $9 RETURNING *`;
const DELETE_COMMITMENT = 'DELETE FROM commitments WHERE workshop_id = $1 AND id = $2 RETURNING id';
const INSERT_FOLLOW_UP = `INSERT INTO commitment_follow_ups (id, commitment_id, status, date, note,
	author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const UPDATE_COMMITMENT_STATUS =
	'UPDATE commitments SET status = $1, updated_at = $2 WHERE id = $3';
const SELECT_FOLLOW_UPS = `SELECT f.*, u.display_name AS author_name FROM commitment_follow_ups f
	JOIN users u ON u.id = f.author_id WHERE f.commitment_id = $1 ORDER BY f.created_at, f.id`;

export function createCommitmentStore(sql: postgres.Sql): CommitmentStore {
	return {
		create: (c, { maxPerTable }) =>
			run('commitments.create', async () => {
				const [exists] = await query(sql, SELECT_WORKSHOP_EXISTS, [c.workshopId]);
				if (!exists) throw new RajapintaError('not_found', 'commitments.create: unknown workshop');
				const rows = await query(sql, INSERT_COMMITMENT_CAPPED, [
					c.id,
					c.workshopId,
					c.table,
					c.what,
					c.ownerActorType,
					c.namedPerson,
					c.due,
					c.firstStep,
					c.status,
					c.agreed,
					c.createdAt,
					c.updatedAt,
					maxPerTable
				]);
				return rows.length > 0;
			}),
		findById: (id) =>
			run('commitments.findById', async () => {
				const [row] = await query(sql, SELECT_COMMITMENT, [id]);
				return row ? toCommitment(row) : null;
			}),
		listByWorkshop: (workshopId) =>
			run('commitments.listByWorkshop', async () =>
				(await query(sql, SELECT_COMMITMENTS_BY_WORKSHOP, [workshopId])).map(toCommitment)
			),
		update: (workshopId, id, e) =>
			run('commitments.update', async () => {
				const [row] = await query(sql, UPDATE_COMMITMENT, [
					e.what,
					e.ownerActorType,
					e.namedPerson,
					e.due,
					e.firstStep,
					e.agreed,
					e.updatedAt,
					workshopId,
					id
				]);
				return row ? toCommitment(row) : null;
			}),
		delete: (workshopId, id) =>
			run(
				'commitments.delete',
				async () => (await query(sql, DELETE_COMMITMENT, [workshopId, id])).length > 0
			),
		addFollowUp: (f) =>
			run('commitments.addFollowUp', async () => {
				await sql.begin(async (tx) => {
					await query(tx, INSERT_FOLLOW_UP, [
						f.id,
						f.commitmentId,
						f.status,
						f.date,
						f.note,
						f.authorId,
						f.createdAt
					]);
					await query(tx, UPDATE_COMMITMENT_STATUS, [f.status, f.createdAt, f.commitmentId]);
				});
			}),
		listFollowUps: (commitmentId) =>
			run('commitments.listFollowUps', async () =>
				(await query(sql, SELECT_FOLLOW_UPS, [commitmentId])).map((row) => ({
					...toFollowUp(row),
					authorName: row.author_name as string
				}))
			)
	};
}

function toCommitment(row: Row): CommitmentRecord {
	return {
		id: row.id as string,
		workshopId: row.workshop_id as WorkshopId,
		table: row.table_number === null ? null : Number(row.table_number),
		what: row.what as string,
		ownerActorType: row.owner_actor_type as ActorType,
		namedPerson: (row.named_person as string | null) ?? null,
		due: (row.due as string | null) ?? null,
		firstStep: row.first_step as string,
		status: row.status as CommitmentStatus,
		agreed: row.agreed === true,
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at)
	};
}

function toFollowUp(row: Row): FollowUpRecord {
	return {
		id: row.id as string,
		commitmentId: row.commitment_id as string,
		status: row.status as CommitmentStatus,
		date: row.date as string,
		note: row.note as string,
		authorId: row.author_id as UserId,
		createdAt: Number(row.created_at)
	};
}

const INSERT_NETWORK =
	'INSERT INTO networks (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)';
const INSERT_MEMBER =
	'INSERT INTO network_members (network_id, user_id, added_at) VALUES ($1, $2, $3)';
const SELECT_NETWORK = 'SELECT * FROM networks WHERE id = $1';
const SELECT_NETWORKS_FOR_MEMBER = `SELECT n.* FROM networks n
	JOIN network_members m ON m.network_id = n.id WHERE m.user_id = $1 ORDER BY n.name, n.id`;
const SELECT_IS_MEMBER =
	'SELECT 1 AS found FROM network_members WHERE network_id = $1 AND user_id = $2';
const SELECT_MEMBERS = `SELECT m.user_id, m.added_at, u.display_name, u.email FROM network_members m
	JOIN users u ON u.id = m.user_id WHERE m.network_id = $1 ORDER BY m.added_at, u.email`;
const INSERT_LOCALITY = `INSERT INTO network_localities (network_id, locality) VALUES ($1, $2)
	ON CONFLICT DO NOTHING`;
const DELETE_LOCALITY = `DELETE FROM network_localities WHERE network_id = $1 AND locality = $2
	RETURNING locality`;
const SELECT_LOCALITIES = `SELECT locality FROM network_localities WHERE network_id = $1
	ORDER BY locality`;
const INSERT_SHARE = `INSERT INTO network_workshops (network_id, workshop_id, shared_by, shared_at)
	VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`;
const DELETE_SHARE = `DELETE FROM network_workshops WHERE network_id = $1 AND workshop_id = $2
	RETURNING workshop_id`;
const SELECT_SHARED_IDS = `SELECT w.id FROM network_workshops s JOIN workshops w ON w.id = s.workshop_id
	WHERE s.network_id = $1 ORDER BY w.date DESC, w.created_at DESC`;
const SELECT_NETWORKS_OF_WORKSHOP = `SELECT n.* FROM networks n
	JOIN network_workshops s ON s.network_id = n.id WHERE s.workshop_id = $1 ORDER BY n.name, n.id`;
const SELECT_MEMBER_SEES = `SELECT 1 AS found FROM network_workshops s
	JOIN network_members m ON m.network_id = s.network_id
	WHERE s.workshop_id = $1 AND m.user_id = $2 LIMIT 1`;

export function createNetworkStore(sql: postgres.Sql): NetworkStore {
	return {
		create: (n) =>
			run('networks.create', async () => {
				await sql.begin(async (tx) => {
					await query(tx, INSERT_NETWORK, [n.id, n.name, n.createdBy, n.createdAt]);
					await query(tx, INSERT_MEMBER, [n.id, n.createdBy, n.createdAt]);
				});
			}),
		findById: (id) =>
			run('networks.findById', async () => {
				const [row] = await query(sql, SELECT_NETWORK, [id]);
				return row ? toNetwork(row) : null;
			}),
		listForMember: (userId) =>
			run('networks.listForMember', async () =>
				(await query(sql, SELECT_NETWORKS_FOR_MEMBER, [userId])).map(toNetwork)
			),
		isMember: (networkId, userId) =>
			run(
				'networks.isMember',
				async () => (await query(sql, SELECT_IS_MEMBER, [networkId, userId])).length > 0
			),
		addMember: (networkId, userId, addedAt) =>
			run('networks.addMember', async () => {
				await query(sql, INSERT_MEMBER, [networkId, userId, addedAt]);
			}),
		listMembers: (networkId) =>
			run('networks.listMembers', async () =>
				(await query(sql, SELECT_MEMBERS, [networkId])).map((row) => ({
					userId: row.user_id as UserId,
					displayName: row.display_name as string,
					email: row.email as string,
					addedAt: Number(row.added_at)
				}))
			),
		addLocality: (networkId, locality) =>
			run('networks.addLocality', async () => {
				await query(sql, INSERT_LOCALITY, [networkId, locality]);
			}),
		removeLocality: (networkId, locality) =>
			run(
				'networks.removeLocality',
				async () => (await query(sql, DELETE_LOCALITY, [networkId, locality])).length > 0
			),
		listLocalities: (networkId) =>
			run('networks.listLocalities', async () =>
				(await query(sql, SELECT_LOCALITIES, [networkId])).map((row) => row.locality as string)
			),
		shareWorkshop: (networkId, workshopId, sharedBy, at) =>
			run('networks.shareWorkshop', async () => {
				await query(sql, INSERT_SHARE, [networkId, workshopId, sharedBy, at]);
			}),
		unshareWorkshop: (networkId, workshopId) =>
			run(
				'networks.unshareWorkshop',
				async () => (await query(sql, DELETE_SHARE, [networkId, workshopId])).length > 0
			),
		listWorkshopIds: (networkId) =>
			run('networks.listWorkshopIds', async () =>
				(await query(sql, SELECT_SHARED_IDS, [networkId])).map((row) => row.id as WorkshopId)
			),
		networksOfWorkshop: (workshopId) =>
			run('networks.networksOfWorkshop', async () =>
				(await query(sql, SELECT_NETWORKS_OF_WORKSHOP, [workshopId])).map(toNetwork)
			),
		memberSees: (workshopId, userId) =>
			run(
				'networks.memberSees',
				async () => (await query(sql, SELECT_MEMBER_SEES, [workshopId, userId])).length > 0
			)
	};
}

function toNetwork(row: Row): NetworkRecord {
	return {
		id: row.id as string,
		name: row.name as string,
		createdBy: row.created_by as UserId,
		createdAt: Number(row.created_at)
	};
}
