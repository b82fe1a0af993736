import * as v from 'valibot';
import { ACTOR_TYPE_LIST, type ActorType } from './actor.ts';
import {
	COMMITMENT_STATUS_LIST,
	COMMITMENT_TEXT_MAX_CHARS,
	PERSON_NAME_MAX_CHARS,
	isoDateSchema
} from './commitment.ts';

/**
 * What a table writes when it proposes or edits a commitment, and what a network member writes
 * when following one up. Forms send strings; these schemas trim them, turn empty optional fields
 * into null and cap every size before anything reaches storage.
 */

/** A table can hold at most this many commitments (drafts included). */
export const MAX_COMMITMENTS_PER_TABLE = 30;
/** Longest follow-up note, in UTF-16 code units. */
export const FOLLOW_UP_NOTE_MAX_CHARS = 2000;

const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const optionalText = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max),
		v.transform((value) => (value === '' ? null : value))
	);

/**
 * A commitment as a table proposes it. A person is named only when that person ticked the consent
 * box; a name without consent is refused, never stored.
 */
export const CommitmentDraftSchema = v.pipe(
	v.strictObject({
		what: v.pipe(trimmed(COMMITMENT_TEXT_MAX_CHARS), v.minLength(1, 'what_required')),
		ownerActorType: v.picklist(ACTOR_TYPE_LIST, 'owner_required'),
		due: v.pipe(
			optionalText(10),
			v.check((value) => value === null || v.is(isoDateSchema, value), 'due_invalid')
		),
		firstStep: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(COMMITMENT_TEXT_MAX_CHARS)),
		namedPerson: optionalText(PERSON_NAME_MAX_CHARS),
		/** The named person's own tick: "I agree to be named in this commitment". */
		namedPersonConsent: v.optional(v.boolean(), false)
	}),
	v.forward(
		v.check((draft) => draft.namedPerson === null || draft.namedPersonConsent, 'consent_required'),
		['namedPersonConsent']
	)
);
export type CommitmentDraft = v.InferOutput<typeof CommitmentDraftSchema>;

/** A network member's follow-up entry: the new status and a dated note. */
export const FollowUpInputSchema = v.strictObject({
	status: v.picklist(COMMITMENT_STATUS_LIST, 'status_required'),
	/** The day the note is about, YYYY-MM-DD (defaults to today in the form). */
	date: isoDateSchema,
	note: trimmed(FOLLOW_UP_NOTE_MAX_CHARS)
});
export type FollowUpInput = v.InferOutput<typeof FollowUpInputSchema>;

/** What a page shows of a stored commitment (no bookkeeping fields). */
export interface CommitmentView {
	id: string;
	/** The proposing table; null for the plenary. */
	table: number | null;
	what: string;
	ownerActorType: ActorType;
	namedPerson: string | null;
	due: string | null;
	firstStep: string;
	agreed: boolean;
}

/** Field names of a draft, as the forms send them. */
export const COMMITMENT_FIELDS = [
	'what',
	'ownerActorType',
	'due',
	'firstStep',
	'namedPerson',
	'namedPersonConsent'
] as const;

/** Reads a draft from a submitted form; checkboxes arrive as "on" or not at all. */
export function draftFromForm(form: FormData): unknown {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		what: text('what'),
		ownerActorType: text('ownerActorType'),
		due: text('due'),
		firstStep: text('firstStep'),
		namedPerson: text('namedPerson'),
		namedPersonConsent: form.get('namedPersonConsent') !== null
	};
}

/** The first issue message per field, e.g. { what: 'what_required' }. */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const key = issue.path?.[0]?.key;
		const field = typeof key === 'string' ? key : 'form';
		errors[field] ??= /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid';
	}
	return errors;
}
