import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { ActorType } from '#shared/model/actor.ts';
import type { CommitmentStatus } from '#shared/model/commitment.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type {
	CommitmentRecord,
	CommitmentStore,
	FollowUpRecord,
	NetworkRecord,
	NetworkStore
} from '../storage.ts';
import { runLater as run, transaction } from './sqlite.ts';

type Row = Record<string, SQLOutputValue>;

// The count and the insert are one statement, so two tables' browsers cannot both pass the cap.
const INSERT_COMMITMENT_CAPPED = `INSERT INTO commitments (id, workshop_id, table_number, what,
	owner_actor_type, named_person, due, first_step, status, agreed, created_at, updated_at)
	SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
	WHERE (SELECT count(*) FROM commitments WHERE workshop_id = ? AND table_number IS ?) < ?`;
const SELECT_WORKSHOP_EXISTS = 'SELECT 1 AS found FROM workshops WHERE id = ?';
const SELECT_COMMITMENT = 'SELECT * FROM commitments WHERE id = ?';
const SELECT_COMMITMENTS_BY_WORKSHOP = `SELECT * FROM commitments WHERE workshop_id = ?
	ORDER BY table_number IS NULL, table_number, created_at, id`;
const UPDATE_COMMITMENT = `UPDATE commitments SET what = ?, owner_actor_type = ?, named_person = ?,
	due = ?, first_step = ?, agreed = ?, updated_at = ? WHERE workshop_id = ? AND id = ?`;
const DELETE_COMMITMENT = 'DELETE FROM commitments WHERE workshop_id = ? AND id = ?';
const INSERT_FOLLOW_UP = `INSERT INTO commitment_follow_ups (id, commitment_id, status, date, note,
	author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const UPDATE_COMMITMENT_STATUS = 'UPDATE commitments SET status = ?, updated_at = ? WHERE id = ?';
const SELECT_FOLLOW_UPS = `SELECT f.*, u.display_name AS author_name FROM commitment_follow_ups f
	JOIN users u ON u.id = f.author_id WHERE f.commitment_id = ? ORDER BY f.created_at, f.id`;

export function createCommitmentStore(db: DatabaseSync): CommitmentStore {
	const insert = db.prepare(INSERT_COMMITMENT_CAPPED);
	const workshopExists = db.prepare(SELECT_WORKSHOP_EXISTS);
	const byId = db.prepare(SELECT_COMMITMENT);
	const byWorkshop = db.prepare(SELECT_COMMITMENTS_BY_WORKSHOP);
	const update = db.prepare(UPDATE_COMMITMENT);
	const remove = db.prepare(DELETE_COMMITMENT);
	const insertFollowUp = db.prepare(INSERT_FOLLOW_UP);
	const setStatus = db.prepare(UPDATE_COMMITMENT_STATUS);
	const followUps = db.prepare(SELECT_FOLLOW_UPS);
	return {
		create: (c, { maxPerTable }) =>
			run('commitments.create', () => {
				// An INSERT … SELECT with a false WHERE reports no change rather than a foreign key
				// error, so an unknown workshop is told apart here.
				if (!workshopExists.get(c.workshopId)) {
					throw new RajapintaError('not_found', 'commitments.create: unknown workshop');
				}
				const changes = insert.run(
					c.id,
					c.workshopId,
					c.table,
					c.what,
					c.ownerActorType,
					c.namedPerson,
					c.due,
					c.firstStep,
					c.status,
					c.agreed ? 1 : 0,
					c.createdAt,
					c.updatedAt,
					c.workshopId,
					c.table,
					maxPerTable
				).changes;
				return Number(changes) > 0;
			}),
		findById: (id) => run('commitments.findById', () => toCommitment(byId.get(id))),
		listByWorkshop: (workshopId) =>
			run('commitments.listByWorkshop', () =>
				byWorkshop.all(workshopId).map((row) => toCommitment(row)!)
			),
		update: (workshopId, id, e) =>
			run('commitments.update', () => {
				const changes = update.run(
					e.what,
					e.ownerActorType,
					e.namedPerson,
					e.due,
					e.firstStep,
					e.agreed ? 1 : 0,
					e.updatedAt,
					workshopId,
					id
				).changes;
				return Number(changes) > 0 ? toCommitment(byId.get(id)) : null;
			}),
		delete: (workshopId, id) =>
			run('commitments.delete', () => Number(remove.run(workshopId, id).changes) > 0),
		addFollowUp: (f) =>
			run('commitments.addFollowUp', () => {
				transaction(db, () => {
					insertFollowUp.run(
						f.id,
						f.commitmentId,
						f.status,
						f.date,
						f.note,
						f.authorId,
						f.createdAt
					);
					setStatus.run(f.status, f.createdAt, f.commitmentId);
				});
			}),
		listFollowUps: (commitmentId) =>
			run('commitments.listFollowUps', () =>
				followUps.all(commitmentId).map((row) => ({
					...toFollowUp(row),
					authorName: row.author_name as string
				}))
			)
	};
}

function toCommitment(row: Row | undefined): CommitmentRecord | null {
	if (!row) return null;
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
		agreed: Number(row.agreed) === 1,
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
	'INSERT INTO networks (id, name, created_by, created_at) VALUES (?, ?, ?, ?)';
const INSERT_MEMBER =
	'INSERT INTO network_members (network_id, user_id, added_at) VALUES (?, ?, ?)';
const SELECT_NETWORK = 'SELECT * FROM networks WHERE id = ?';
const SELECT_NETWORKS_FOR_MEMBER = `SELECT n.* FROM networks n
	JOIN network_members m ON m.network_id = n.id WHERE m.user_id = ? ORDER BY n.name, n.id`;
const SELECT_IS_MEMBER =
	'SELECT 1 AS found FROM network_members WHERE network_id = ? AND user_id = ?';
const SELECT_MEMBERS = `SELECT m.user_id, m.added_at, u.display_name, u.email FROM network_members m
	JOIN users u ON u.id = m.user_id WHERE m.network_id = ? ORDER BY m.added_at, u.email`;
const INSERT_LOCALITY = `INSERT INTO network_localities (network_id, locality) VALUES (?, ?)
	ON CONFLICT DO NOTHING`;
const DELETE_LOCALITY = 'DELETE FROM network_localities WHERE network_id = ? AND locality = ?';
const SELECT_LOCALITIES = `SELECT locality FROM network_localities WHERE network_id = ?
	ORDER BY locality`;
const INSERT_SHARE = `INSERT INTO network_workshops (network_id, workshop_id, shared_by, shared_at)
	VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`;
const DELETE_SHARE = 'DELETE FROM network_workshops WHERE network_id = ? AND workshop_id = ?';
const SELECT_SHARED_IDS = `SELECT w.id FROM network_workshops s JOIN workshops w ON w.id = s.workshop_id
	WHERE s.network_id = ? ORDER BY w.date DESC, w.created_at DESC`;
const SELECT_NETWORKS_OF_WORKSHOP = `SELECT n.* FROM networks n
	JOIN network_workshops s ON s.network_id = n.id WHERE s.workshop_id = ? ORDER BY n.name, n.id`;
const SELECT_MEMBER_SEES = `SELECT 1 AS found FROM network_workshops s
	JOIN network_members m ON m.network_id = s.network_id
	WHERE s.workshop_id = ? AND m.user_id = ? LIMIT 1`;

export function createNetworkStore(db: DatabaseSync): NetworkStore {
	const q = (sql: string) => db.prepare(sql);
	const [insertNetwork, insertMember, byId, forMember, isMember, members] = [
		INSERT_NETWORK,
		INSERT_MEMBER,
		SELECT_NETWORK,
		SELECT_NETWORKS_FOR_MEMBER,
		SELECT_IS_MEMBER,
		SELECT_MEMBERS
	].map(q);
	const [addLocality, removeLocality, localities, share, unshare, sharedIds, ofWorkshop, sees] = [
		INSERT_LOCALITY,
		DELETE_LOCALITY,
		SELECT_LOCALITIES,
		INSERT_SHARE,
		DELETE_SHARE,
		SELECT_SHARED_IDS,
		SELECT_NETWORKS_OF_WORKSHOP,
		SELECT_MEMBER_SEES
	].map(q);
	return {
		create: (n) =>
			run('networks.create', () => {
				transaction(db, () => {
					insertNetwork.run(n.id, n.name, n.createdBy, n.createdAt);
					insertMember.run(n.id, n.createdBy, n.createdAt);
				});
			}),
		findById: (id) =>
			run('networks.findById', () => {
				const row = byId.get(id);
				return row ? toNetwork(row) : null;
			}),
		listForMember: (userId) =>
			run('networks.listForMember', () => forMember.all(userId).map(toNetwork)),
		isMember: (networkId, userId) =>
			run('networks.isMember', () => isMember.get(networkId, userId) !== undefined),
		addMember: (networkId, userId, addedAt) =>
			run('networks.addMember', () => {
				insertMember.run(networkId, userId, addedAt);
			}),
		listMembers: (networkId) =>
			run('networks.listMembers', () =>
				members.all(networkId).map((row) => ({
					userId: row.user_id as UserId,
					displayName: row.display_name as string,
					email: row.email as string,
					addedAt: Number(row.added_at)
				}))
			),
		addLocality: (networkId, locality) =>
			run('networks.addLocality', () => {
				addLocality.run(networkId, locality);
			}),
		removeLocality: (networkId, locality) =>
			run(
				'networks.removeLocality',
				() => Number(removeLocality.run(networkId, locality).changes) > 0
			),
		listLocalities: (networkId) =>
			run('networks.listLocalities', () =>
				localities.all(networkId).map((row) => row.locality as string)
			),
		shareWorkshop: (networkId, workshopId, sharedBy, at) =>
			run('networks.shareWorkshop', () => {
				share.run(networkId, workshopId, sharedBy, at);
			}),
		unshareWorkshop: (networkId, workshopId) =>
			run('networks.unshareWorkshop', () => Number(unshare.run(networkId, workshopId).changes) > 0),
		listWorkshopIds: (networkId) =>
			run('networks.listWorkshopIds', () =>
				sharedIds.all(networkId).map((row) => row.id as WorkshopId)
			),
		networksOfWorkshop: (workshopId) =>
			run('networks.networksOfWorkshop', () => ofWorkshop.all(workshopId).map(toNetwork)),
		memberSees: (workshopId, userId) =>
			run('networks.memberSees', () => sees.get(workshopId, userId) !== undefined)
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
