import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The reference: the stock y-websocket 1.5.4 server (`bin/utils.js` `setupWSConnection`, on the
 * repo's yjs 13 and y-protocols, no persistence, no auth), wired exactly as its own `bin/server.js`
 * does. Bench-only: installed as the devDependency alias `y-websocket-reference`, never imported by
 * the product. Its optional LevelDB persistence is only loaded when YPERSISTENCE is set, which the
 * benchmark never does (run.ts clears it).
 */
const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket-reference/bin/utils') as {
	setupWSConnection(conn: WebSocket, request: http.IncomingMessage): void;
};

if (process.env.YPERSISTENCE !== undefined) {
	throw new Error('[bench] the reference server must run without YPERSISTENCE');
}

const server = http.createServer((_request, response) => {
	response.writeHead(200, { 'Content-Type': 'text/plain' });
	response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	console.log(`[reference] listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => process.exit(0));
