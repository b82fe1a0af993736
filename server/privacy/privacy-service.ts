import type { ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { ParticipantRecord, Storage } from '../storage/storage.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import { RETENTION_DAYS, retentionEndsAt } from './retention.ts';

/** Personal data of a workshop was erased; the realtime layer closes these people's connections. */
export interface Erasure {
	workshopId: WorkshopId;
	participantIds: ParticipantId[];
	reason: 'participant' | 'facilitator' | 'retention';
}

/** One line of the attendance list: never anything anybody wrote. */
export interface AttendanceEntry {
	/** Null when the participant gave no name. */
	displayName: string | null;
	organisation: string;
	actorType: ParticipantRecord['actorType'];
	/** Epoch ms. */
	joinedAt: number;
}

/** A workshop's retention as the facilitator sees it. */
export interface RetentionView {
	/** Days after the workshop day; the default when none was set. */
	retentionDays: number;
	/** Epoch ms from which the retention job erases the workshop's personal data. */
	erasesAt: number;
	/** Epoch ms of the last erasure; null when never. */
	erasedAt: number | null;
	/** How many people's data is still stored. */
	participants: number;
}

/**
 * Personal data (issue 5): a participant erases their own, a facilitator erases a workshop's, the
 * retention job erases what is past its workshop's retention. Erasure keeps the anonymous outputs:
 * boards carry only author keys and actor types, commitments keep everything but a named person.
 */
export class PrivacyService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #now: () => number;
	readonly #listeners = new Set<(erasure: Erasure) => void>();

	constructor(options: { storage: Storage; workshops: WorkshopService; now?: () => number }) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#now = options.now ?? Date.now;
	}

	onErased(listener: (erasure: Erasure) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Erases the participant the caller authenticated (their own token): there is no way to name
	 * somebody else. A commitment that names them by their display name loses the name.
	 */
	async eraseSelf(participant: ParticipantRecord): Promise<boolean> {
		const erased = await this.#storage.privacy.eraseParticipant(participant.id, {
			namedPerson: participant.displayName
		});
		if (!erased) return false;
		this.#emit({
			workshopId: erased.workshopId,
			participantIds: [erased.id],
			reason: 'participant'
		});
		return true;
	}

	/** Erases every participant's personal data of the workshop; its facilitators only. */
	async eraseWorkshop(userId: UserId, workshopId: WorkshopId): Promise<number> {
		await this.#requireFacilitator(userId, workshopId);
		return this.#eraseWorkshop(workshopId, 'facilitator');
	}

	/** The attendance list for funders, in joining order; the workshop's facilitators only. */
	async attendance(userId: UserId, workshopId: WorkshopId): Promise<AttendanceEntry[]> {
		await this.#requireFacilitator(userId, workshopId);
		const participants = await this.#storage.participants.listByWorkshop(workshopId);
		return participants.map(({ displayName, organisation, actorType, joinedAt }) => ({
			displayName,
			organisation,
			actorType,
			joinedAt
		}));
	}

	/** Epoch ms from which the workshop's personal data is erased; what a participant is told. */
	async erasesAt(workshop: { id: WorkshopId; date: string }): Promise<number> {
		const stored = await this.#storage.privacy.retention(workshop.id);
		return retentionEndsAt(workshop.date, stored.retentionDays ?? RETENTION_DAYS.default);
	}

	async retention(userId: UserId, workshopId: WorkshopId): Promise<RetentionView> {
		const workshop = await this.#requireFacilitator(userId, workshopId);
		const [stored, participants] = await Promise.all([
			this.#storage.privacy.retention(workshopId),
			this.#storage.participants.listByWorkshop(workshopId)
		]);
		const retentionDays = stored.retentionDays ?? RETENTION_DAYS.default;
		return {
			retentionDays,
			erasesAt: retentionEndsAt(workshop.date, retentionDays),
			erasedAt: stored.erasedAt,
			participants: participants.length
		};
	}

	/** Fails with 'invalid_payload' outside RETENTION_DAYS.min…max whole days. */
	async setRetentionDays(userId: UserId, workshopId: WorkshopId, days: number): Promise<void> {
		await this.#requireFacilitator(userId, workshopId);
		if (!Number.isInteger(days) || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max) {
			throw new RajapintaError('invalid_payload', `retention days ${days} out of bounds`);
		}
		await this.#storage.privacy.setRetentionDays(workshopId, days);
	}

	/**
	 * Erases the personal data of every workshop whose retention has ended by now. One workshop's
	 * failure is logged and the others still run; returns the workshops erased.
	 */
	async sweep(log: (message: string) => void = console.error): Promise<WorkshopId[]> {
		const now = this.#now();
		const holders = await this.#storage.privacy.listHolders();
		const erased: WorkshopId[] = [];
		for (const holder of holders) {
			const days = holder.retentionDays ?? RETENTION_DAYS.default;
			if (retentionEndsAt(holder.date, days) > now) continue;
			try {
				await this.#eraseWorkshop(holder.workshopId, 'retention');
				erased.push(holder.workshopId);
			} catch (error) {
				log(`[privacy] retention erasure of ${holder.workshopId} failed: ${error}`);
			}
		}
		return erased;
	}

	async #eraseWorkshop(workshopId: WorkshopId, reason: Erasure['reason']): Promise<number> {
		const ids = await this.#storage.privacy.eraseWorkshop(workshopId, this.#now());
		if (ids.length > 0) this.#emit({ workshopId, participantIds: ids, reason });
		return ids.length;
	}

	async #requireFacilitator(userId: UserId, workshopId: WorkshopId) {
		const workshop = await this.#workshops.get(workshopId);
		if (!workshop) throw new RajapintaError('not_found', `no workshop ${workshopId}`);
		if (!(await this.#workshops.isFacilitator(workshopId, userId))) {
			throw new RajapintaError('forbidden', `not a facilitator of ${workshopId}`);
		}
		return workshop;
	}

	#emit(erasure: Erasure): void {
		for (const listener of this.#listeners) {
			try {
				listener(erasure);
			} catch (error) {
				console.error(`[privacy] erasure listener failed: ${error}`);
			}
		}
	}
}
