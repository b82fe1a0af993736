import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from './config.ts';
import { startRajapinta, type RequestHandler } from './app.ts';
import { MAX_UPLOAD_BODY_BYTES } from '#shared/model/card-deck.ts';

/**
 * Production entry point: `node server/index.ts` after `vite build`. SvelteKit's handler ignores
 * PORT, HOST and shutdown signals when mounted in a custom server, so they are handled here.
 */
const HANDLER_FILE = path.resolve(fileURLToPath(import.meta.url), '../../build/handler.js');

/**
 * Without ORIGIN, adapter-node assumes https and SvelteKit's CSRF check then refuses every form
 * posted over plain http. This process speaks plain http, so it states the scheme itself in a header
 * it overwrites on every request (a client cannot forge it); the host comes from the Host header.
 */
const SCHEME_HEADER = 'x-rajapinta-scheme';

function plainHttpHandler(handler: RequestHandler): RequestHandler {
	return (request, response, next) => {
		request.headers[SCHEME_HEADER] = 'http';
		handler(request, response, next);
	};
}

async function main(): Promise<void> {
	const config = loadConfig();
	if (!existsSync(HANDLER_FILE)) {
		throw new Error(`[server] ${HANDLER_FILE} is missing: run "npm run build" first`);
	}
	// adapter-node reads its environment when the handler module loads.
	if (config.origin === null) process.env.PROTOCOL_HEADER = SCHEME_HEADER;
	// Its default body cap (512 KiB) is below one card picture; an own deck's upload may carry the
	// deck's whole byte cap (card-deck.ts), and the deck service checks each file again.
	process.env.BODY_SIZE_LIMIT = String(MAX_UPLOAD_BODY_BYTES);
	const { handler } = (await import(pathToFileURL(HANDLER_FILE).href)) as {
		handler: RequestHandler;
	};
	const server = await startRajapinta({
		config,
		handler: config.origin === null ? plainHttpHandler(handler) : handler
	});

	// Tests read this line to find the port when PORT=0.
	console.log(`[server] listening on ${server.url} (storage: ${server.services.storage.kind})`);
	if (server.demo) {
		console.log(
			[
				'[server] Demo workshop ready:',
				`  facilitator sign-in: ${server.url}/facilitator  e-mail ${server.demo.email}  password ${server.demo.password}`,
				`  participants join:   ${server.url}/join  code ${server.demo.joinCode}`
			].join('\n')
		);
	}

	const shutdown = (signal: string) => {
		console.log(`[server] ${signal}: shutting down`);
		server.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(`[server] shutdown failed: ${error}`);
				process.exit(1);
			}
		);
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
