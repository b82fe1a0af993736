import { nanoid } from 'nanoid';
import * as v from 'valibot';
import type { ActorType } from '#shared/model/actor.ts';
import { isOverdue, type CommitmentStatus } from '#shared/model/commitment.ts';
import {
	LocalityNameSchema,
	MAX_NETWORK_LOCALITIES,
	MAX_NETWORK_MEMBERS,
	MemberEmailSchema,
	NETWORK_ID_PATTERN,
	NetworkNameSchema
} from '#shared/model/network.ts';
import {
	REPORT_SCHEMA_VERSION,
	localityReport,
	overviewRow,
	type LocalityReport,
	type NetworkOverview,
	type OverviewRow,
	type WorkshopReport
} from '#shared/model/report.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { assembleWorkshopReport } from '../exports/assemble.ts';
import type { FollowUpRecord, NetworkMember, NetworkRecord, Storage } from '../storage/storage.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import { FieldError } from './errors.ts';

/** Which shared workshops an archive view covers. */
export interface ArchiveFilter {
	/** A locality name; null for all. */
	locality: string | null;
	/** A calendar year; null for all. */
	year: number | null;
}

export interface ArchiveWorkshop {
	id: WorkshopId;
	title: string;
	locality: string;
	row: OverviewRow;
}

export interface ArchiveCommitment {
	id: string;
	workshopId: WorkshopId;
	workshopDate: string;
	what: string;
	ownerActorType: ActorType;
	namedPerson: string | null;
	due: string | null;
	firstStep: string;
	status: CommitmentStatus;
	table: number | null;
	overdue: boolean;
	/** Oldest first. */
	history: (FollowUpRecord & { authorName: string })[];
}

export interface Archive {
	network: NetworkRecord;
	members: NetworkMember[];
	/** The network's localities plus those of its shared workshops, alphabetical. */
	localities: string[];
	/** The network's own locality list (what members maintain). */
	ownLocalities: string[];
	/** Years that have shared workshops, newest first. */
	years: number[];
	/** Shared workshops passing the filter, newest first. */
	workshops: ArchiveWorkshop[];
	/** Agreed commitments per locality, oldest workshop first. */
	commitmentsByLocality: { locality: string; commitments: ArchiveCommitment[] }[];
}

/**
 * Networks and their archive (issue 6). A network's existence and content are visible to its
 * members only: every read and write for anybody else fails with not_found, which pages turn into
 * 404, so an address says nothing about which networks exist.
 */
export class NetworkService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #now: () => number;

	constructor(options: { storage: Storage; workshops: WorkshopService; now?: () => number }) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#now = options.now ?? Date.now;
	}

	listFor(userId: UserId): Promise<NetworkRecord[]> {
		return this.#storage.networks.listForMember(userId);
	}

	async create(userId: UserId, name: unknown): Promise<NetworkRecord> {
		const record: NetworkRecord = {
			id: nanoid(16),
			name: parse(NetworkNameSchema, name, 'name'),
			createdBy: userId,
			createdAt: this.#now()
		};
		await this.#storage.networks.create(record);
		return record;
	}

	/** The network if the user is a member; not_found otherwise. */
	async requireMember(networkId: string, userId: UserId): Promise<NetworkRecord> {
		const network = NETWORK_ID_PATTERN.test(networkId)
			? await this.#storage.networks.findById(networkId)
			: null;
		if (!network || !(await this.#storage.networks.isMember(network.id, userId))) {
			throw new RajapintaError('not_found', 'no such network for this account');
		}
		return network;
	}

	/** Adds an existing account by e-mail. Fails with not_found (field email) for no account. */
	async invite(networkId: string, userId: UserId, email: unknown): Promise<NetworkMember> {
		await this.requireMember(networkId, userId);
		const address = parse(MemberEmailSchema, email, 'email');
		const invited = await this.#storage.users.findByEmail(address);
		if (!invited) throw new FieldError({ email: 'no_account' });
		const members = await this.#storage.networks.listMembers(networkId);
		if (members.some((member) => member.userId === invited.id)) {
			throw new FieldError({ email: 'already_member' });
		}
		if (members.length >= MAX_NETWORK_MEMBERS) throw new FieldError({ email: 'too_many' });
		const addedAt = this.#now();
		await this.#storage.networks.addMember(networkId, invited.id, addedAt);
		return { userId: invited.id, displayName: invited.displayName, email: address, addedAt };
	}

	async addLocality(networkId: string, userId: UserId, locality: unknown): Promise<void> {
		await this.requireMember(networkId, userId);
		const name = parse(LocalityNameSchema, locality, 'locality');
		const existing = await this.#storage.networks.listLocalities(networkId);
		if (existing.length >= MAX_NETWORK_LOCALITIES && !existing.includes(name)) {
			throw new FieldError({ locality: 'too_many' });
		}
		await this.#storage.networks.addLocality(networkId, name);
	}

	async removeLocality(networkId: string, userId: UserId, locality: string): Promise<void> {
		await this.requireMember(networkId, userId);
		await this.#storage.networks.removeLocality(networkId, locality);
	}

	/** Shares or unshares a workshop the user facilitates with a network the user belongs to. */
	async setShared(options: {
		userId: UserId;
		workshopId: WorkshopId;
		networkId: string;
		shared: boolean;
	}): Promise<void> {
		const { userId, workshopId, networkId, shared } = options;
		await this.requireMember(networkId, userId);
		if (!(await this.#workshops.isFacilitator(workshopId, userId))) {
			throw new RajapintaError('not_found', 'not a workshop of this account');
		}
		if (shared) {
			await this.#storage.networks.shareWorkshop(networkId, workshopId, userId, this.#now());
		} else {
			await this.#storage.networks.unshareWorkshop(networkId, workshopId);
		}
	}

	/** Networks the workshop is shared with. */
	sharedWith(workshopId: WorkshopId): Promise<NetworkRecord[]> {
		return this.#storage.networks.networksOfWorkshop(workshopId);
	}

	/** The reports of the network's shared workshops that pass the filter, newest first. */
	async reports(networkId: string, userId: UserId, filter: ArchiveFilter) {
		await this.requireMember(networkId, userId);
		const ids = await this.#storage.networks.listWorkshopIds(networkId);
		const found: { id: WorkshopId; report: WorkshopReport }[] = [];
		for (const id of ids) {
			const workshop = await this.#storage.workshops.findById(id);
			if (!workshop || !passes(workshop, filter)) continue;
			const report = await assembleWorkshopReport(this.#storage, id, { now: this.#today() });
			if (report) found.push({ id, report });
		}
		return found;
	}

	async archive(networkId: string, userId: UserId, filter: ArchiveFilter): Promise<Archive> {
		const network = await this.requireMember(networkId, userId);
		const [members, ownLocalities, ids] = await Promise.all([
			this.#storage.networks.listMembers(networkId),
			this.#storage.networks.listLocalities(networkId),
			this.#storage.networks.listWorkshopIds(networkId)
		]);
		const all = [];
		for (const id of ids) {
			const workshop = await this.#storage.workshops.findById(id);
			if (workshop) all.push(workshop);
		}
		const reports = await this.reports(networkId, userId, filter);
		const localities = [...new Set([...ownLocalities, ...all.map((w) => w.locality)])].sort(
			(a, b) => a.localeCompare(b, 'fi')
		);
		const years = [...new Set(all.map((w) => Number(w.date.slice(0, 4))))].sort((a, b) => b - a);
		const today = this.#today().toISOString().slice(0, 10);
		const byLocality = new Map<string, ArchiveCommitment[]>();
		for (const { id, report } of [...reports].reverse()) {
			const locality = report.locality.name ?? '';
			const list = byLocality.get(locality) ?? [];
			for (const commitment of report.commitments) {
				list.push({
					...commitment,
					workshopId: id,
					workshopDate: report.date,
					overdue: isOverdue(commitment, today),
					history: await this.#storage.commitments.listFollowUps(commitment.id)
				});
			}
			byLocality.set(locality, list);
		}
		return {
			network,
			members,
			localities,
			ownLocalities,
			years,
			workshops: reports.map(({ id, report }) => ({
				id,
				title: report.title ?? '',
				locality: report.locality.name ?? '',
				row: overviewRow(report)
			})),
			commitmentsByLocality: [...byLocality]
				.sort(([a], [b]) => a.localeCompare(b, 'fi'))
				.map(([locality, commitments]) => ({ locality, commitments }))
		};
	}

	/** The locality report (commitments with current status) of one locality's shared workshops. */
	async localityReport(
		networkId: string,
		userId: UserId,
		locality: string
	): Promise<LocalityReport> {
		const reports = await this.reports(networkId, userId, { locality, year: null });
		return localityReport(
			reports.map((r) => r.report),
			{ locality: { name: locality, code: null }, generatedAt: this.#today().toISOString() }
		);
	}

	/** One row per shared workshop passing the filter, by date. */
	async overview(
		networkId: string,
		userId: UserId,
		filter: ArchiveFilter
	): Promise<NetworkOverview> {
		const network = await this.requireMember(networkId, userId);
		const reports = await this.reports(networkId, userId, filter);
		return {
			kind: 'overview',
			schemaVersion: REPORT_SCHEMA_VERSION,
			generatedAt: this.#today().toISOString(),
			title: network.name,
			rows: reports.map((r) => overviewRow(r.report)).sort((a, b) => a.date.localeCompare(b.date))
		};
	}

	#today(): Date {
		return new Date(this.#now());
	}
}

function parse<T>(schema: v.GenericSchema<unknown, T>, value: unknown, field: string): T {
	const parsed = v.safeParse(schema, value);
	if (parsed.success) return parsed.output;
	const message = parsed.issues[0].message;
	throw new FieldError({ [field]: /^[a-z_]+$/.test(message) ? message : 'invalid' });
}

function passes(workshop: { locality: string; date: string }, filter: ArchiveFilter): boolean {
	if (filter.locality !== null && workshop.locality !== filter.locality) return false;
	return filter.year === null || workshop.date.startsWith(`${filter.year}-`);
}
