import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import type * as Y from 'yjs';

/** Top-level message types of the y-websocket protocol (what stock providers speak). */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** A sync step 1 (our state vector) so the client answers with what the server is missing. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

/** A sync step 1 from a state vector computed elsewhere (e.g. from a stored update). */
export function encodeSyncStep1FromStateVector(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}

/** A sync step 2: everything the client with `stateVector` is missing. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying `update` as it is (for a client with an empty state vector). */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.awareness);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** Stock providers log this reason ("Permission denied to access …") and keep their local edits. */
export function encodePermissionDenied(reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.auth);
	authProtocol.writePermissionDenied(encoder, reason);
	return encoding.toUint8Array(encoder);
}
