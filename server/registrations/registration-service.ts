import { customAlphabet, nanoid } from 'nanoid';
import type { ActorType } from '#shared/model/actor.ts';
import { JOIN_CODE_ALPHABET, type UserId, type WorkshopId } from '#shared/model/ids.ts';
import {
	PERSONAL_CODE_LENGTH,
	REGISTRATION_CODE_LENGTH,
	REGISTRATION_LIMITS,
	REGISTRATION_TOKEN_LENGTH,
	type PreferredLanguage,
	type PreTaskQuestion,
	type RegistrationCode,
	type RegistrationId,
	type RegistrationToken
} from '#shared/model/registration.ts';
import type { LocalisedText } from '#shared/model/workshop.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type {
	ParticipantRecord,
	RegistrationRecord,
	RegistrationSettingsRecord,
	Storage,
	WorkshopRecord
} from '../storage/storage.ts';
import type { WorkshopService } from '../workshops/workshop-service.ts';
import { hashPersonalCode, hashRegistrationToken } from './personal-code.ts';

const newPersonalCode = customAlphabet(JOIN_CODE_ALPHABET, PERSONAL_CODE_LENGTH);
/** Retries when a random code or token is taken; at these lengths a second try is already rare. */
const CREATE_ATTEMPTS = 5;

/** What a person gives when registering (validated by the form parser before it gets here). */
export interface RegistrationInput {
	displayName: string;
	organisation: string;
	actorType: ActorType;
	language: PreferredLanguage;
	nameWithAnswers: boolean;
	/** Question id → answer; ids of questions the workshop does not have are dropped. */
	answers: Record<string, string>;
}

/** A registration as the facilitator's view lists it: no token, no code. */
export interface Registrant {
	id: RegistrationId;
	displayName: string;
	organisation: string;
	actorType: ActorType;
	language: PreferredLanguage;
	arrived: boolean;
	/** Marked by the facilitator as not coming (until they arrive after all). */
	noShow: boolean;
}

/** One question's answers; `name` only where its writer allowed it. */
export interface QuestionAnswers {
	question: PreTaskQuestion;
	answers: { text: string; name: string | null }[];
}

export interface RegistrationOverview {
	settings: RegistrationSettingsRecord | null;
	registrants: Registrant[];
	answers: QuestionAnswers[];
}

/**
 * Registration before the day (issue 5). A facilitator opens a registration link and writes the
 * pre-task questions; a person registers through the link and gets their own link and short code;
 * on the day that link or code seats them as the person they registered as, without an account.
 * Registrations are personal data: erased with their participant, the workshop's personal data or
 * by the retention job (PrivacyStore), or by the person before the day.
 */
export class RegistrationService {
	readonly #storage: Storage;
	readonly #workshops: WorkshopService;
	readonly #now: () => number;

	constructor(options: { storage: Storage; workshops: WorkshopService; now?: () => number }) {
		this.#storage = options.storage;
		this.#workshops = options.workshops;
		this.#now = options.now ?? Date.now;
	}

	/** Everything the facilitator's registration page shows; facilitators only. */
	async overview(userId: UserId, workshopId: WorkshopId): Promise<RegistrationOverview> {
		await this.#requireFacilitator(userId, workshopId);
		const [settings, registrations] = await Promise.all([
			this.#storage.registrations.settings(workshopId),
			this.#storage.registrations.listByWorkshop(workshopId)
		]);
		return {
			settings,
			registrants: registrations.map((registration) => ({
				id: registration.id,
				displayName: registration.displayName,
				organisation: registration.organisation,
				actorType: registration.actorType,
				language: registration.language,
				arrived: registration.participantId !== null,
				noShow: registration.participantId === null && registration.noShowAt !== null
			})),
			answers: collectAnswers(settings?.questions ?? [], registrations)
		};
	}

	/** Opens or closes the registration link; the first opening makes the link. */
	async setOpen(userId: UserId, workshopId: WorkshopId, open: boolean): Promise<void> {
		await this.#requireFacilitator(userId, workshopId);
		await this.#update(workshopId, (settings) => ({ ...settings, open }));
	}

	/**
	 * Marks a registered person who has not arrived as not coming, or takes the mark back. They
	 * can still arrive with their link or code. 'not_found' for a registration of another workshop.
	 */
	async setNoShow(
		userId: UserId,
		workshopId: WorkshopId,
		registrationId: string,
		noShow: boolean
	): Promise<void> {
		await this.#requireFacilitator(userId, workshopId);
		const registrations = await this.#storage.registrations.listByWorkshop(workshopId);
		const registration = registrations.find((r) => r.id === registrationId);
		if (!registration) throw new RajapintaError('not_found', `registration ${registrationId}`);
		await this.#storage.registrations.setNoShow(registration.id, noShow ? this.#now() : null);
	}

	/** Fails with 'invalid_payload' on an empty or too long text or when the questions are full. */
	async addQuestion(userId: UserId, workshopId: WorkshopId, text: LocalisedText): Promise<void> {
		await this.#requireFacilitator(userId, workshopId);
		const texts = Object.values(text);
		if (texts.every((value) => value.trim() === '')) {
			throw new RajapintaError('invalid_payload', 'a question needs a text');
		}
		if (texts.some((value) => value.length > REGISTRATION_LIMITS.questionChars)) {
			throw new RajapintaError('invalid_payload', 'question too long');
		}
		await this.#update(workshopId, (settings) => {
			if (settings.questions.length >= REGISTRATION_LIMITS.questions) {
				throw new RajapintaError('invalid_payload', 'too many questions');
			}
			return { ...settings, questions: [...settings.questions, { id: nanoid(10), text }] };
		});
	}

	/** Answers already given to the question stay stored but are no longer shown. */
	async removeQuestion(userId: UserId, workshopId: WorkshopId, questionId: string): Promise<void> {
		await this.#requireFacilitator(userId, workshopId);
		await this.#update(workshopId, (settings) => ({
			...settings,
			questions: settings.questions.filter((question) => question.id !== questionId)
		}));
	}

	/** The workshop and its settings behind an open registration link; null when closed or unknown. */
	async openLink(
		code: RegistrationCode
	): Promise<{ workshop: WorkshopRecord; settings: RegistrationSettingsRecord } | null> {
		const settings = await this.#storage.registrations.settingsByCode(code);
		if (!settings?.open) return null;
		const workshop = await this.#workshops.get(settings.workshopId);
		return workshop ? { workshop, settings } : null;
	}

	/**
	 * Registers a person through an open link; 'not_found' when the link is closed or unknown.
	 * `personalCode` and `token` (of the person's own link /p/<token>) are the only copies: only
	 * their hashes are stored.
	 */
	async register(
		code: RegistrationCode,
		input: RegistrationInput
	): Promise<{ registration: RegistrationRecord; personalCode: string; token: RegistrationToken }> {
		const link = await this.openLink(code);
		if (!link) throw new RajapintaError('not_found', 'registration link closed or unknown');
		const asked = new Set(link.settings.questions.map((question) => question.id));
		const answers = Object.fromEntries(
			Object.entries(input.answers).filter(([id, text]) => asked.has(id) && text !== '')
		);
		for (let attempt = 1; ; attempt++) {
			const personalCode = newPersonalCode();
			const token = nanoid(REGISTRATION_TOKEN_LENGTH) as RegistrationToken;
			const record: RegistrationRecord = {
				id: nanoid(16) as RegistrationId,
				workshopId: link.workshop.id,
				tokenHash: hashRegistrationToken(token),
				personalCodeHash: hashPersonalCode(personalCode),
				displayName: input.displayName,
				organisation: input.organisation,
				actorType: input.actorType,
				language: input.language,
				nameWithAnswers: input.nameWithAnswers,
				answers,
				createdAt: this.#now(),
				participantId: null,
				noShowAt: null
			};
			try {
				await this.#storage.registrations.create(record);
				return { registration: record, personalCode, token };
			} catch (error) {
				const taken = error instanceof RajapintaError && error.code === 'conflict';
				if (!taken || attempt >= CREATE_ATTEMPTS) throw error;
			}
		}
	}

	/** `token` from the person's own link /p/<token>: only its hash is stored. */
	byToken(token: RegistrationToken): Promise<RegistrationRecord | null> {
		return this.#storage.registrations.findByTokenHash(hashRegistrationToken(token));
	}

	/** `code` as typed: upper case, without the dash (normalisePersonalCode). */
	byPersonalCode(code: string): Promise<RegistrationRecord | null> {
		return this.#storage.registrations.findByPersonalCodeHash(hashPersonalCode(code));
	}

	/**
	 * Issues a new personal code for the registration; the old one stops working. Returns the new
	 * code (shown to the person once) or null when the registration is gone.
	 */
	async reissueCode(registration: RegistrationRecord): Promise<string | null> {
		for (let attempt = 1; ; attempt++) {
			const personalCode = newPersonalCode();
			try {
				const found = await this.#storage.registrations.setPersonalCodeHash(
					registration.id,
					hashPersonalCode(personalCode)
				);
				return found ? personalCode : null;
			} catch (error) {
				const taken = error instanceof RajapintaError && error.code === 'conflict';
				if (!taken || attempt >= CREATE_ATTEMPTS) throw error;
			}
		}
	}

	/**
	 * Seats the registered person (the mixer places them by their actor type and organisation), or
	 * returns the participant they already became: opening the link again on another device is the
	 * same person. Null when the workshop or the registration is gone.
	 */
	async arrive(registration: RegistrationRecord): Promise<ParticipantRecord | null> {
		for (let attempt = 1; attempt <= 2; attempt++) {
			const current = await this.#storage.registrations.findByTokenHash(registration.tokenHash);
			if (!current) return null;
			if (current.participantId) return this.#storage.participants.findById(current.participantId);
			const workshop = await this.#workshops.get(current.workshopId);
			if (!workshop) return null;
			const seated = await this.#workshops.seat(workshop, current, (participant) =>
				this.#storage.registrations.arrive(current.id, participant)
			);
			if (seated) return seated;
			// Another device arrived in between: the next round returns their participant.
		}
		return null;
	}

	/**
	 * What the participant registered before the day, with the questions they answered: for their
	 * own view of their personal data. Null for a walk-in.
	 */
	async ofParticipant(
		participant: ParticipantRecord
	): Promise<{ registration: RegistrationRecord; questions: PreTaskQuestion[] } | null> {
		const [registrations, settings] = await Promise.all([
			this.#storage.registrations.listByWorkshop(participant.workshopId),
			this.#storage.registrations.settings(participant.workshopId)
		]);
		const registration = registrations.find((r) => r.participantId === participant.id);
		if (!registration) return null;
		const questions = (settings?.questions ?? []).filter((q) => registration.answers[q.id]);
		return { registration, questions };
	}

	/** The person erases their registration before the day (after it, they erase their participant). */
	deleteOwn(registration: RegistrationRecord): Promise<boolean> {
		return this.#storage.registrations.delete(registration.id);
	}

	async #update(
		workshopId: WorkshopId,
		change: (settings: RegistrationSettingsRecord) => RegistrationSettingsRecord
	): Promise<void> {
		const stored = await this.#storage.registrations.settings(workshopId);
		const current: RegistrationSettingsRecord = stored ?? {
			workshopId,
			code: nanoid(REGISTRATION_CODE_LENGTH) as RegistrationCode,
			open: false,
			questions: [],
			updatedAt: this.#now()
		};
		// Fine for a facilitator pair: two edits in the same instant could lose one question.
		await this.#storage.registrations.saveSettings({ ...change(current), updatedAt: this.#now() });
	}

	async #requireFacilitator(userId: UserId, workshopId: WorkshopId): Promise<WorkshopRecord> {
		const workshop = await this.#workshops.get(workshopId);
		if (!workshop) throw new RajapintaError('not_found', `no workshop ${workshopId}`);
		if (!(await this.#workshops.isFacilitator(workshopId, userId))) {
			throw new RajapintaError('forbidden', `not a facilitator of ${workshopId}`);
		}
		return workshop;
	}
}

/**
 * The answers per question: named ones in registration order, then the unnamed ones. A name goes
 * with an answer only when its writer allowed it; otherwise nothing in the answer points back at
 * the person.
 */
export function collectAnswers(
	questions: readonly PreTaskQuestion[],
	registrations: readonly RegistrationRecord[]
): QuestionAnswers[] {
	return questions.map((question) => {
		const named: QuestionAnswers['answers'] = [];
		const unnamed: QuestionAnswers['answers'] = [];
		for (const registration of registrations) {
			const text = registration.answers[question.id];
			if (!text) continue;
			if (registration.nameWithAnswers) named.push({ text, name: registration.displayName });
			else unnamed.push({ text, name: null });
		}
		// Alphabetical, not in registration order: the order of the list of registered people
		// must not tell who wrote an unnamed answer.
		unnamed.sort((a, b) => a.text.localeCompare(b.text, 'fi'));
		return { question, answers: [...named, ...unnamed] };
	});
}
