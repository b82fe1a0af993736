/**
 * Caps and error keys of the app's forms. The server enforces the caps and returns the keys; the
 * pages show the caps as `maxlength` and translate the keys (see i18n/form-errors.ts).
 */
export const FIELD_MAX_CHARS = {
	joinCode: 32,
	displayName: 60,
	organisation: 120,
	userName: 80,
	email: 254,
	password: 256,
	title: 120,
	locality: 80
} as const;

/** A workshop has 1–20 tables; four suits the usual 16–24 people at 4–6 per table. */
export const TABLE_COUNT = { min: 1, max: 20, default: 4 } as const;

export const FORM_ERRORS = {
	codeMissing: 'code_missing',
	codeMalformed: 'code_malformed',
	codeUnknown: 'code_unknown',
	nameMissing: 'name_missing',
	organisationMissing: 'organisation_missing',
	choiceMissing: 'choice_missing',
	tooLong: 'too_long',
	emailInvalid: 'email_invalid',
	emailTaken: 'email_taken',
	passwordMissing: 'password_missing',
	passwordShort: 'password_short',
	credentialsInvalid: 'credentials_invalid',
	titleMissing: 'title_missing',
	localityMissing: 'locality_missing',
	dateInvalid: 'date_invalid',
	tablesOutOfRange: 'tables_out_of_range',
	rateLimited: 'rate_limited',
	questionMissing: 'question_missing'
} as const;

export type FormErrorKey = (typeof FORM_ERRORS)[keyof typeof FORM_ERRORS];

/** One field's problem; `limit` is the cap or minimum the message names, when it names one. */
export interface FieldError {
	key: FormErrorKey;
	limit?: number;
}

/** Problems by field name; `form` holds a problem of the whole form (e.g. wrong credentials). */
export type FieldErrors<F extends string> = Partial<Record<F | 'form', FieldError>>;
