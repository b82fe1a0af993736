import * as v from 'valibot';
import { ACTOR_TYPE_LIST } from './actor.ts';

/**
 * A commitment (sitoumus, åtagande): something the participants agreed to push forward after the
 * day. The commitments phase produces these; exports, the archive and follow-up read them.
 */

export const COMMITMENT_STATUSES = {
	notStarted: 'not_started',
	inProgress: 'in_progress',
	done: 'done',
	dropped: 'dropped'
} as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[keyof typeof COMMITMENT_STATUSES];
export const COMMITMENT_STATUS_LIST: readonly CommitmentStatus[] =
	Object.values(COMMITMENT_STATUSES);

/** Longest "what" or "first step" text, in UTF-16 code units (a board note's cap). */
export const COMMITMENT_TEXT_MAX_CHARS = 2000;
/** Longest name of a person who agreed to be named. */
export const PERSON_NAME_MAX_CHARS = 200;
/** "YYYY-MM-DD"; the day is checked by {@link isIsoDate}. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written as YYYY-MM-DD (so 2026-02-30 is refused). */
export function isIsoDate(value: string): boolean {
	if (!ISO_DATE_PATTERN.test(value)) return false;
	const [year, month, day] = value.split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1;
}

export const isoDateSchema = v.pipe(
	v.string(),
	v.regex(ISO_DATE_PATTERN, 'expected a date YYYY-MM-DD'),
	v.check(isIsoDate, 'expected a calendar day'),
	v.description('Calendar day, YYYY-MM-DD.')
);

const commitmentText = v.pipe(v.string(), v.maxLength(COMMITMENT_TEXT_MAX_CHARS));

/** The fields of a commitment, for schemas that extend it (a locality's list adds the workshop). */
export const COMMITMENT_ENTRIES = {
	/** Stable id, so follow-up notes and status changes find the same commitment. */
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
	/** What will be done, in the participants' words. */
	what: v.pipe(commitmentText, v.minLength(1)),
	/** Which kind of organisation owns it; never an organisation's name. */
	ownerActorType: v.picklist(ACTOR_TYPE_LIST),
	/**
	 * A person named as responsible, only when that person agreed to be named (a network
	 * dialogue needs somebody to call); null otherwise.
	 */
	namedPerson: v.nullable(v.pipe(v.string(), v.maxLength(PERSON_NAME_MAX_CHARS))),
	/** By when; null when the table set no date. */
	due: v.nullable(isoDateSchema),
	/** The first concrete step; '' when none was written. */
	firstStep: commitmentText,
	/** Follow-up status, set by the network after the day. */
	status: v.picklist(COMMITMENT_STATUS_LIST),
	/** True once the room agreed to it; drafts that were not agreed stay false. */
	agreed: v.boolean(),
	/** The table (1…) that proposed it; null for the plenary. */
	table: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)))
};

export const CommitmentSchema = v.pipe(
	v.strictObject(COMMITMENT_ENTRIES),
	v.description('A commitment agreed in a workshop, with its follow-up status.')
);

export type Commitment = v.InferOutput<typeof CommitmentSchema>;

/** Open (not done, not dropped) and past its due day on `today` (YYYY-MM-DD). */
export function isOverdue(commitment: Commitment, today: string): boolean {
	const open = commitment.status === 'not_started' || commitment.status === 'in_progress';
	return open && commitment.due !== null && commitment.due < today;
}
