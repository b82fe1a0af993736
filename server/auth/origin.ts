import type { IncomingMessage } from 'node:http';

/**
 * Refuses cross-site WebSocket and polling handshakes (cross-site WebSocket hijacking): browsers
 * attach cookies to them, so a foreign page could otherwise act as the signed-in person. Requests
 * without an Origin header come from non-browser clients, which must present a token anyway.
 */
export function isSameOrigin(request: IncomingMessage, publicOrigin: string | null): boolean {
	const origin = request.headers.origin;
	if (origin === undefined) return true;
	if (publicOrigin !== null && origin === publicOrigin) return true;
	try {
		return new URL(origin).host === request.headers.host;
	} catch {
		return false;
	}
}
