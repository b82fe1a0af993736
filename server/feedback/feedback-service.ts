import * as v from 'valibot';
import { fieldErrors } from '#shared/model/commitment-record.ts';
import {
	FeedbackFormSchema,
	answerOf,
	summariseFeedback,
	type FeedbackSummaryView
} from '#shared/model/feedback.ts';
import type { ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { FieldError } from '../archive/errors.ts';
import type { Storage } from '../storage/storage.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';

/**
 * The anonymous feedback survey (issue 4). The rules, enforced here rather than in pages:
 * - a participant answers only in their own workshop, only while its current phase is a feedback
 *   phase, and only once;
 * - the answer is stored without anything that names or seats them (see FeedbackStore);
 * - only the workshop's facilitators read the summary, and its open texts come shuffled.
 */
export class FeedbackService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #random: () => number;

	constructor(options: { storage: Storage; workshops: WorkshopService; random?: () => number }) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#random = options.random ?? Math.random;
	}

	/** True while participants may answer: the current phase is a feedback phase. */
	async phaseOpen(workshopId: WorkshopId): Promise<boolean> {
		const state = await this.#workshops.state(workshopId);
		return state?.phases[state.phaseIndex]?.kind === 'feedback';
	}

	hasAnswered(participantId: ParticipantId): Promise<boolean> {
		return this.#storage.feedback.hasAnswered(participantId);
	}

	/**
	 * Stores a participant's answer. Returns false when they had answered already. Throws
	 * FieldError for a bad form, 'locked' outside the feedback phase and 'not_found' for a
	 * participant of another workshop.
	 */
	async submit(options: {
		participantId: ParticipantId;
		workshopId: WorkshopId;
		input: unknown;
	}): Promise<boolean> {
		const { participantId, workshopId } = options;
		const parsed = v.safeParse(FeedbackFormSchema, options.input);
		if (!parsed.success) throw new FieldError(fieldErrors(parsed.issues));
		const seat = await this.#storage.participants.findById(participantId);
		if (!seat || seat.workshopId !== workshopId) {
			throw new RajapintaError('not_found', 'not this workshop');
		}
		if (!(await this.phaseOpen(workshopId))) {
			throw new RajapintaError('locked', 'the feedback phase is not open');
		}
		return this.#storage.feedback.submit(workshopId, participantId, answerOf(parsed.output));
	}

	/** The summary for one of the workshop's facilitators; 'not_found' for anybody else. */
	async summary(options: { userId: UserId; workshopId: WorkshopId }): Promise<FeedbackSummaryView> {
		if (!(await this.#workshops.isFacilitator(options.workshopId, options.userId))) {
			throw new RajapintaError('not_found', 'not a facilitator of this workshop');
		}
		return summariseFeedback(
			await this.#storage.feedback.listAnswers(options.workshopId),
			this.#random
		);
	}
}
