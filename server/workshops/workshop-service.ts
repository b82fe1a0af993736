import { customAlphabet, nanoid } from 'nanoid';
import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import {
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	type JoinCode,
	type ParticipantId,
	type UserId,
	type WorkshopId
} from '#shared/model/ids.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import {
	initialLiveState,
	normaliseLiveState,
	replacePlan,
	type LiveState
} from '#shared/model/workshop-ops.ts';
import {
	validatePlan,
	validateTemplate,
	type WorkshopPlan,
	type WorkshopTemplate
} from '#shared/model/workshop-template.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import {
	FACILITATOR_ROLES,
	type FacilitatorTemplateRecord,
	type ParticipantRecord,
	type Storage,
	type WorkshopFacilitator,
	type WorkshopRecord
} from '#server/storage/storage.ts';
import { chooseTable } from './seating.ts';
import { loadTemplates } from './templates.ts';

const newJoinCode = customAlphabet(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH) as () => JoinCode;
/** Retries when a random join code is taken; at 31^8 codes a second try is already rare. */
const JOIN_CODE_ATTEMPTS = 5;
/** Compare-and-set retries of a live-state change before giving up with 'conflict'. */
const STATE_WRITE_ATTEMPTS = 5;

export interface NewWorkshop {
	title: string;
	locality: string;
	date: string;
	duration: WorkshopDuration;
	tableCount: number;
	tablesSeeEachOther?: boolean;
	/** The day's plan, usually a template's; the built-in default day when omitted. */
	plan?: WorkshopPlan;
}

/** Somebody took a seat: what the console's table overview needs, never more. */
export interface ParticipantJoined {
	workshopId: WorkshopId;
	participant: Pick<
		ParticipantRecord,
		'id' | 'displayName' | 'organisation' | 'actorType' | 'table' | 'joinedAt'
	>;
}

export interface JoinDetails {
	displayName: string | null;
	organisation: string;
	actorType: ActorType;
}

type StateListener = (state: WorkshopState) => void;
type JoinListener = (joined: ParticipantJoined) => void;

/**
 * Workshops, their participants and their live state. Keeps the live state of active workshops in
 * memory so the sync hot path can check locks without a query. With several nodes, a node that
 * changes a state tells the others over Redis and they {@link refresh} their copy (sync SPEC S12).
 */
export class WorkshopService {
	readonly #storage: Storage;
	readonly #now: () => number;
	readonly #live = new Map<WorkshopId, WorkshopState>();
	readonly #listeners = new Set<StateListener>();
	readonly #joinListeners = new Set<JoinListener>();
	readonly #templates: readonly WorkshopTemplate[];
	/** The reload under way per workshop, so reloads land in the order they were asked for. */
	readonly #refreshing = new Map<WorkshopId, Promise<void>>();

	constructor(options: {
		storage: Storage;
		now?: () => number;
		/** The bundled templates; read from templates/ when omitted. */
		templates?: readonly WorkshopTemplate[];
	}) {
		this.#storage = options.storage;
		this.#now = options.now ?? Date.now;
		this.#templates = options.templates ?? loadTemplates();
	}

	/** The templates shipped in templates/, full day first. */
	get templates(): readonly WorkshopTemplate[] {
		return this.#templates;
	}

	/** Tells `listener` about every participant who joins any workshop. */
	onJoin(listener: JoinListener): () => void {
		this.#joinListeners.add(listener);
		return () => this.#joinListeners.delete(listener);
	}

	onChange(listener: StateListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async create(createdBy: UserId, input: NewWorkshop): Promise<WorkshopRecord> {
		const state = initialLiveState(input.plan);
		for (let attempt = 1; ; attempt++) {
			const record: WorkshopRecord = {
				id: nanoid(16) as WorkshopId,
				title: input.title,
				locality: input.locality,
				date: input.date,
				duration: input.duration,
				joinCode: newJoinCode(),
				tableCount: input.tableCount,
				tablesSeeEachOther: input.tablesSeeEachOther ?? false,
				state,
				createdBy,
				createdAt: this.#now()
			};
			try {
				await this.#storage.workshops.create(record);
				return record;
			} catch (error) {
				const taken = error instanceof RajapintaError && error.code === 'conflict';
				if (!taken || attempt >= JOIN_CODE_ATTEMPTS) throw error;
			}
		}
	}

	get(id: WorkshopId): Promise<WorkshopRecord | null> {
		return this.#storage.workshops.findById(id);
	}

	findByJoinCode(code: JoinCode): Promise<WorkshopRecord | null> {
		return this.#storage.workshops.findByJoinCode(code);
	}

	listFor(userId: UserId): Promise<WorkshopRecord[]> {
		return this.#storage.workshops.listForFacilitator(userId);
	}

	/** True when the user is an owner or co-facilitator of the workshop. */
	async isFacilitator(workshopId: WorkshopId, userId: UserId): Promise<boolean> {
		return (await this.#storage.workshops.facilitatorRole(workshopId, userId)) !== null;
	}

	/** Everybody who facilitates the workshop, the owner first. */
	facilitators(workshopId: WorkshopId): Promise<WorkshopFacilitator[]> {
		return this.#storage.workshops.listFacilitators(workshopId);
	}

	/**
	 * Adds the facilitator account with `email` as a co-facilitator. Only an owner may invite
	 * ('forbidden'); an e-mail with no account fails with 'not_found', somebody who already
	 * facilitates the workshop with 'conflict'. There is no invitation by mail: the person needs an
	 * account first, so no address outside the accounts is ever stored.
	 */
	async inviteFacilitator(options: {
		workshopId: WorkshopId;
		invitedBy: UserId;
		email: string;
	}): Promise<WorkshopFacilitator> {
		const { workshopId, invitedBy } = options;
		const inviterRole = await this.#storage.workshops.facilitatorRole(workshopId, invitedBy);
		if (inviterRole !== FACILITATOR_ROLES.owner) {
			throw new RajapintaError('forbidden', `${invitedBy} does not own ${workshopId}`);
		}
		const user = await this.#storage.users.findByEmail(options.email.trim().toLowerCase());
		if (!user) throw new RajapintaError('not_found', 'no account with that e-mail');
		await this.#storage.workshops.addFacilitator(
			workshopId,
			user.id,
			FACILITATOR_ROLES.coFacilitator
		);
		return {
			userId: user.id,
			email: user.email,
			displayName: user.displayName,
			role: FACILITATOR_ROLES.coFacilitator
		};
	}

	/** Seats a new participant at the table that best keeps tables mixed (see seating.ts). */
	async join(workshop: WorkshopRecord, details: JoinDetails): Promise<ParticipantRecord> {
		const seated = await this.seat(workshop, details, async (participant) => {
			await this.#storage.participants.create(participant);
			return true;
		});
		// The store above never declines.
		return seated!;
	}

	/**
	 * Like join, but `store` writes the participant: a registered person's arrival stores them and
	 * links their registration in one transaction. When `store` returns false nothing was stored,
	 * nobody is told and the result is null.
	 */
	async seat(
		workshop: WorkshopRecord,
		details: JoinDetails,
		store: (participant: ParticipantRecord) => Promise<boolean>
	): Promise<ParticipantRecord | null> {
		const [everybody, constraints] = await Promise.all([
			this.#storage.participants.listByWorkshop(workshop.id),
			this.#storage.seating.listConstraints(workshop.id)
		]);
		// People marked as not here do not fill a table (tables/seating-service.ts).
		const away = new Set(
			constraints.filter((c) => c.absentAt !== null).map((c) => c.participantId as string)
		);
		const seated = everybody.filter((person) => !away.has(person.id));
		const participant: ParticipantRecord = {
			id: nanoid(16) as ParticipantId,
			workshopId: workshop.id,
			displayName: details.displayName,
			organisation: details.organisation,
			actorType: details.actorType,
			table: chooseTable(workshop.tableCount, seated, details),
			joinedAt: this.#now()
		};
		if (!(await store(participant))) return null;
		const { id, displayName, organisation, actorType, table, joinedAt } = participant;
		for (const listener of this.#joinListeners) {
			listener({
				workshopId: workshop.id,
				participant: { id, displayName, organisation, actorType, table, joinedAt }
			});
		}
		return participant;
	}

	participant(id: ParticipantId): Promise<ParticipantRecord | null> {
		return this.#storage.participants.findById(id);
	}

	/** The live state, from memory when the workshop is active. */
	async state(id: WorkshopId): Promise<WorkshopState | null> {
		const cached = this.#live.get(id);
		if (cached) return cached;
		const record = await this.#storage.workshops.findById(id);
		if (!record) return null;
		return this.#remember(record);
	}

	/** The live state if it is in memory; for hot paths that must not wait. */
	cachedState(id: WorkshopId): WorkshopState | undefined {
		return this.#live.get(id);
	}

	/**
	 * Another node changed this workshop's state: reloads the copy in memory, if there is one.
	 * Listeners are not told; the node that made the change told its own, and every node's
	 * clients got the new state through the socket.io Redis adapter.
	 */
	refresh(id: WorkshopId): Promise<void> {
		if (!this.#live.has(id)) return Promise.resolve();
		const previous = this.#refreshing.get(id) ?? Promise.resolve();
		const next = previous.then(async () => {
			const record = await this.#storage.workshops.findById(id);
			if (!record) this.#live.delete(id);
			else if (this.#live.has(id)) this.#remember(record);
		});
		// The chain goes on past a failed reload; the caller of this one sees its failure.
		const settled: Promise<void> = next
			.catch(() => undefined)
			.finally(() => {
				if (this.#refreshing.get(id) === settled) this.#refreshing.delete(id);
			});
		this.#refreshing.set(id, settled);
		return next;
	}

	/** Reloads every state in memory (after this node may have missed other nodes' changes). */
	async refreshAll(): Promise<void> {
		await Promise.all([...this.#live.keys()].map((id) => this.refresh(id)));
	}

	/**
	 * Applies a transition, stores it with compare-and-set (so two facilitators clicking at once
	 * both land, in some order) and tells every listener.
	 */
	async change(
		id: WorkshopId,
		transition: (state: LiveState, now: number) => LiveState
	): Promise<WorkshopState> {
		for (let attempt = 1; attempt <= STATE_WRITE_ATTEMPTS; attempt++) {
			const record = await this.#storage.workshops.findById(id);
			if (!record) throw new RajapintaError('not_found', `workshop ${id}`);
			const next = transition(normaliseLiveState(record.state), this.#now());
			if (await this.#storage.workshops.saveState(id, next)) {
				const state = this.#remember({ ...record, state: next });
				for (const listener of this.#listeners) listener(state);
				return state;
			}
		}
		throw new RajapintaError('conflict', `live state of ${id} kept changing`);
	}

	/**
	 * Replaces the plan of the day. A live workshop keeps its current phase (by id) and every
	 * screen gets the new plan with the next broadcast. Fails with 'invalid_payload' on a bad plan.
	 */
	async savePlan(id: WorkshopId, plan: unknown): Promise<WorkshopState> {
		const checked = validatePlan(plan);
		if (!checked.ok) throw new RajapintaError('invalid_payload', checked.errors.join('; '));
		return this.change(id, (state, now) => replacePlan(state, checked.value, now));
	}

	/** A bundled template by id, or one of the facilitator's own. */
	async template(id: string, ownerId: UserId): Promise<WorkshopTemplate | null> {
		const bundled = this.#templates.find((template) => template.id === id);
		if (bundled) return bundled;
		const own = await this.#storage.templates.findById(id);
		return own && own.ownerId === ownerId ? own.template : null;
	}

	ownTemplates(ownerId: UserId): Promise<FacilitatorTemplateRecord[]> {
		return this.#storage.templates.listByOwner(ownerId);
	}

	/**
	 * Saves a plan as the facilitator's own template under `name` (in every language, since the
	 * facilitator writes it once). Fails with 'invalid_payload' when the plan or name does not pass.
	 */
	async saveAsTemplate(options: {
		ownerId: UserId;
		name: string;
		duration: WorkshopDuration | null;
		plan: unknown;
	}): Promise<FacilitatorTemplateRecord> {
		const plan = validatePlan(options.plan);
		if (!plan.ok) throw new RajapintaError('invalid_payload', plan.errors.join('; '));
		const id = `own-${nanoid(12)
			.toLowerCase()
			.replace(/[^a-z0-9]/g, '0')}`;
		const name = options.name.trim();
		const checked = validateTemplate({
			id,
			name: { fi: name, sv: name, en: name },
			description: { fi: '', sv: '', en: '' },
			duration: options.duration,
			...plan.value
		});
		if (!checked.ok) throw new RajapintaError('invalid_payload', checked.errors.join('; '));
		const record: FacilitatorTemplateRecord = {
			id,
			ownerId: options.ownerId,
			template: checked.value,
			createdAt: this.#now()
		};
		await this.#storage.templates.create(record);
		return record;
	}

	#remember(record: WorkshopRecord): WorkshopState {
		const state: WorkshopState = {
			workshopId: record.id,
			tableCount: record.tableCount,
			...normaliseLiveState(record.state),
			serverNow: this.#now()
		};
		this.#live.set(record.id, state);
		return state;
	}
}
