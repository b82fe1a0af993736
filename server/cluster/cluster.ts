import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { SyncPeers } from '#server/sync/peers.ts';
import { createClusterEvents, type ClusterEvents } from './cluster-events.ts';
import { createRedisLink, withHandledRejections, type RedisLink } from './redis-link.ts';
import { createRedisSyncPeers } from './redis-sync-peers.ts';

/** The socket.io adapter factory (what `new Server(http, { adapter })` takes). */
export type SocketAdapter = ReturnType<typeof createAdapter>;

/**
 * This node's part in a group of nodes sharing one PostgreSQL and one Redis (issue 7). Created
 * only when REDIS_URL is set; without it nothing here runs and a node is alone, as before.
 */
export interface Cluster {
	/** Identifies this process in Redis messages, so it ignores its own. */
	readonly nodeId: string;
	readonly link: RedisLink;
	/** Document updates and presence between nodes (sync SPEC S12). */
	readonly peers: SyncPeers;
	/** Workshop state, seat changes, erasures and activity between nodes. */
	readonly events: ClusterEvents;
	/** socket.io's official Redis adapter: a broadcast on any node reaches every node's sockets. */
	readonly adapter: SocketAdapter;
	close(): Promise<void>;
}

export function createCluster(options: {
	url: string;
	prefix: string;
	log: (message: string) => void;
}): Cluster {
	const { prefix, log } = options;
	const nodeId = randomUUID();
	const link = createRedisLink({ url: options.url, log });
	const peers = createRedisSyncPeers({ link, prefix, nodeId, log });
	const events = createClusterEvents({ link, prefix, nodeId, log });
	// The adapter publishes without awaiting; while Redis is away those rejections are expected
	// (this node still reaches its own sockets) and must neither crash the process nor flood the log.
	const quiet = (message: string) => {
		if (link.ready) log(message);
	};
	const adapter = createAdapter(
		withHandledRejections(link.pub, quiet),
		withHandledRejections(link.sub, quiet),
		{ key: `${prefix}:sio` }
	);
	return {
		nodeId,
		link,
		peers,
		events,
		adapter,
		async close() {
			peers.close();
			events.close();
			await link.close();
		}
	};
}
