import { isOverdue } from '#shared/model/commitment.ts';
import type { OpenCommitment } from '#shared/model/follow-up.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { planOf } from '#shared/model/workshop-template.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { readTableBoard } from '../exports/assemble.ts';
import type { Storage, WorkshopRecord } from '../storage/storage.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import type { NetworkService } from './networks.ts';

/** What a follow-up session's boards start with: the earlier workshop's unchosen seeds. */
export interface FollowUpSeeds {
	/** The earlier workshop's day, YYYY-MM-DD. */
	from: string;
	/** Seed texts per table of the follow-up, in the earlier workshop's order. */
	tables: Map<number, string[]>;
}

/** The bundled template a follow-up session starts from (templates/follow-up). */
export const FOLLOW_UP_TEMPLATE_ID = 'follow-up';
/** A workshop title's cap (src/lib/forms/fields.ts FIELD_MAX_CHARS.title). */
const TITLE_MAX_CHARS = 120;

/**
 * Follow-up sessions (issue 6 "Start a follow-up session", issue 4 "Open commitments return"). A
 * network member starts one from a past workshop of the network's archive: a new workshop from the
 * follow-up template for the same locality, owned by that member and shared with the network. Its
 * opening phase shows the locality's open commitments (not done, not dropped) of the network's
 * earlier workshops, read when shown, so follow-up notes made meanwhile count.
 */
export class FollowUpService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #networks: NetworkService;
	readonly #now: () => number;

	constructor(options: {
		storage: Storage;
		workshops: WorkshopService;
		networks: NetworkService;
		now?: () => number;
	}) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#networks = options.networks;
		this.#now = options.now ?? Date.now;
	}

	/** Starts the follow-up; not_found unless the user is a member and the workshop is shared. */
	async start(options: {
		userId: UserId;
		networkId: string;
		workshopId: string;
		/** The new workshop's title, in the member's language. */
		title: string;
		/** The new workshop's day, YYYY-MM-DD. */
		date: string;
	}): Promise<WorkshopRecord> {
		const { userId, networkId } = options;
		await this.#networks.requireMember(networkId, userId);
		const shared = await this.#storage.networks.listWorkshopIds(networkId);
		const sourceId = shared.find((id) => id === options.workshopId);
		const source = sourceId ? await this.#storage.workshops.findById(sourceId) : null;
		if (!source) throw new RajapintaError('not_found', 'workshop not shared with the network');
		const template = this.#workshops.templates.find((t) => t.id === FOLLOW_UP_TEMPLATE_ID);
		if (!template) throw new RajapintaError('internal', 'templates/follow-up is missing');
		const workshop = await this.#workshops.create(userId, {
			title: options.title.slice(0, TITLE_MAX_CHARS),
			locality: source.locality,
			date: options.date,
			duration: template.duration ?? (template.startTime < '12:00' ? 'morning' : 'afternoon'),
			tableCount: source.tableCount,
			tablesSeeEachOther: source.tablesSeeEachOther,
			plan: planOf(template)
		});
		const now = this.#now();
		await this.#storage.networks.shareWorkshop(networkId, workshop.id, userId, now);
		await this.#storage.followUps.create({
			workshopId: workshop.id,
			networkId,
			sourceWorkshopId: source.id,
			createdAt: now
		});
		return workshop;
	}

	/**
	 * The locality's open commitments from the network's earlier workshops, oldest workshop first;
	 * null when the workshop is not a follow-up session.
	 */
	async openCommitments(workshopId: WorkshopId): Promise<OpenCommitment[] | null> {
		const [record, workshop] = await Promise.all([
			this.#storage.followUps.find(workshopId),
			this.#storage.workshops.findById(workshopId)
		]);
		if (!record || !workshop) return null;
		const today = new Date(this.#now()).toISOString().slice(0, 10);
		const earlier: WorkshopRecord[] = [];
		for (const id of await this.#storage.networks.listWorkshopIds(record.networkId)) {
			if (id === workshopId) continue;
			const other = await this.#storage.workshops.findById(id);
			if (other && other.locality === workshop.locality && other.date <= workshop.date) {
				earlier.push(other);
			}
		}
		earlier.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt - b.createdAt);
		const open: OpenCommitment[] = [];
		for (const source of earlier) {
			for (const c of await this.#storage.commitments.listByWorkshop(source.id)) {
				if (!c.agreed || c.status === 'done' || c.status === 'dropped') continue;
				open.push({
					id: c.id,
					what: c.what,
					ownerActorType: c.ownerActorType,
					due: c.due,
					firstStep: c.firstStep,
					status: c.status,
					workshopDate: source.date,
					overdue: isOverdue(c, today)
				});
			}
		}
		return open;
	}

	/**
	 * The development seeds the workshop it was started from did not choose, table by table (as
	 * the report lists them), for the follow-up's problem-candidates areas; null when the workshop
	 * is not a follow-up session. Table n's seeds go to table n (a follow-up has as many tables as
	 * its source; should it ever have fewer, the rest wrap round, so no seed is left out).
	 */
	async seeds(workshopId: WorkshopId): Promise<FollowUpSeeds | null> {
		const [record, workshop] = await Promise.all([
			this.#storage.followUps.find(workshopId),
			this.#storage.workshops.findById(workshopId)
		]);
		// A source workshop deleted since leaves the follow-up without seeds.
		const source = record?.sourceWorkshopId
			? await this.#storage.workshops.findById(record.sourceWorkshopId)
			: null;
		if (!workshop || !source) return null;
		const tables = new Map<number, string[]>();
		for (let table = 1; table <= source.tableCount; table++) {
			const updates = await this.#storage.documents.load(
				roomName({ kind: 'table', workshopId: source.id, table })
			);
			const target = ((table - 1) % workshop.tableCount) + 1;
			const texts = tables.get(target) ?? [];
			texts.push(...readTableBoard(updates, table).seeds.map((seed) => seed.text));
			tables.set(target, texts);
		}
		return { from: source.date, tables };
	}

	/** The open commitments while the current phase is an opening phase; null otherwise. */
	async shownNow(workshopId: WorkshopId): Promise<OpenCommitment[] | null> {
		const state = await this.#workshops.state(workshopId);
		if (state?.phases[state.phaseIndex]?.kind !== 'opening') return null;
		return this.openCommitments(workshopId);
	}
}
