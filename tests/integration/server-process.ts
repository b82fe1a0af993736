import { loadConfig } from '#server/config.ts';
import { startRajapinta } from '#server/app.ts';

/**
 * The server as a separate process, for tests that kill it (-9) or restart it. Same composition as
 * server/index.ts, without SvelteKit's handler so it runs before `vite build`.
 */
const server = await startRajapinta({
	config: loadConfig(),
	handler: (_request, response) => {
		response.statusCode = 404;
		response.end();
	}
});
console.log(`[server] listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
