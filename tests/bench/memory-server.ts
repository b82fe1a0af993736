import { loadConfig } from '#server/config.ts';
import { startRajapinta } from '#server/app.ts';

/**
 * The server as tests/integration/server-process.ts composes it, started with --expose-gc, plus
 * one bench-only hook: on the IPC message 'gc' it collects garbage and replies with its memory
 * usage, so the memory section measures what is alive, not what the collector has not reached yet.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect || !process.send) throw new Error('[bench] memory-server needs --expose-gc and IPC');
const server = await startRajapinta({
	config: loadConfig(),
	handler: (_request, response) => {
		response.statusCode = 404;
		response.end();
	}
});
process.on('message', (message) => {
	if (message !== 'gc') return;
	collect();
	collect();
	process.send!(process.memoryUsage());
});
console.log(`[server] listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
