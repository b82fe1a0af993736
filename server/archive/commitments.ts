import { nanoid } from 'nanoid';
import * as v from 'valibot';
import {
	CommitmentDraftSchema,
	FollowUpInputSchema,
	MAX_COMMITMENTS_PER_TABLE,
	fieldErrors,
	type CommitmentDraft
} from '#shared/model/commitment-record.ts';
import type { ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { CommitmentEdit, CommitmentRecord, Storage } from '../storage/storage.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import { FieldError, StateError } from './errors.ts';

/** Who is asking: a participant seated at a table, or a signed-in account. */
export type CommitmentActor =
	{ kind: 'participant'; participantId: ParticipantId } | { kind: 'user'; userId: UserId };

/**
 * Commitments as workshop records (issue 6). The rules, all enforced here rather than in pages:
 * - a participant reads and writes only their own table's commitments, and writes only while the
 *   current phase is a commitments phase;
 * - only the workshop's facilitators mark a commitment agreed (or take that back): the room agrees
 *   in the plenary, and what is agreed goes into the reports;
 * - once agreed, a commitment is the room's: a participant may no longer edit or remove it (409
 *   conflict, form code 'agreed_locked'), so the export cannot change silently; the facilitators
 *   still edit it, or take the agreement back first;
 * - the workshop's facilitators read and write every table's commitments at any time;
 * - follow-up (status with a dated note) is for members of a network the workshop is shared with,
 *   and for its facilitators, and only on agreed commitments.
 */
export class CommitmentService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #now: () => number;

	constructor(options: { storage: Storage; workshops: WorkshopService; now?: () => number }) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#now = options.now ?? Date.now;
	}

	/** Parses a draft or throws FieldError with per-field codes. */
	parseDraft(input: unknown): CommitmentDraft {
		const parsed = v.safeParse(CommitmentDraftSchema, input);
		if (parsed.success) return parsed.output;
		throw new FieldError(fieldErrors(parsed.issues));
	}

	/** True while participants may edit: the current phase is a commitments phase. */
	async phaseOpen(workshopId: WorkshopId): Promise<boolean> {
		const state = await this.#workshops.state(workshopId);
		return state?.phases[state.phaseIndex]?.kind === 'commitments';
	}

	/** A table's commitments for a participant at it, or every table's for a facilitator. */
	async list(actor: CommitmentActor, workshopId: WorkshopId): Promise<CommitmentRecord[]> {
		const table = await this.#requireReader(actor, workshopId);
		const all = await this.#storage.commitments.listByWorkshop(workshopId);
		return table === null ? all : all.filter((c) => c.table === table);
	}

	async propose(options: {
		actor: CommitmentActor;
		workshopId: WorkshopId;
		/** The proposing table; a participant's own table is used whatever is given. */
		table: number | null;
		input: unknown;
	}): Promise<CommitmentRecord> {
		const { actor, workshopId } = options;
		const seat = await this.#requireWriter(actor, workshopId);
		const draft = this.parseDraft(options.input);
		const table = seat ?? options.table;
		const at = this.#now();
		const record: CommitmentRecord = {
			id: nanoid(16),
			workshopId,
			table,
			...fieldsOf(draft),
			status: 'not_started',
			agreed: false,
			createdAt: at,
			updatedAt: at
		};
		const stored = await this.#storage.commitments.create(record, {
			maxPerTable: MAX_COMMITMENTS_PER_TABLE
		});
		if (!stored) throw new RajapintaError('too_large', 'the table has its maximum of commitments');
		return record;
	}

	async edit(options: {
		actor: CommitmentActor;
		workshopId: WorkshopId;
		id: string;
		input: unknown;
	}): Promise<CommitmentRecord> {
		const existing = await this.#writable(options.actor, options.workshopId, options.id);
		refuseAgreedForParticipant(options.actor, existing);
		const draft = this.parseDraft(options.input);
		return this.#save(existing, { ...fieldsOf(draft), agreed: existing.agreed });
	}

	async setAgreed(options: {
		actor: CommitmentActor;
		workshopId: WorkshopId;
		id: string;
		agreed: boolean;
	}): Promise<CommitmentRecord> {
		const existing = await this.#writable(options.actor, options.workshopId, options.id);
		if (options.actor.kind !== 'user') {
			throw new RajapintaError('forbidden', 'only the facilitators mark a commitment agreed');
		}
		return this.#save(existing, { ...existing, agreed: options.agreed });
	}

	async remove(options: { actor: CommitmentActor; workshopId: WorkshopId; id: string }) {
		const existing = await this.#writable(options.actor, options.workshopId, options.id);
		refuseAgreedForParticipant(options.actor, existing);
		await this.#storage.commitments.delete(options.workshopId, options.id);
	}

	/**
	 * Records a follow-up entry. Refused (not_found) for anybody who may not see the workshop in an
	 * archive, so the answer says nothing about which commitments exist.
	 */
	async followUp(options: { userId: UserId; id: string; input: unknown }): Promise<void> {
		const commitment = await this.#storage.commitments.findById(options.id);
		if (!commitment || !(await this.canFollowUp(options.userId, commitment.workshopId))) {
			throw new RajapintaError('not_found', 'no such commitment for this account');
		}
		if (!commitment.agreed) throw new RajapintaError('conflict', 'only agreed commitments');
		const parsed = v.safeParse(FollowUpInputSchema, options.input);
		if (!parsed.success) throw new FieldError(fieldErrors(parsed.issues));
		await this.#storage.commitments.addFollowUp({
			id: nanoid(16),
			commitmentId: commitment.id,
			...parsed.output,
			authorId: options.userId,
			createdAt: this.#now()
		});
	}

	/** Network members of a network the workshop is shared with, and its facilitators. */
	async canFollowUp(userId: UserId, workshopId: WorkshopId): Promise<boolean> {
		return (
			(await this.#storage.networks.memberSees(workshopId, userId)) ||
			(await this.#workshops.isFacilitator(workshopId, userId))
		);
	}

	async #save(existing: CommitmentRecord, next: Omit<CommitmentEdit, 'updatedAt'>) {
		const updated = await this.#storage.commitments.update(existing.workshopId, existing.id, {
			what: next.what,
			ownerActorType: next.ownerActorType,
			namedPerson: next.namedPerson,
			due: next.due,
			firstStep: next.firstStep,
			agreed: next.agreed,
			updatedAt: this.#now()
		});
		if (!updated) throw new RajapintaError('not_found', 'the commitment was removed');
		return updated;
	}

	async #writable(actor: CommitmentActor, workshopId: WorkshopId, id: string) {
		const seat = await this.#requireWriter(actor, workshopId);
		const existing = await this.#storage.commitments.findById(id);
		const visible =
			existing !== null &&
			existing.workshopId === workshopId &&
			(seat === null || existing.table === seat);
		if (!visible) throw new RajapintaError('not_found', 'no such commitment at this table');
		return existing;
	}

	/**
	 * Throws not_found unless the actor may read the workshop's commitments. Returns the
	 * participant's table, read from the stored seat (a facilitator may have moved them), or null
	 * for a facilitator, who reads every table.
	 */
	async #requireReader(actor: CommitmentActor, workshopId: WorkshopId): Promise<number | null> {
		if (actor.kind === 'user') {
			if (await this.#workshops.isFacilitator(workshopId, actor.userId)) return null;
		} else {
			const seat = await this.#storage.participants.findById(actor.participantId);
			if (seat && seat.workshopId === workshopId) return seat.table;
		}
		throw new RajapintaError('not_found', 'not this workshop');
	}

	async #requireWriter(actor: CommitmentActor, workshopId: WorkshopId): Promise<number | null> {
		const table = await this.#requireReader(actor, workshopId);
		if (table !== null && !(await this.phaseOpen(workshopId))) {
			throw new RajapintaError('locked', 'the commitments phase is not open');
		}
		return table;
	}
}

/** A participant may not change what the room agreed; the facilitators may. */
function refuseAgreedForParticipant(actor: CommitmentActor, commitment: CommitmentRecord) {
	if (actor.kind === 'participant' && commitment.agreed) {
		throw new StateError(
			'agreed_locked',
			'the commitment is agreed; only a facilitator changes it'
		);
	}
}

function fieldsOf(draft: CommitmentDraft) {
	return {
		what: draft.what,
		ownerActorType: draft.ownerActorType,
		// Kept only with consent; the schema already refuses a name without it.
		namedPerson: draft.namedPersonConsent ? draft.namedPerson : null,
		due: draft.due,
		firstStep: draft.firstStep
	};
}
