/**
 * Error codes carried by acks, HTTP error bodies and close reasons. Clients translate the code; the
 * server never sends raw exception messages.
 */
export const ERROR_CODES = {
	/** The payload failed schema validation. */
	invalidPayload: 'invalid_payload',
	/** No credential, or a credential that does not verify. */
	unauthorised: 'unauthorised',
	/** The credential is valid but does not grant this action. */
	forbidden: 'forbidden',
	/** The workshop, table or room does not exist. */
	notFound: 'not_found',
	/** The client speaks another PROTOCOL_VERSION. */
	versionMismatch: 'version_mismatch',
	/** A payload or frame exceeded its size cap. */
	tooLarge: 'too_large',
	/** The board is locked by a facilitator. */
	locked: 'locked',
	/** The action conflicts with the current state (e.g. phase index out of range). */
	conflict: 'conflict',
	/** Too many attempts from one address. */
	rateLimited: 'rate_limited',
	/** Something failed on the server; details are in the server log only. */
	internal: 'internal'
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Every ack of the control plane has this shape. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorCode };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (error: ErrorCode): Result<never> => ({ ok: false, error });

/** An error the server raises on purpose; the code goes on the wire, the message only to the log. */
/**
 * The code of a RajapintaError, or null for anything else. Read by shape, not instanceof: the
 * services run in the server's module graph and SvelteKit's routes in its own bundle, so each has
 * its own copy of the class (see TOOLCHAIN.md "SvelteKit").
 */
export function rajapintaErrorCode(caught: unknown): ErrorCode | null {
	const candidate = caught as { name?: unknown; code?: unknown } | null;
	return candidate?.name === 'RajapintaError' &&
		(Object.values(ERROR_CODES) as unknown[]).includes(candidate.code)
		? (candidate.code as ErrorCode)
		: null;
}

export class RajapintaError extends Error {
	override readonly name = 'RajapintaError';
	readonly code: ErrorCode;
	constructor(code: ErrorCode, message: string = code) {
		super(message);
		this.code = code;
	}
}
