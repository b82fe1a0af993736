import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster } from './cluster/cluster.ts';
import type { Config } from './config.ts';
import { ensureDemo, type DemoInfo } from './demo.ts';
import { createHealthEndpoints, readinessChecks } from './health.ts';
import { createDeckEndpoints } from './decks/deck-endpoints.ts';
import { startRetentionJob } from './privacy/retention.ts';
import { attachRealtime, type Realtime } from './realtime.ts';
import { createServices, publishServices, type Services } from './services.ts';

/** A Node request handler such as SvelteKit adapter-node's `handler`. */
export type RequestHandler = (
	request: http.IncomingMessage,
	response: http.ServerResponse,
	next?: () => void
) => void;

export interface RunningServer {
	/** http://host:port the server listens on. */
	url: string;
	port: number;
	services: Services;
	realtime: Realtime;
	demo: DemoInfo | null;
	/** Graceful stop: refuse new work, store pending updates, close connections and storage. */
	close(): Promise<void>;
}

/**
 * Starts one Rajapinta process: the app handler, the control plane and the sync endpoint on one
 * port. `server/index.ts` runs it with SvelteKit's handler; tests run it with their own.
 */
export async function startRajapinta(options: {
	config: Config;
	handler: RequestHandler;
}): Promise<RunningServer> {
	const { config } = options;
	const services = await createServices(config);
	const demo = config.seedDemo ? await ensureDemo(services) : null;
	publishServices(services);
	// Without REDIS_URL a node is alone and no Redis code runs, or even loads (issue 7).
	const cluster: Cluster | null = config.redisUrl
		? (await import('./cluster/cluster.ts')).createCluster({
				url: config.redisUrl,
				prefix: config.redisPrefix,
				log: (message) => console.error(message)
			})
		: null;
	// One budget per address across the nodes, not one per node (issue 7).
	if (cluster) services.rateLimits.shareThrough(cluster.link.pub, config.redisPrefix);

	let closing: Promise<void> | null = null;
	// Served here, not by SvelteKit: a probe must not depend on the app's hooks, sessions or build.
	const health = createHealthEndpoints({
		checks: readinessChecks(services, cluster),
		draining: () => closing !== null
	});
	const decks = createDeckEndpoints(services);
	const httpServer = http.createServer((request, response) => {
		if (health(request, response)) return;
		if (decks(request, response)) return;
		options.handler(request, response, () => {
			response.statusCode = 404;
			response.end('Not found');
		});
	});
	const realtime = attachRealtime(httpServer, services, cluster);
	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(config.port, config.host, () => resolve());
	});
	// After the realtime layer listens for erasures, so a sweep at start also closes connections.
	const retention = config.retentionJob
		? startRetentionJob({ privacy: services.privacy })
		: { stop: async () => {} };
	const { port } = httpServer.address() as AddressInfo;
	const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

	return {
		url: `http://${host}:${port}`,
		port,
		services,
		realtime,
		demo,
		close() {
			closing ??= (async () => {
				// Closes socket.io and the sync endpoint (storing what is pending) before the HTTP server,
				// so no acknowledged update is still in memory when storage closes.
				await retention.stop();
				await realtime.close();
				httpServer.closeIdleConnections();
				const timer = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
				await new Promise<void>((resolve) => httpServer.close(() => resolve()));
				clearTimeout(timer);
				publishServices(null);
				await cluster?.close();
				await services.storage.close();
			})();
			return closing;
		}
	};
}
