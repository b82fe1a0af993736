/**
 * Finds what looks like personal data in a note's text before it is shared with the table. Client
 * cases are discussed at the tables, but client data must never end up on a board (DOMAIN.md,
 * "Privacy and inclusion"). This is a warning aid, not a filter: it errs towards few false alarms
 * on the dates, times and years that workshop notes are full of, so people keep reading it.
 */

export const PERSONAL_DATA_KINDS = {
	/** A Finnish personal identity code (henkilötunnus) whose date and check character are valid. */
	identityCode: 'identity_code',
	/** A Finnish (+358, 0x…) or international (+cc, 00cc) phone number. */
	phone: 'phone',
	email: 'email'
} as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[keyof typeof PERSONAL_DATA_KINDS];

/** One match: `text.slice(start, end)` is what looked like personal data. */
export interface PersonalDataFinding {
	kind: PersonalDataKind;
	/** Offset of the first UTF-16 code unit. */
	start: number;
	/** Offset just past the last UTF-16 code unit. */
	end: number;
	match: string;
}

/** The check characters of a henkilötunnus, indexed by the 9-digit number modulo 31. */
const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/**
 * Century signs, including those added in 2023 (Y X W V U for the 1900s, B–F for the 2000s) so
 * that no new identity code goes unnoticed.
 */
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
	'+': 1800,
	'-': 1900,
	Y: 1900,
	X: 1900,
	W: 1900,
	V: 1900,
	U: 1900,
	A: 2000,
	B: 2000,
	C: 2000,
	D: 2000,
	E: 2000,
	F: 2000
};

/** Not part of a longer word or number on either side. */
const BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const AFTER = String.raw`(?![\p{L}\p{N}])`;

const IDENTITY_CODE = new RegExp(
	`${BEFORE}(\\d{2})(\\d{2})(\\d{2})([-+A-FU-Y])(\\d{3})([0-9A-Y])${AFTER}`,
	'giu'
);

/** Same shape with any check character: such a string is never taken for a phone number. */
const IDENTITY_CODE_SHAPE = /^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$/iu;

/**
 * International: `+` or `00`, a country code and more digits, with single spaces, hyphens, dots or
 * a parenthesised area code between groups. Finnish national: `0` and a non-zero digit, groups
 * separated by single spaces or hyphens only (dots mean dates and times in Finnish text).
 */
const INTERNATIONAL_PHONE = new RegExp(
	String.raw`(?<![\p{L}\p{N}+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?(?:\(0?\d{1,4}\)|\d{1,5})){2,6}${AFTER}`,
	'gu'
);
const NATIONAL_PHONE = new RegExp(
	String.raw`${BEFORE}(?:\(0[1-9]\d{0,2}\)|0[1-9]\d{0,2})(?:[ -]?\d{2,5}){1,4}${AFTER}`,
	'gu'
);

/** Digit counts a phone number can plausibly have (E.164 allows 15 after the `+`). */
const INTERNATIONAL_DIGITS = { min: 8, max: 15 } as const;
const NATIONAL_DIGITS = { min: 7, max: 12 } as const;

/** A date written with any separators; the Finnish `0x` national prefix makes 01-12-2026 look like one. */
const DATE_SHAPE = /^\d{1,2}[ .\-/]\d{1,2}[ .\-/]\d{2,4}$/u;

const EMAIL = new RegExp(
	String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}${AFTER}`,
	'gu'
);

/** True when `code` (e.g. `131052-308T`) is a henkilötunnus with a real date and a matching check character. */
export function isValidIdentityCode(code: string): boolean {
	IDENTITY_CODE.lastIndex = 0;
	const match = IDENTITY_CODE.exec(code.trim());
	return match !== null && match[0].length === code.trim().length && identityCodeParts(match);
}

function identityCodeParts(match: RegExpExecArray): boolean {
	const [, dd, mm, yy, sign, individual, check] = match;
	const century = CENTURY_BY_SIGN[sign.toUpperCase()];
	if (century === undefined) return false;
	if (!isRealDate(century + Number(yy), Number(mm), Number(dd))) return false;
	// 000 and 001 are never issued; 900–999 are temporary codes, which are personal data too.
	if (Number(individual) < 2) return false;
	const expected = CHECK_CHARS[Number(`${dd}${mm}${yy}${individual}`) % 31];
	return check.toUpperCase() === expected;
}

function isRealDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function digitCount(text: string): number {
	return text.replace(/\D/g, '').length;
}

/**
 * The match, with whole trailing digit groups dropped while it has too many digits (a phone number
 * followed by another number, e.g. "040 123 4567 131052"), or null when it has too few.
 */
function fitDigits(match: string, range: { min: number; max: number }): string | null {
	let text = match;
	while (digitCount(text) > range.max) {
		const cut = text.search(/[ .-][^ .-]*$/u);
		if (cut <= 0) return null;
		text = text.slice(0, cut);
	}
	return digitCount(text) >= range.min ? text : null;
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
	pattern.lastIndex = 0;
	for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
		yield match;
	}
}

/** Everything in `text` that looks like personal data, in text order, never overlapping. */
export function findPersonalData(text: string): PersonalDataFinding[] {
	const found: PersonalDataFinding[] = [];
	const addText = (kind: PersonalDataKind, start: number, match: string) =>
		found.push({ kind, start, end: start + match.length, match });
	const add = (kind: PersonalDataKind, match: RegExpExecArray) =>
		addText(kind, match.index, match[0]);

	for (const match of matches(IDENTITY_CODE, text)) {
		if (identityCodeParts(match)) add(PERSONAL_DATA_KINDS.identityCode, match);
	}
	for (const match of matches(EMAIL, text)) add(PERSONAL_DATA_KINDS.email, match);
	for (const match of matches(INTERNATIONAL_PHONE, text)) {
		const phone = fitDigits(match[0], INTERNATIONAL_DIGITS);
		if (phone) addText(PERSONAL_DATA_KINDS.phone, match.index, phone);
	}
	for (const match of matches(NATIONAL_PHONE, text)) {
		const phone = fitDigits(match[0], NATIONAL_DIGITS);
		if (!phone || DATE_SHAPE.test(phone) || IDENTITY_CODE_SHAPE.test(phone)) continue;
		addText(PERSONAL_DATA_KINDS.phone, match.index, phone);
	}
	return withoutOverlaps(found);
}

/** Earlier finds win over later ones at the same place: identity codes, then e-mail, then phones. */
function withoutOverlaps(found: PersonalDataFinding[]): PersonalDataFinding[] {
	const kept: PersonalDataFinding[] = [];
	for (const finding of found) {
		if (kept.every((other) => finding.end <= other.start || finding.start >= other.end)) {
			kept.push(finding);
		}
	}
	return kept.sort((a, b) => a.start - b.start);
}

/** The kinds found, each once, in a fixed order, for a warning that names what it saw. */
export function kindsOf(findings: readonly PersonalDataFinding[]): PersonalDataKind[] {
	return Object.values(PERSONAL_DATA_KINDS).filter((kind) =>
		findings.some((finding) => finding.kind === kind)
	);
}
