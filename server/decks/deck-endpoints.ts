import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '#server/auth/access.ts';
import type { DeckAccess, DeckService } from './deck-service.ts';

/** Where own decks are served: `/decks/<deckId>` (JSON texts) and `/decks/<deckId>/<cardKey>`. */
export const DECKS_PATH = '/decks/';
const DECK_PATH = /^\/decks\/([^/]+)(?:\/([^/]+))?$/;

/**
 * A browser keeps a picture for an hour and then asks again with its ETag, so a participant whose
 * workshop stops using the deck loses it within the hour. `private`: never in a shared cache,
 * since every answer depends on who asks.
 */
export const DECK_CACHE_CONTROL = 'private, max-age=3600';

const STATUS: Record<Exclude<DeckAccess, 'ok'>, number> = {
	unauthorised: 401,
	forbidden: 403,
	not_found: 404
};

/**
 * Serves own decks ahead of the app handler, with the same cookies the sync endpoint reads; returns
 * false for any other path. Here rather than in a SvelteKit route so the integration tests reach
 * it with the real server and no build.
 */
export function createDeckEndpoints(options: {
	access: AccessControl;
	decks: DeckService;
}): (request: IncomingMessage, response: ServerResponse) => boolean {
	return (request, response) => {
		if (!request.url?.startsWith(DECKS_PATH)) return false;
		const url = new URL(request.url, 'http://localhost');
		const match = DECK_PATH.exec(url.pathname);
		if (!match) return false;
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.writeHead(405, { Allow: 'GET, HEAD' }).end();
			return true;
		}
		serve(options, request, response, url, match[1], match[2] ?? null).catch((error: unknown) => {
			console.error('[decks] serving a deck failed:', error);
			if (!response.headersSent) response.writeHead(500);
			response.end();
		});
		return true;
	};
}

async function serve(
	options: { access: AccessControl; decks: DeckService },
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
	deckId: string,
	cardKey: string | null
): Promise<void> {
	const principals = await options.access.resolveRequest(request, url);
	const found = cardKey
		? await options.decks.picture(principals, deckId, cardKey)
		: await options.decks.view(principals, deckId);
	const common = {
		'Cache-Control': DECK_CACHE_CONTROL,
		Vary: 'Cookie',
		'X-Content-Type-Options': 'nosniff'
	};
	if (typeof found === 'string') {
		response.writeHead(STATUS[found as Exclude<DeckAccess, 'ok'>], {
			'Cache-Control': 'no-store',
			'Content-Type': 'application/json'
		});
		response.end(JSON.stringify({ error: found }));
		return;
	}
	if ('bytes' in found) {
		const etag = `"${found.sha256}"`;
		if (request.headers['if-none-match'] === etag) {
			response.writeHead(304, { ...common, ETag: etag }).end();
			return;
		}
		response.writeHead(200, {
			...common,
			ETag: etag,
			'Content-Type': found.contentType,
			'Content-Length': found.bytes.byteLength,
			// Opened on its own, the picture still runs nothing and cannot be framed.
			'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox"
		});
		response.end(request.method === 'HEAD' ? undefined : found.bytes);
		return;
	}
	// Texts change when the owner edits them, so the browser asks again each time.
	response.writeHead(200, {
		...common,
		'Cache-Control': 'private, no-cache',
		'Content-Type': 'application/json; charset=utf-8'
	});
	response.end(request.method === 'HEAD' ? undefined : JSON.stringify(found));
}
