import * as v from 'valibot';

/**
 * API tokens (issue 6): a network lets its own systems read its shared workshops over the JSON
 * API. A token is `rpat_` + 43 base64url characters (256 random bits); the prefix lets secret
 * scanners and people recognise one.
 */
export const API_TOKEN_PREFIX = 'rpat_';
export const API_TOKEN_PATTERN = /^rpat_[A-Za-z0-9_-]{43}$/;
export const API_TOKEN_NAME_MAX_CHARS = 80;
/** Tokens a network may hold at once; enough for every system of a region. */
export const MAX_API_TOKENS_PER_NETWORK = 20;

/** The form's name field. */
export const ApiTokenNameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, 'name_required'),
	v.maxLength(API_TOKEN_NAME_MAX_CHARS, 'name_too_long')
);
