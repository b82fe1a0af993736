import { ACTOR_TYPE_LIST, type ActorType } from '#shared/model/actor.ts';
import {
	PREFERRED_LANGUAGES,
	REGISTRATION_LIMITS,
	type PreferredLanguage,
	type PreTaskQuestion
} from '#shared/model/registration.ts';
import type { LocalisedText } from '#shared/model/workshop.ts';
import type { RegistrationInput } from '#server/registrations/registration-service.ts';
import { FIELD_MAX_CHARS, type FieldError, type FieldErrors } from '$lib/forms/fields.ts';
import type { Parsed } from './forms.ts';

/** A text field, trimmed; anything that is not a string (a file, a missing field) reads as ''. */
function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

function tooLong(value: string, max: number): FieldError | undefined {
	return value.length > max ? { key: 'too_long', limit: max } : undefined;
}

/** The form field of a question's answer. Question ids are nanoid, safe in a name. */
export const answerField = (questionId: string) => `answer-${questionId}`;

type RegistrationField =
	'displayName' | 'organisation' | 'actorType' | 'language' | `answer-${string}`;

/**
 * The registration form. Only the workshop's own questions are read, each answer capped; a name
 * is required here (unlike /join), since the attendance list for funders needs it.
 */
export function parseRegistrationForm(
	form: FormData,
	questions: readonly PreTaskQuestion[]
): Parsed<RegistrationInput, RegistrationField> {
	const values: Partial<Record<RegistrationField, string>> = {
		displayName: text(form, 'displayName'),
		organisation: text(form, 'organisation'),
		actorType: text(form, 'actorType'),
		language: text(form, 'language')
	};
	const errors: FieldErrors<RegistrationField> = {
		displayName: !values.displayName
			? { key: 'name_missing' }
			: tooLong(values.displayName, FIELD_MAX_CHARS.displayName),
		organisation: !values.organisation
			? { key: 'organisation_missing' }
			: tooLong(values.organisation, FIELD_MAX_CHARS.organisation),
		actorType: ACTOR_TYPE_LIST.includes(values.actorType as ActorType)
			? undefined
			: { key: 'choice_missing' },
		language: (PREFERRED_LANGUAGES as readonly string[]).includes(values.language ?? '')
			? undefined
			: { key: 'choice_missing' }
	};
	const answers: Record<string, string> = {};
	for (const question of questions) {
		const field = answerField(question.id) as RegistrationField;
		const answer = text(form, field);
		values[field] = answer;
		errors[field] = tooLong(answer, REGISTRATION_LIMITS.answerChars);
		if (answer) answers[question.id] = answer;
	}
	const failed = Object.values(errors).some((error) => error !== undefined);
	if (failed) {
		// Refilled into the form: an answer over the cap is cut, so the page never echoes a megabyte.
		for (const [field, value] of Object.entries(values)) {
			values[field as RegistrationField] = value?.slice(0, REGISTRATION_LIMITS.answerChars + 1);
		}
		return { ok: false, errors, values };
	}
	return {
		ok: true,
		value: {
			displayName: values.displayName!,
			organisation: values.organisation!,
			actorType: values.actorType as ActorType,
			language: values.language as PreferredLanguage,
			nameWithAnswers: form.get('nameWithAnswers') === 'yes',
			answers
		}
	};
}

type QuestionField = 'questionFi' | 'questionSv' | 'questionEn';

/** A new pre-task question: each language optional, at least one written, each capped. */
export function parseQuestionForm(form: FormData): Parsed<LocalisedText, QuestionField> {
	const values = {
		questionFi: text(form, 'questionFi'),
		questionSv: text(form, 'questionSv'),
		questionEn: text(form, 'questionEn')
	};
	const max = REGISTRATION_LIMITS.questionChars;
	const empty = !values.questionFi && !values.questionSv && !values.questionEn;
	const errors: FieldErrors<QuestionField> = {
		questionFi: empty ? { key: 'question_missing' } : tooLong(values.questionFi, max),
		questionSv: tooLong(values.questionSv, max),
		questionEn: tooLong(values.questionEn, max)
	};
	const failed = Object.values(errors).some((error) => error !== undefined);
	if (failed) return { ok: false, errors, values };
	return {
		ok: true,
		value: { fi: values.questionFi, sv: values.questionSv, en: values.questionEn }
	};
}
