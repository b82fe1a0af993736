import * as Y from 'yjs';
import type { DocumentStore, DocumentUpdate } from '#server/storage/storage.ts';
import type { Connection } from './connection.ts';
import type { Room, UpdateSink } from './room.ts';

/** A room's updates waiting for storage; `from` is their sender when they all have one. */
interface PendingUpdates {
	updates: Uint8Array[];
	from: Connection | null;
}

/** Compact a document's log once it holds this many rows, so load time stays flat over a day. */
export const COMPACT_AFTER_ROWS = 500;

/**
 * A commit starts at most this often. The first update after a quiet spell is committed in the
 * next event-loop turn; updates arriving within the interval after a commit wait and share one
 * transaction, so a busy server makes at most a hundred transactions a second, not one per edit.
 */
export const COMMIT_INTERVAL_MS = 10;

/** Close code for connections whose updates could not be stored: they resend on reconnect. */
const STORAGE_FAILED = { code: 1011, reason: 'storage_failed' } as const;

/**
 * Group commit (SPEC S3, S4): updates received in the same event-loop turn, and while a write is in
 * flight, are stored together in one transaction. Only after the write succeeds are they applied
 * to their rooms and relayed. One flush runs at a time, so each room's updates keep their order.
 */
export class GroupCommit implements UpdateSink {
	readonly #documents: DocumentStore;
	readonly #log: (message: string) => void;
	#pending = new Map<Room, PendingUpdates>();
	#flushing: Promise<void> | null = null;
	#scheduled = false;
	#committedAt = Number.NEGATIVE_INFINITY;

	readonly #onStored: ((room: string, updates: number) => void) | undefined;
	readonly #publish: ((room: string, updates: readonly Uint8Array[]) => void) | undefined;

	constructor(options: {
		documents: DocumentStore;
		log: (message: string) => void;
		/** Told after each commit how many updates of a room were stored (activity counts). */
		onStored?: (room: string, updates: number) => void;
		/** Told each room's updates once stored, to send them to other nodes (SPEC S12). */
		publish?: (room: string, updates: readonly Uint8Array[]) => void;
	}) {
		this.#documents = options.documents;
		this.#log = options.log;
		this.#onStored = options.onStored;
		this.#publish = options.publish;
	}

	enqueue(room: Room, update: Uint8Array, from: Connection | null): void {
		const pending = this.#pending.get(room);
		if (!pending) this.#pending.set(room, { updates: [update], from });
		else {
			pending.updates.push(update);
			if (pending.from !== from) pending.from = null;
		}
		if (!this.#scheduled && !this.#flushing) {
			this.#scheduled = true;
			const wait = this.#committedAt + COMMIT_INTERVAL_MS - performance.now();
			if (wait <= 0) setImmediate(this.#scheduledFlush);
			else setTimeout(this.#scheduledFlush, wait);
		}
	}

	#scheduledFlush = (): void => void this.flush();

	/** Updates whose write failed, so {@link storeAll} can tell its caller. */
	readonly #failed = new WeakSet<Uint8Array>();

	/**
	 * Stores the server's own updates (SPEC S10): enqueued in one turn, so they share one
	 * transaction, then applied and relayed to everyone. Rejects when storing failed.
	 */
	async storeAll(entries: readonly { room: Room; update: Uint8Array }[]): Promise<void> {
		for (const { room, update } of entries) this.enqueue(room, update, null);
		await this.flush();
		const failed = entries.filter(({ update }) => this.#failed.has(update));
		if (failed.length > 0) {
			throw new Error(`storing the server's change to ${failed.map((e) => e.room.name)} failed`);
		}
	}

	/** True while updates of this room wait for storage. */
	hasPending(room: Room): boolean {
		return this.#pending.has(room);
	}

	/** Stores and relays everything pending; resolves when nothing is left, whoever else flushes. */
	async flush(): Promise<void> {
		this.#scheduled = false;
		for (;;) {
			if (this.#flushing) {
				await this.#flushing;
				continue;
			}
			if (this.#pending.size === 0) return;
			const batch = this.#pending;
			this.#pending = new Map();
			this.#committedAt = performance.now();
			this.#flushing = this.#write(batch).finally(() => {
				this.#flushing = null;
			});
		}
	}

	async #write(batch: Map<Room, PendingUpdates>): Promise<void> {
		const rows: DocumentUpdate[] = [];
		for (const [room, { updates }] of batch) {
			for (const update of updates) rows.push({ name: room.name, update });
		}
		try {
			await this.#documents.append(rows);
		} catch (error) {
			this.#log(`[sync] storing ${rows.length} updates failed; writers will resend: ${error}`);
			for (const [room, { updates }] of batch) {
				for (const update of updates) this.#failed.add(update);
				room.forgetUnstored(updates);
				closeWriters(room);
			}
			return;
		}
		for (const [room, { updates, from }] of batch) {
			this.#publish?.(room.name, updates);
			room.logRows += updates.length;
			try {
				room.applyStored(updates, from, true);
			} catch (error) {
				// Stored but not applicable together (should not happen after validation): reload fixes it.
				this.#log(`[sync] applying stored updates to ${room.name} failed: ${error}`);
				closeWriters(room);
			}
			if (room.logRows >= COMPACT_AFTER_ROWS) this.compactSoon(room);
			this.#onStored?.(room.name, updates.length);
		}
	}

	/** Merges the room's log into one snapshot in the background. */
	compactSoon(room: Room): void {
		if (room.compacting) return;
		room.compacting = true;
		setImmediate(() => {
			this.#documents
				.compact(room.name, mergeIntoSnapshot)
				.then((replaced) => {
					if (replaced > 0) room.logRows -= replaced - 1;
				})
				.catch((error: unknown) => this.#log(`[sync] compacting ${room.name} failed: ${error}`))
				.finally(() => {
					room.compacting = false;
				});
		});
	}
}

/**
 * Applies a log to a fresh document and encodes its state: smaller than Y.mergeUpdates because
 * deleted content is garbage-collected, and it keeps structs still waiting for their dependencies.
 */
export function mergeIntoSnapshot(updates: Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	});
	const snapshot = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return snapshot;
}

function closeWriters(room: Room): void {
	for (const connection of room.connections) {
		if (connection.access.mode === 'write') {
			connection.socket.close(STORAGE_FAILED.code, STORAGE_FAILED.reason);
		}
	}
}
