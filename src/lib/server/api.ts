import type { RequestEvent } from '@sveltejs/kit';
import type { ApiPrincipal } from '#server/api/api-tokens.ts';
import type { ApiWorkshopFilter } from '#server/api/api-service.ts';
import type { ApiError } from '#shared/protocol/api.ts';
import { rajapintaErrorCode, type ErrorCode } from '#shared/protocol/errors.ts';
import { services } from './services.ts';

const NO_STORE = { 'cache-control': 'private, no-store' };

/** A JSON body with the API's headers: never cached, since every answer depends on the token. */
export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers }
	});
}

export function apiError(
	status: number,
	code: ErrorCode,
	message: string,
	headers: Record<string, string> = {}
): Response {
	const body: ApiError = { error: { code, message } };
	return apiJson(body, status, headers);
}

/**
 * Runs one JSON API request (issue 6): rate limit per client address, then the Bearer token, then
 * `run` for the token's network. Every failure is a JSON error with a stable code. Anything the
 * token's network cannot see is 404, never 403, so ids of other networks' workshops leak nothing.
 */
export async function apiRequest(
	event: RequestEvent,
	run: (principal: ApiPrincipal) => Promise<Response | object>
): Promise<Response> {
	const { apiTokens, rateLimits } = services();
	if (!(await rateLimits.allow('api', event.getClientAddress()))) {
		return apiError(429, 'rate_limited', 'Too many requests; try again in a minute.', {
			'retry-after': '60'
		});
	}
	const header = event.request.headers.get('authorization') ?? '';
	const bearer = /^Bearer ([^\s]{1,200})$/i.exec(header.trim())?.[1] ?? null;
	const principal = bearer ? await apiTokens.authenticate(bearer) : null;
	if (!principal) {
		return apiError(401, 'unauthorised', 'Send a valid API token: Authorization: Bearer <token>.', {
			'www-authenticate': 'Bearer realm="rajapinta"'
		});
	}
	try {
		const result = await run(principal);
		return result instanceof Response ? result : apiJson(result);
	} catch (caught) {
		switch (rajapintaErrorCode(caught)) {
			case 'not_found':
				return apiError(404, 'not_found', 'No such resource for this token.');
			case 'invalid_payload':
				return apiError(400, 'invalid_payload', 'A query parameter is not valid.');
			default:
				console.error('[api] request failed:', caught);
				return apiError(500, 'internal', 'Something failed on the server.');
		}
	}
}

/** ?locality=…&year=… of the workshop list; a malformed value is a 400, not "all". */
export function apiWorkshopFilter(url: URL): ApiWorkshopFilter | null {
	const locality = url.searchParams.get('locality');
	const year = url.searchParams.get('year');
	if (locality !== null && (locality.trim() === '' || locality.length > 200)) return null;
	if (year !== null && !/^[12][0-9]{3}$/.test(year)) return null;
	return { locality: locality?.trim() ?? null, year: year === null ? null : Number(year) };
}
