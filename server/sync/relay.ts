import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Connection } from './connection.ts';
import { encodeAwareness, encodeUpdate } from './messages.ts';
import { Outgoing } from './outgoing.ts';

/**
 * A room relays stored updates at most once per this interval. The first update after a quiet
 * spell goes out at once; updates arriving within the interval after a relay wait for the next one
 * and go out merged, one frame per connection. Fan-out is what costs (one write per connection per
 * frame), so in a busy room this trades a few ms of latency for far fewer writes.
 */
export const UPDATE_RELAY_INTERVAL_MS = 20;

/**
 * The same for awareness (presence, cursors), which fills the wire in big rooms: every change
 * since the last relay goes out in one frame, so a connection receives at most 4 awareness frames
 * per second however big the room. Pending changes also ride along with any update relay, in the
 * same write, which is where most of them go in a busy room. Clients throttle cursors to about
 * 2 per second anyway, so this costs little smoothness and saves most of the writes.
 */
export const AWARENESS_RELAY_INTERVAL_MS = 250;

/** Sends to one connection (with the room's checks). */
type Send = (connection: Connection, frame: Outgoing) => void;

/**
 * The outgoing side of a room: batches what is relayed to its connections (see the intervals
 * above) and skips the sender of a batch that only it contributed to, since it has it already.
 * Each relay encodes and frames once for everyone (Outgoing); when a connection gets an update and
 * an awareness frame together they are written with one system call.
 */
export class Relay {
	readonly #connections: ReadonlySet<Connection>;
	readonly #awareness: awarenessProtocol.Awareness;
	readonly #send: Send;
	#updates: Uint8Array[] = [];
	/** The only connection the pending updates came from; null when several, or the server. */
	#updatesExcept: Connection | null = null;
	#updateTimer: NodeJS.Timeout | null = null;
	#updatesRelayedAt = Number.NEGATIVE_INFINITY;
	readonly #changed = new Set<number>();
	#changedExcept: Connection | null = null;
	#awarenessTimer: NodeJS.Timeout | null = null;

	constructor(options: {
		connections: ReadonlySet<Connection>;
		awareness: awarenessProtocol.Awareness;
		send: Send;
	}) {
		this.#connections = options.connections;
		this.#awareness = options.awareness;
		this.#send = options.send;
	}

	/** Queues a stored update; `from` (if any) already has it. */
	update(update: Uint8Array, from: Connection | null): void {
		if (this.#connections.size === 0) return;
		this.#updatesExcept = this.#updates.length === 0 || this.#updatesExcept === from ? from : null;
		this.#updates.push(update);
		if (this.#updateTimer) return;
		const wait = this.#updatesRelayedAt + UPDATE_RELAY_INTERVAL_MS - performance.now();
		if (wait <= 0) this.#relayUpdates();
		else this.#updateTimer = setTimeout(this.#relayUpdates, wait);
	}

	/** Queues changed awareness states; `from` (if any) made every change itself. */
	awareness(clientIds: readonly number[], from: Connection | null): void {
		if (this.#connections.size === 0 || clientIds.length === 0) return;
		this.#changedExcept = this.#changed.size === 0 || this.#changedExcept === from ? from : null;
		for (const id of clientIds) this.#changed.add(id);
		this.#awarenessTimer ??= setTimeout(this.#relayAwareness, AWARENESS_RELAY_INTERVAL_MS);
	}

	destroy(): void {
		if (this.#updateTimer) clearTimeout(this.#updateTimer);
		if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
		this.#updateTimer = this.#awarenessTimer = null;
		this.#updates = [];
		this.#changed.clear();
	}

	#relayUpdates = (): void => {
		this.#updateTimer = null;
		if (this.#updates.length === 0) return;
		const updates = this.#updates;
		const except = this.#updatesExcept;
		this.#updates = [];
		this.#updatesExcept = null;
		this.#updatesRelayedAt = performance.now();
		const frame = new Outgoing(
			encodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates))
		);
		const awareness = this.#takeAwareness();
		let both: Outgoing | null = null;
		for (const connection of this.#connections) {
			const update = connection !== except;
			const presence = awareness !== null && connection !== awareness.except;
			if (update && presence)
				this.#send(connection, (both ??= Outgoing.join(frame, awareness.frame)));
			else if (update) this.#send(connection, frame);
			else if (presence) this.#send(connection, awareness.frame);
		}
	};

	#relayAwareness = (): void => {
		this.#awarenessTimer = null;
		const awareness = this.#takeAwareness();
		if (!awareness) return;
		for (const connection of this.#connections) {
			if (connection !== awareness.except) this.#send(connection, awareness.frame);
		}
	};

	/** The pending awareness changes as one frame (and who need not get it), or null if none. */
	#takeAwareness(): { frame: Outgoing; except: Connection | null } | null {
		if (this.#changed.size === 0) return null;
		const frame = new Outgoing(
			encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.#awareness, [...this.#changed]))
		);
		const except = this.#changedExcept;
		this.#changed.clear();
		this.#changedExcept = null;
		if (this.#awarenessTimer) {
			clearTimeout(this.#awarenessTimer);
			this.#awarenessTimer = null;
		}
		return { frame, except };
	}
}
