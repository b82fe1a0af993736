import * as v from 'valibot';
import type { BufferListener, RedisLink } from './redis-link.ts';

/** Longest id or room name a cluster event may carry; ours are far shorter. */
const MAX_ID_LENGTH = 200;
/** Most participants one erasure event may name (a whole workshop's). */
const MAX_ERASED = 10_000;
/** Most table boards one activity event may count. */
const MAX_ACTIVITY_ROOMS = 10_000;

const id = v.pipe(v.string(), v.maxLength(MAX_ID_LENGTH));

/**
 * What one node tells the others about changes they must act on (SPEC S12). Node to node only,
 * never seen by a client; validated on receipt all the same, so a stray publisher cannot crash a
 * node. Clients of every node see the same workshop state through the socket.io Redis adapter;
 * these events keep each node's own memory and connections in step.
 */
const clusterEventSchema = v.variant('type', [
	/** A workshop's live state changed and is stored: drop or reload the cached copy. */
	v.object({ type: v.literal('workshop:state'), workshopId: id }),
	/** A participant moved to another table: close their table board connections (SPEC S11). */
	v.object({ type: v.literal('seat:changed'), participantId: id }),
	/** Participants' personal data was erased: close every connection of theirs. */
	v.object({
		type: v.literal('participants:erased'),
		participantIds: v.pipe(v.array(id), v.maxLength(MAX_ERASED))
	}),
	/** Updates stored per sync room since the last event, for every node's console overview. */
	v.object({
		type: v.literal('tables:activity'),
		rooms: v.pipe(
			v.array(v.tuple([id, v.pipe(v.number(), v.integer(), v.minValue(1))])),
			v.maxLength(MAX_ACTIVITY_ROOMS)
		)
	})
]);

export type ClusterEvent = v.InferOutput<typeof clusterEventSchema>;

export interface ClusterEvents {
	/**
	 * Sends an event to every other node. While Redis is away, seat changes and erasures wait in
	 * an outbox and go out when it returns: other nodes must still close those connections.
	 * Workshop states need not wait (every node reloads them all then), nor activity counts.
	 */
	publish(event: ClusterEvent): void;
	/** Tells `listener` about every other node's events. Returns the cleanup. */
	subscribe(listener: (event: ClusterEvent) => void): () => void;
	close(): void;
}

export function createClusterEvents(options: {
	link: RedisLink;
	prefix: string;
	nodeId: string;
	log: (message: string) => void;
}): ClusterEvents {
	const { link, nodeId, log } = options;
	const channel = `${options.prefix}:events`;
	const listeners = new Set<(event: ClusterEvent) => void>();
	const envelope = v.object({ from: id, event: v.unknown() });

	const onMessage: BufferListener = (message) => {
		let parsed: unknown;
		try {
			parsed = JSON.parse(message.toString('utf8'));
		} catch {
			log('[cluster] an event from a peer is not JSON; ignored');
			return;
		}
		const outer = v.safeParse(envelope, parsed);
		if (!outer.success || outer.output.from === nodeId) return;
		const event = v.safeParse(clusterEventSchema, outer.output.event);
		if (!event.success) return log('[cluster] an event from a peer does not pass its schema');
		for (const listener of listeners) {
			try {
				listener(event.output);
			} catch (error) {
				log(`[cluster] handling ${event.output.type} failed: ${error}`);
			}
		}
	};
	link.sub.subscribe(channel, onMessage, true).catch((error: unknown) => {
		log(`[cluster] subscribing to ${channel} failed: ${error}`);
	});

	const outbox = new Outbox();
	const publish = (event: ClusterEvent): void => {
		const message = JSON.stringify({ from: nodeId, event });
		const dropped = () => {
			if (event.type === 'tables:activity') return;
			const kept = outbox.keep(event);
			log(`[cluster] redis is away: ${event.type} ${kept ? 'kept to send later' : 'not sent'}`);
		};
		if (!link.ready) return dropped();
		link.pub.publish(channel, message).catch(dropped);
	};
	const stopReady = link.onReady(() => {
		for (const event of outbox.take()) publish(event);
	});

	return {
		publish,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close() {
			stopReady();
			listeners.clear();
			link.sub.unsubscribe(channel, onMessage, true).catch(() => undefined);
		}
	};
}

/** Most participants whose seat change or erasure waits for Redis; beyond it they are logged. */
const MAX_OUTBOX_PARTICIPANTS = 10_000;

/**
 * Seat changes and erasures made while Redis is away, per participant: a person moved twice
 * needs one close, and an erasure makes a seat change moot.
 */
class Outbox {
	readonly #seats = new Set<string>();
	readonly #erased = new Set<string>();

	/** False when the event is not one to keep, or the outbox is full. */
	keep(event: ClusterEvent): boolean {
		const ids =
			event.type === 'seat:changed'
				? [event.participantId]
				: event.type === 'participants:erased'
					? event.participantIds
					: null;
		if (!ids || this.#seats.size + this.#erased.size + ids.length > MAX_OUTBOX_PARTICIPANTS) {
			return false;
		}
		const into = event.type === 'seat:changed' ? this.#seats : this.#erased;
		for (const participantId of ids) into.add(participantId);
		return true;
	}

	/** Everything kept, as events to send, emptying the outbox. */
	take(): ClusterEvent[] {
		const events: ClusterEvent[] = [];
		const erased = [...this.#erased];
		for (let i = 0; i < erased.length; i += MAX_ERASED) {
			events.push({ type: 'participants:erased', participantIds: erased.slice(i, i + MAX_ERASED) });
		}
		for (const participantId of this.#seats) {
			if (!this.#erased.has(participantId)) events.push({ type: 'seat:changed', participantId });
		}
		this.#seats.clear();
		this.#erased.clear();
		return events;
	}
}
