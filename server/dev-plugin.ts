import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { loadConfig } from './config.ts';
import { ensureDemo } from './demo.ts';
import { createHealthEndpoints, readinessChecks } from './health.ts';
import { createDeckEndpoints } from './decks/deck-endpoints.ts';
import { startRetentionJob } from './privacy/retention.ts';
import { attachRealtime } from './realtime.ts';
import { createServices, publishServices } from './services.ts';

/**
 * Attaches the same realtime services to Vite's dev server, so `vite dev` is one command with the
 * control plane and the sync endpoint on the dev port.
 */
export function realtimeDevPlugin(): Plugin {
	return {
		name: 'rajapinta-realtime',
		apply: 'serve',
		async configureServer(server) {
			const httpServer = server.httpServer as HttpServer | null;
			if (!httpServer) return;
			const services = await createServices(loadConfig());
			const demo = services.config.seedDemo ? await ensureDemo(services) : null;
			publishServices(services);
			const realtime = attachRealtime(httpServer, services);
			const retention = services.config.retentionJob
				? startRetentionJob({ privacy: services.privacy })
				: { stop: async () => {} };
			let closing = false;
			const health = createHealthEndpoints({
				checks: readinessChecks(services),
				draining: () => closing
			});
			const decks = createDeckEndpoints(services);
			server.middlewares.use((request, response, next) => {
				if (!health(request, response) && !decks(request, response)) next();
			});
			if (demo) {
				server.config.logger.info(
					`[dev] demo facilitator ${demo.email} / ${demo.password}, join code ${demo.joinCode}`
				);
			}
			httpServer.once('close', () => {
				closing = true;
				void retention
					.stop()
					.then(() => realtime.close())
					.then(() => services.storage.close());
			});
		}
	};
}
