import { createClient, type RedisClientType } from 'redis';

/** How long a node waits between attempts to reach Redis again, at most, in ms. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** A listener for Redis messages as raw bytes (node-redis buffer mode). */
export type BufferListener = (message: Buffer, channel: Buffer) => void;

/**
 * The two Redis connections of one node: commands (publish, ping) and subscriptions (a connection
 * in subscriber mode can do nothing else). Built on node-redis, the client Redis itself maintains
 * and the one @socket.io/redis-adapter documents first.
 *
 * Redis is never waited for: a node starts and serves its own clients while Redis is away. Publishes
 * then fail at once (no offline queue that grows during an outage); the callers note what they
 * could not send and resynchronise from storage when Redis is back ({@link onReady}).
 */
export interface RedisLink {
	readonly pub: RedisClientType;
	readonly sub: RedisClientType;
	/** Both connections are up. */
	readonly ready: boolean;
	/**
	 * Called each time both connections become ready, the first time included: whatever was
	 * published while either was not ready may have been missed. Returns the cleanup.
	 */
	onReady(listener: () => void): () => void;
	/** Resolves when Redis answers PING; rejects at once when a connection is down. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export function createRedisLink(options: {
	url: string;
	log: (message: string) => void;
}): RedisLink {
	const { log } = options;
	const pub: RedisClientType = createClient({
		url: options.url,
		disableOfflineQueue: true,
		socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) }
	});
	// Subscriptions made while Redis is away wait in the queue; node-redis resubscribes on reconnect.
	const sub: RedisClientType = pub.duplicate({ disableOfflineQueue: false });
	const listeners = new Set<() => void>();
	/** Whether both connections were ready at the last 'ready' event. */
	let bothReady = false;
	let down = false;
	let closed = false;

	for (const [name, client] of [
		['pub', pub],
		['sub', sub]
	] as const) {
		client.on('error', (error: Error) => {
			// node-redis emits an error per failed attempt; one line per outage is enough.
			if (!down && !closed) log(`[cluster] redis ${name} connection: ${error.message}`);
			down = true;
		});
		const lost = () => (bothReady = false);
		client.on('end', lost);
		client.on('reconnecting', lost);
		client.on('ready', () => {
			if (!pub.isReady || !sub.isReady || bothReady) return;
			bothReady = true;
			if (down) log('[cluster] redis answers again');
			down = false;
			for (const listener of listeners) listener();
		});
		client.connect().catch((error: unknown) => {
			if (!closed) log(`[cluster] redis ${name} gave up connecting: ${error}`);
		});
	}

	return {
		pub,
		sub,
		get ready() {
			return pub.isReady && sub.isReady;
		},
		onReady(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async ping() {
			if (!pub.isReady || !sub.isReady) throw new Error('not connected');
			await pub.ping();
		},
		async close() {
			closed = true;
			listeners.clear();
			await Promise.allSettled([pub.close(), sub.close()]);
			pub.destroy();
			sub.destroy();
		}
	};
}

/**
 * A client handed to code that fires commands without awaiting them (the socket.io adapter
 * publishes and subscribes so): a rejection there, e.g. while Redis is away, must not become an
 * unhandled rejection that ends the process. The caller of a command still sees its rejection.
 */
export function withHandledRejections<T extends object>(
	client: T,
	log: (message: string) => void
): T {
	return new Proxy(client, {
		get(target, property) {
			const value: unknown = Reflect.get(target, property, target);
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
				if (result instanceof Promise) {
					result.catch((error: unknown) => log(`[cluster] redis ${String(property)}: ${error}`));
				}
				return result;
			};
		}
	});
}
