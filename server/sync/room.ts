import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { SYNC_CLOSE, SYNC_DENIAL, TX_ORIGIN } from '#shared/protocol/sync.ts';
import type { Connection } from './connection.ts';
import {
	MESSAGE,
	encodeAwareness,
	encodePermissionDenied,
	encodeSyncStep1,
	encodeSyncStep1FromStateVector,
	encodeSyncStep2,
	encodeSyncStep2FromUpdate,
	encodeUpdate
} from './messages.ts';
import { Outgoing } from './outgoing.ts';
import { Relay } from './relay.ts';
import { PendingPlaces, checkItemRights, type DecodedUpdate } from './item-rights.ts';
import { DocumentSize, contentDenial } from './content-limits.ts';

/** Bytes a client may leave unread before it is disconnected, so one slow reader can't grow memory. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Where a room sends updates that must be stored before anyone else sees them. */
export interface UpdateSink {
	/**
	 * `from` is the connection that sent the update; it need not get it back. null for the server's
	 * own changes (SPEC S10), which everyone gets.
	 */
	enqueue(room: Room, update: Uint8Array, from: Connection | null): void;
}

export class FrameError extends Error {
	override readonly name = 'FrameError';
	readonly code = 'bad_frame';
}

/**
 * One document and the connections editing it. The Y.Doc holds only updates that storage has
 * confirmed (see SPEC S3): an update goes client → sink → storage → {@link applyStored} → everyone.
 *
 * The Y.Doc is made only when needed. A room loaded from storage first holds the stored updates as
 * they are: a fresh client gets them without the server applying them, so a cold load costs a read,
 * not a read plus applying the document. The Y.Doc is made when someone edits, when a client that
 * already has part of the document connects, or for the server's own sync step 1. A room nobody has
 * edited for a while drops its Y.Doc again and keeps one encoded update ({@link hibernate}), a
 * fraction of the memory.
 */
export class Room {
	readonly name: string;
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<Connection>();
	/** Rows of this document's log in storage, so the sink knows when to compact. */
	logRows = 0;
	compacting = false;
	readonly #sink: UpdateSink;
	readonly #relay: Relay;
	/** While applying stored updates that all came from one connection: it already has them. */
	#relayExcept: Connection | null = null;
	/**
	 * What a client that has nothing yet is sent, kept until the document changes: the whole
	 * document encoded once for a table that (re)connects together, not once per person. A sync
	 * step 2, possibly followed by an update frame (the log's tail after its snapshot).
	 */
	#fullSync: Outgoing | null = null;
	#doc: Y.Doc | null = null;
	/** While there is no Y.Doc: the document as stored, a snapshot and (optionally) a merged tail. */
	#stored: Uint8Array[] | null = null;
	/** While there is no Y.Doc: the server's sync step 1, computed once when first needed. */
	#storedStep1: Uint8Array | null = null;
	/**
	 * Connections that joined while there was no Y.Doc and may still need the server's step 1: not
	 * those whose own step 1 said they hold nothing, since they have nothing to send (SPEC S1).
	 */
	readonly #awaitingStep1 = new Set<Connection>();
	/** When the server's step 1 was first put off for a socket still sending the document. */
	#step1DeferredAt: number | null = null;
	#log: (message: string) => void = (message) => console.error(message);
	/** Places of accepted updates still waiting for storage, for the rights check (SPEC S9). */
	readonly #pendingPlaces = new PendingPlaces();
	/** performance.now() of the last change, so an idle room can drop its Y.Doc. */
	changedAt = performance.now();
	/** Keeps the document under its size cap (SPEC S13). */
	readonly #size = new DocumentSize();

	constructor(name: string, sink: UpdateSink) {
		this.name = name;
		this.#sink = sink;
		// Awareness needs a Y.Doc only for its own client id; the content document may come and go.
		this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.#relay = new Relay({
			connections: this.connections,
			awareness: this.awareness,
			send: (connection, frame) => this.send(connection, frame)
		});
		this.awareness.on('update', this.#onAwarenessUpdate);
		this.#doc = this.#docFrom([]);
	}

	/** The document, made from the stored updates if the room does not hold it yet. */
	get doc(): Y.Doc {
		return this.#doc ?? this.#materialise();
	}

	/** Whether the room holds a Y.Doc now (false while it serves stored bytes or hibernates). */
	get materialised(): boolean {
		return this.#doc !== null;
	}

	/**
	 * Takes the stored log, without applying it yet. Rows were validated before they were stored;
	 * one that still fails to apply is logged and skipped when the Y.Doc is made.
	 */
	loadStored(updates: readonly Uint8Array[], log: (message: string) => void): void {
		this.#log = log;
		this.logRows = updates.length;
		this.#size.reset(updates.reduce((sum, update) => sum + update.length, 0));
		if (updates.length === 0) return;
		let stored: Uint8Array[];
		try {
			// The tail after the snapshot is small (fewer than COMPACT_AFTER_ROWS short updates).
			stored = updates.length <= 2 ? [...updates] : [updates[0], Y.mergeUpdates(updates.slice(1))];
		} catch (error) {
			log(
				`[sync] room ${this.name}: merging the stored log failed, applying it row by row: ${error}`
			);
			this.#doc?.destroy();
			this.#doc = this.#docFrom(updates);
			return;
		}
		this.#doc?.destroy();
		this.#doc = null;
		this.#keepStored(stored);
	}

	/**
	 * Drops the Y.Doc and keeps the document as one encoded update, until someone edits or a client
	 * needs a diff. Only for a room without pending changes (the caller checks the sink).
	 */
	hibernate(): void {
		const doc = this.#doc;
		if (!doc) return;
		const state = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		this.#doc = null;
		this.#storedStep1 = null;
		this.#size.reset(state.length);
		this.#keepStored([state]);
	}

	/**
	 * Holds the document as updates; the frames a fresh client is sent share their bytes. The last
	 * frame is the sync step 2: a stock client counts itself synced on the first step 2 it gets, so
	 * every other part of the document must arrive before it (as plain updates, in log order).
	 */
	#keepStored(updates: readonly Uint8Array[]): void {
		const last = updates.length - 1;
		const frames = updates.map((update, i) =>
			i === last ? encodeSyncStep2FromUpdate(update) : encodeUpdate(update)
		);
		this.#fullSync = new Outgoing(...frames);
		this.#stored = frames.map((frame, i) => frame.subarray(frame.length - updates[i].length));
	}

	/** A Y.Doc from stored updates, before it relays anything. */
	#docFrom(updates: readonly Uint8Array[]): Y.Doc {
		const doc = new Y.Doc();
		doc.transact(() => {
			for (const update of updates) {
				try {
					Y.applyUpdate(doc, update, TX_ORIGIN.server);
				} catch (error) {
					this.#log(
						`[sync] room ${this.name}: skipped a stored update that fails to apply: ${error}`
					);
				}
			}
		}, TX_ORIGIN.server);
		// No 'update' listener here: Yjs encodes every transaction again for one, and applyStored
		// relays the stored bytes as they are (see there). It listens only when it needs the diff.
		doc.on('afterTransaction', this.#changed);
		return doc;
	}

	#changed = (): void => {
		this.#fullSync = null;
	};

	#relayDiff = (update: Uint8Array): void => {
		this.#relay.update(update, this.#relayExcept);
	};

	#materialise(): Y.Doc {
		const doc = this.#docFrom(this.#stored ?? []);
		this.#doc = doc;
		this.#stored = null;
		this.#storedStep1 = null;
		this.#sendAwaitedStep1();
		return doc;
	}

	/** The server's sync step 1 (its state vector), from the Y.Doc or from a single stored update. */
	#syncStep1(): Uint8Array {
		if (this.#doc) return encodeSyncStep1(this.#doc);
		if (this.#stored) {
			this.#storedStep1 ??= encodeSyncStep1FromStateVector(stateVectorOfParts(this.#stored));
			return this.#storedStep1;
		}
		return encodeSyncStep1(this.doc);
	}

	#sendAwaitedStep1 = (): void => {
		for (const connection of this.#awaitingStep1) {
			if (!this.connections.has(connection)) this.#awaitingStep1.delete(connection);
		}
		if (this.#awaitingStep1.size === 0) return;
		// Without a Y.Doc the step 1 costs a pass over the document (tens of ms for 2,000 notes), which
		// would hold up the rest of a big sync step 2 still queued for the socket: wait until it drains.
		if (!this.#doc && [...this.#awaitingStep1].some((c) => c.socket.bufferedAmount > 0)) {
			this.#step1DeferredAt ??= performance.now();
			if (performance.now() - this.#step1DeferredAt < MAX_STEP1_DEFERRAL_MS) {
				setTimeout(this.#sendAwaitedStep1, STEP1_RETRY_MS);
				return;
			}
		}
		this.#step1DeferredAt = null;
		const waiting = [...this.#awaitingStep1];
		this.#awaitingStep1.clear();
		const step1 = this.#syncStep1();
		for (const connection of waiting) this.send(connection, step1);
	};

	/**
	 * Applies updates that storage has confirmed and relays them, merged into one frame per
	 * connection. `asStored` (a client's edits through group commit): the stored bytes are relayed as
	 * they are, not encoded again from the document; a part the document already held or still
	 * waits on costs receivers nothing (Yjs updates are idempotent and commute). Otherwise (another
	 * node's updates, a re-read log) only what changed the document is relayed. When the updates all
	 * came from `from`, it is not sent them back, unless the document held structs waiting for a
	 * dependency: those may be released by this update and are news to the sender as well.
	 */
	applyStored(
		updates: readonly Uint8Array[],
		from: Connection | null = null,
		asStored = false
	): void {
		const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates as Uint8Array[]);
		const doc = this.doc;
		this.changedAt = performance.now();
		const store = doc.store;
		const complete = store.pendingStructs === null && store.pendingDs === null;
		try {
			if (asStored && complete) {
				Y.applyUpdate(doc, merged, TX_ORIGIN.remote);
				this.#relay.update(merged, from);
				return;
			}
			this.#relayExcept = complete ? from : null;
			doc.on('update', this.#relayDiff);
			try {
				Y.applyUpdate(doc, merged, TX_ORIGIN.remote);
			} finally {
				doc.off('update', this.#relayDiff);
				this.#relayExcept = null;
			}
		} finally {
			this.#pendingPlaces.drop(updates);
		}
	}

	/** Storage refused these updates: they will never be applied (their writers resend). */
	forgetUnstored(updates: readonly Uint8Array[]): void {
		this.#pendingPlaces.drop(updates);
	}

	join(connection: Connection): void {
		this.connections.add(connection);
		if (this.#doc) this.send(connection, encodeSyncStep1(this.#doc));
		else {
			// After the frames the client sent before it joined (its step 1, answered from the stored
			// bytes): the state vector costs a pass over the document that a fresh client need not wait for.
			if (this.#awaitingStep1.size === 0) setImmediate(this.#sendAwaitedStep1);
			this.#awaitingStep1.add(connection);
		}
		const states = this.awareness.getStates();
		if (states.size > 0) {
			const ids = [...states.keys()];
			this.send(
				connection,
				encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids))
			);
		}
	}

	leave(connection: Connection): void {
		if (!this.connections.delete(connection)) return;
		if (connection.awarenessIds.size > 0) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], null);
		}
	}

	/** Handles one binary frame; throws FrameError when it is not a valid y-websocket message. */
	receive(connection: Connection, frame: Uint8Array): void {
		try {
			this.#dispatch(connection, frame);
		} catch (error) {
			if (error instanceof FrameError) throw error;
			throw new FrameError(`undecodable frame: ${(error as Error).message}`);
		}
	}

	#dispatch(connection: Connection, frame: Uint8Array): void {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case MESSAGE.sync:
				return this.#receiveSync(connection, decoder);
			case MESSAGE.awareness: {
				const update = decoding.readVarUint8Array(decoder);
				awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
				return;
			}
			case MESSAGE.queryAwareness: {
				const ids = [...this.awareness.getStates().keys()];
				this.send(
					connection,
					encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids))
				);
				return;
			}
			case MESSAGE.auth:
				return;
			default:
				throw new FrameError(`unknown message type ${type}`);
		}
	}

	#receiveSync(connection: Connection, decoder: decoding.Decoder): void {
		const step = decoding.readVarUint(decoder);
		if (step === syncProtocol.messageYjsSyncStep1) {
			const stateVector = decoding.readVarUint8Array(decoder);
			if (isEmptyStateVector(stateVector)) {
				// It holds nothing, so the server's step 1 would ask it for nothing: a cold room then never
				// spends a pass over the document on its state vector for a fresh client.
				this.#awaitingStep1.delete(connection);
				this.#sendFullSync(connection);
			} else this.send(connection, encodeSyncStep2(this.doc, stateVector));
			return;
		}
		if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
			throw new FrameError(`unknown sync step ${step}`);
		}
		const update = decoding.readVarUint8Array(decoder);
		// Decoding checks the structure before the update reaches storage; it throws on garbage.
		const decoded = Y.decodeUpdate(update);
		// Every stock client answers the server's step 1 with step 2, empty when it has nothing new:
		// not an edit, so neither stored nor refused (a reader would be told "permission denied").
		if (isEmptyUpdate(update)) return;
		if (connection.access.mode !== 'write' || !connection.access.mayWriteNow()) {
			if (!connection.deniedNotified) {
				connection.deniedNotified = true;
				this.send(connection, encodePermissionDenied(SYNC_DENIAL.readOnly));
			}
			return;
		}
		if (connection.deniedNotified) {
			// Its earlier updates were dropped, and Yjs would hold this one until they arrive: ask the
			// client for everything the server lacks (SPEC S6).
			connection.deniedNotified = false;
			this.send(connection, this.#syncStep1());
		}
		if (!this.#withinLimits(connection, update, decoded)) return;
		if (!this.#withinItemRights(connection, update, decoded)) return;
		this.#sink.enqueue(this, update, connection);
	}

	/**
	 * SPEC S13: anybody's update must fit the board schema's shapes and the document's size cap.
	 * A refused one is dropped like a rights refusal, and so are later updates of its clients.
	 */
	#withinLimits(connection: Connection, update: Uint8Array, decoded: DecodedUpdate): boolean {
		if (connection.refusedClients.size > 0) {
			for (const struct of decoded.structs) {
				if (connection.refusedClients.has(struct.id.client)) return false;
			}
		}
		let reason = contentDenial(decoded);
		const onlyDeletes = decoded.structs.length === 0;
		const measure = () => Y.encodeStateAsUpdate(this.doc).length;
		if (reason === null && !this.#size.admit(update.length, onlyDeletes, measure)) {
			reason = SYNC_DENIAL.documentFull;
		}
		if (reason === null) return true;
		for (const struct of decoded.structs) connection.refusedClients.add(struct.id.client);
		this.send(connection, encodePermissionDenied(reason));
		return false;
	}

	/**
	 * SPEC S9: a participant's update that adds, changes or deletes items the phase does not let
	 * them is dropped and the client told why; it then discards its document and syncs again.
	 */
	#withinItemRights(connection: Connection, update: Uint8Array, decoded: DecodedUpdate): boolean {
		const rules = connection.access.itemRules?.() ?? null;
		if (!rules) return true;
		const verdict = checkItemRights({
			doc: this.doc,
			update,
			decoded,
			pending: this.#pendingPlaces,
			rules
		});
		if (verdict.ok) {
			verdict.accept();
			return true;
		}
		for (const client of verdict.clients) connection.refusedClients.add(client);
		this.send(connection, encodePermissionDenied(verdict.reason));
		return false;
	}

	/** The whole document for a client that has nothing, in one write. */
	#sendFullSync(connection: Connection): void {
		// Set while the room holds stored updates; reset only by a change to the Y.Doc.
		this.#fullSync ??= new Outgoing(encodeSyncStep2(this.doc, EMPTY_STATE_VECTOR));
		this.send(connection, this.#fullSync);
	}

	broadcast(message: Uint8Array, except?: Connection): void {
		const outgoing = new Outgoing(message);
		for (const connection of this.connections) {
			if (connection !== except) this.send(connection, outgoing);
		}
	}

	/** Sends one message, or an Outgoing's messages in one write. */
	send(connection: Connection, message: Uint8Array | Outgoing): void {
		if (!connection.isOpen) return;
		const socket = connection.socket;
		if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
			const { code, reason } = SYNC_CLOSE.backpressure;
			socket.close(code, reason);
			return;
		}
		if (!(message instanceof Outgoing)) socket.send(message);
		else if (socket.write) socket.write(message.wire);
		else if (message.messages.length === 1) socket.send(message.messages[0]);
		else {
			socket.cork?.();
			for (const part of message.messages) socket.send(part);
			socket.uncork?.();
		}
	}

	#onAwarenessUpdate = (
		change: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const connection = this.connections.has(origin as Connection) ? (origin as Connection) : null;
		if (connection) {
			for (const id of change.added) connection.awarenessIds.add(id);
			for (const id of change.removed) connection.awarenessIds.delete(id);
		}
		this.#relay.awareness([...change.added, ...change.updated, ...change.removed], connection);
	};

	destroy(): void {
		this.#relay.destroy();
		this.awareness.doc.destroy();
		this.awareness.destroy();
		this.#doc?.destroy();
		this.#doc = null;
		this.#stored = null;
		this.#awaitingStep1.clear();
	}
}

const EMPTY_STATE_VECTOR = new Uint8Array([0]);
/** How often, and how long at most, the server's step 1 waits for a joining socket to drain. */
const STEP1_RETRY_MS = 2;
const MAX_STEP1_DEFERRAL_MS = 1_000;

/**
 * The state vector of a document held as updates (a snapshot, then a merged tail), without making
 * the Y.Doc: the first part's, extended by each later part's structs that continue it without a
 * gap. A struct that would leave a gap is not counted, nor anything after it of that client, so
 * the vector never claims more than the server holds (it may claim less, which costs a client a
 * few bytes sent twice).
 */
export function stateVectorOfParts(parts: readonly Uint8Array[]): Uint8Array {
	if (parts.length === 1) return Y.encodeStateVectorFromUpdate(parts[0]);
	const clocks = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(parts[0]));
	for (const part of parts.slice(1)) {
		const stopped = new Set<number>();
		for (const struct of Y.decodeUpdate(part).structs) {
			const client = struct.id.client;
			if (stopped.has(client)) continue;
			const clock = clocks.get(client) ?? 0;
			if (struct instanceof Y.Skip || struct.id.clock > clock) stopped.add(client);
			else clocks.set(client, Math.max(clock, struct.id.clock + struct.length));
		}
	}
	return Y.encodeStateVector(clocks);
}

/** The state vector of an empty document (0 clients): a fresh client. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
	return stateVector.length === 1 && stateVector[0] === 0;
}

/** The empty Yjs v1 update: no structs (0 clients), no deletions (0 clients). */
function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}
