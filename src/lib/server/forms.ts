import { error } from '@sveltejs/kit';
import { ACTOR_TYPE_LIST, WORKSHOP_DURATION_LIST } from '#shared/model/actor.ts';
import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import { normaliseJoinCode, type JoinCode } from '#shared/model/ids.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '#server/auth/password.ts';
import {
	FIELD_MAX_CHARS,
	TABLE_COUNT,
	type FieldError,
	type FieldErrors
} from '$lib/forms/fields.ts';

/** Parsed input, or the problems plus the submitted values to refill the form with. */
export type Parsed<T, F extends string> =
	| { ok: true; value: T }
	| { ok: false; errors: FieldErrors<F>; values: Partial<Record<F, string>> };

export { MIN_PASSWORD_LENGTH };

/**
 * The submitted form, or a 400 when the body does not parse as one (a truncated multipart body,
 * a wrong content type). `request.formData()` throws a TypeError then, which SvelteKit would turn
 * into a 500: the client's fault must not look like the server's (issue 7 fuzz).
 */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, { message: 'bad_request', code: 'bad_request' });
	}
}

/** A text field, trimmed; anything that is not a string (a file, a missing field) reads as ''. */
function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

function tooLong(value: string, max: number): FieldError | undefined {
	return value.length > max ? { key: 'too_long', limit: max } : undefined;
}

function result<T, F extends string>(
	errors: FieldErrors<F>,
	values: Partial<Record<F, string>>,
	value: () => T
): Parsed<T, F> {
	const failed = Object.values(errors).some((error) => error !== undefined);
	return failed ? { ok: false, errors, values } : { ok: true, value: value() };
}

export interface JoinInput {
	code: JoinCode;
	displayName: string | null;
	organisation: string;
	actorType: ActorType;
}

type JoinField = 'code' | 'displayName' | 'organisation' | 'actorType';

export function parseJoinForm(form: FormData): Parsed<JoinInput, JoinField> {
	const values = {
		code: text(form, 'code'),
		displayName: text(form, 'displayName'),
		organisation: text(form, 'organisation'),
		actorType: text(form, 'actorType')
	};
	const code =
		values.code.length <= FIELD_MAX_CHARS.joinCode ? normaliseJoinCode(values.code) : null;
	const errors: FieldErrors<JoinField> = {
		code: !values.code
			? { key: 'code_missing' }
			: code === null
				? { key: 'code_malformed' }
				: undefined,
		displayName: tooLong(values.displayName, FIELD_MAX_CHARS.displayName),
		organisation: !values.organisation
			? { key: 'organisation_missing' }
			: tooLong(values.organisation, FIELD_MAX_CHARS.organisation),
		actorType: ACTOR_TYPE_LIST.includes(values.actorType as ActorType)
			? undefined
			: { key: 'choice_missing' }
	};
	return result(errors, values, () => ({
		code: code!,
		displayName: values.displayName || null,
		organisation: values.organisation,
		actorType: values.actorType as ActorType
	}));
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function email(value: string): FieldError | undefined {
	if (value.length > FIELD_MAX_CHARS.email)
		return { key: 'too_long', limit: FIELD_MAX_CHARS.email };
	return EMAIL_PATTERN.test(value) ? undefined : { key: 'email_invalid' };
}

export interface SignUpInput {
	displayName: string;
	email: string;
	password: string;
}

type SignUpField = 'displayName' | 'email' | 'password';

export function parseSignUpForm(form: FormData): Parsed<SignUpInput, SignUpField> {
	// Passwords are taken as typed: spaces at either end are part of them.
	const rawPassword = form.get('password');
	const password = typeof rawPassword === 'string' ? rawPassword : '';
	const values = { displayName: text(form, 'displayName'), email: text(form, 'email') };
	const errors: FieldErrors<SignUpField> = {
		displayName: !values.displayName
			? { key: 'name_missing' }
			: tooLong(values.displayName, FIELD_MAX_CHARS.userName),
		email: email(values.email),
		password: !password
			? { key: 'password_missing' }
			: password.length < MIN_PASSWORD_LENGTH
				? { key: 'password_short', limit: MIN_PASSWORD_LENGTH }
				: tooLong(password, MAX_PASSWORD_LENGTH)
	};
	return result(errors, values, () => ({ ...values, password }));
}

export interface SignInInput {
	email: string;
	password: string;
}

type SignInField = 'email' | 'password';

export function parseSignInForm(form: FormData): Parsed<SignInInput, SignInField> {
	const rawPassword = form.get('password');
	const password = typeof rawPassword === 'string' ? rawPassword : '';
	const values = { email: text(form, 'email') };
	const errors: FieldErrors<SignInField> = {
		email: email(values.email),
		password: !password ? { key: 'password_missing' } : tooLong(password, MAX_PASSWORD_LENGTH)
	};
	return result(errors, values, () => ({ email: values.email, password }));
}

export interface WorkshopInput {
	title: string;
	locality: string;
	date: string;
	duration: WorkshopDuration;
	tableCount: number;
}

type WorkshopField = 'title' | 'locality' | 'date' | 'duration' | 'tableCount';

/** True for a real calendar day YYYY-MM-DD between 2000 and 2100. */
function isIsoDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 2000 || year > 2100) return false;
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseWorkshopForm(form: FormData): Parsed<WorkshopInput, WorkshopField> {
	const values = {
		title: text(form, 'title'),
		locality: text(form, 'locality'),
		date: text(form, 'date'),
		duration: text(form, 'duration'),
		tableCount: text(form, 'tableCount')
	};
	const tableCount = /^\d{1,3}$/.test(values.tableCount) ? Number(values.tableCount) : NaN;
	const errors: FieldErrors<WorkshopField> = {
		title: !values.title ? { key: 'title_missing' } : tooLong(values.title, FIELD_MAX_CHARS.title),
		locality: !values.locality
			? { key: 'locality_missing' }
			: tooLong(values.locality, FIELD_MAX_CHARS.locality),
		date: isIsoDate(values.date) ? undefined : { key: 'date_invalid' },
		duration: WORKSHOP_DURATION_LIST.includes(values.duration as WorkshopDuration)
			? undefined
			: { key: 'choice_missing' },
		tableCount:
			tableCount >= TABLE_COUNT.min && tableCount <= TABLE_COUNT.max
				? undefined
				: { key: 'tables_out_of_range' }
	};
	return result(errors, values, () => ({
		title: values.title,
		locality: values.locality,
		date: values.date,
		duration: values.duration as WorkshopDuration,
		tableCount
	}));
}

export interface InviteInput {
	email: string;
}

/** The console's co-facilitator invite: one e-mail address, lower-cased like accounts store it. */
export function parseInviteForm(form: FormData): Parsed<InviteInput, 'email'> {
	const values = { email: text(form, 'email') };
	const errors: FieldErrors<'email'> = { email: email(values.email) };
	return result(errors, values, () => ({ email: values.email.toLowerCase() }));
}
