/** Branded ids: a string from the wire only becomes one of these after validation. */
export type WorkshopId = string & { readonly __brand: 'WorkshopId' };
export type UserId = string & { readonly __brand: 'UserId' };
export type ParticipantId = string & { readonly __brand: 'ParticipantId' };
export type ItemId = string & { readonly __brand: 'ItemId' };
/** A participant join code as typed on /join, normalised to upper case without separators. */
export type JoinCode = string & { readonly __brand: 'JoinCode' };

/** Characters of join codes: no 0/O, 1/I/L, so a code read aloud or from a projector is unambiguous. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 31^8 ≈ 8.5·10^11 codes; with rate limiting on /join that is far beyond enumeration. */
export const JOIN_CODE_LENGTH = 8;

/** Uppercases and strips spaces and dashes, so "abcd-2345" and "ABCD 2345" are the same code. */
export function normaliseJoinCode(input: string): JoinCode | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '');
	if (code.length !== JOIN_CODE_LENGTH) return null;
	for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
	return code as JoinCode;
}

/** Shows a code in two groups of four for reading aloud: "ABCD-2345". */
export function formatJoinCode(code: JoinCode): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}
