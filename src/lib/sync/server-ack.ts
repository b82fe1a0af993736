import * as Y from 'yjs';

/** The shape of a Yjs delete set that this module reads: per client, deleted clock ranges. */
interface DeleteRanges {
	clients: Map<number, { clock: number; len: number }[]>;
}

/**
 * What the sync server is known to hold, so the client can tell whether its own edits are safe.
 *
 * The y-websocket protocol has no acknowledgement, but it gives enough to infer one (SPEC S1, S3):
 * - the server's sync step 1 (sent on join and after a lock lifts) carries its state vector;
 * - the server answers a step 1 with a step 2 built from its stored document: the structs past
 *   the given state vector plus its whole delete set;
 * - every update the server relays has been stored.
 * So the client sends a step 1 with the server's last known state vector (see `probe`) and folds
 * the step 2 it gets back in. The local document is "acknowledged" when the server holds every
 * struct it has (state vectors) and every deletion (delete sets; a deletion does not advance a
 * clock, so state vectors alone would miss a deleted note).
 */
export class ServerAck {
	readonly #doc: Y.Doc;
	#serverVector = new Map<number, number>();
	#serverDeletes: DeleteRanges = Y.createDeleteSet() as unknown as DeleteRanges;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
	}

	/** The server's sync step 1: its state vector, which replaces what was known. */
	serverStateVector(encoded: Uint8Array): void {
		this.#serverVector = Y.decodeStateVector(encoded);
	}

	/** A step 2 or a relayed update from the server: what it holds now includes these. */
	serverUpdate(update: Uint8Array): void {
		// One decoding pass: the first step 2 of a big board is hundreds of kilobytes, and reading
		// it twice (Y.parseUpdateMeta, then Y.decodeUpdate for the deletions) held up its first render.
		const { structs, ds } = Y.decodeUpdate(update);
		const { from, to } = clockRanges(structs);
		for (const [client, end] of to) {
			// A range that starts past what we know leaves a gap; the server cannot hold it yet.
			const start = from.get(client) ?? 0;
			const known = this.#serverVector.get(client) ?? 0;
			if (start <= known && end > known) this.#serverVector.set(client, end);
		}
		this.#serverDeletes = Y.mergeDeleteSets([
			this.#serverDeletes as never,
			ds
		]) as unknown as DeleteRanges;
	}

	/** The state vector to put in a probe's step 1: the server answers with what it has beyond it. */
	probe(): Uint8Array {
		return Y.encodeStateVector(this.#serverVector);
	}

	/** True while the local document holds a struct or a deletion the server is not known to hold. */
	pending(): boolean {
		for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(this.#doc))) {
			if (clock > (this.#serverVector.get(client) ?? 0)) return true;
		}
		const local = Y.createDeleteSetFromStructStore(this.#doc.store) as unknown as DeleteRanges;
		return !covers(this.#serverDeletes, local);
	}
}

/**
 * Per client, the first clock and the clock past the last struct of an update's structs, as
 * Y.parseUpdateMeta reads them (structs come grouped by client, in clock order).
 */
function clockRanges(
	structs: readonly { id: { client: number; clock: number }; length: number }[]
): {
	from: Map<number, number>;
	to: Map<number, number>;
} {
	const from = new Map<number, number>();
	const to = new Map<number, number>();
	for (const struct of structs) {
		const { client, clock } = struct.id;
		if (!from.has(client)) from.set(client, clock);
		to.set(client, clock + struct.length);
	}
	return { from, to };
}

/** True when every deleted range in `inner` lies inside ranges of `outer` (both sorted, merged). */
function covers(outer: DeleteRanges, inner: DeleteRanges): boolean {
	for (const [client, ranges] of inner.clients) {
		const outerRanges = outer.clients.get(client) ?? [];
		let index = 0;
		for (const { clock, len } of ranges) {
			let at = clock;
			const end = clock + len;
			while (at < end) {
				while (
					index < outerRanges.length &&
					outerRanges[index].clock + outerRanges[index].len <= at
				) {
					index++;
				}
				const range = outerRanges[index];
				if (!range || range.clock > at) return false;
				at = range.clock + range.len;
			}
		}
	}
	return true;
}
