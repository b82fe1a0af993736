import { OPENAPI_DOCUMENT } from '$lib/server/openapi';
import type { RequestHandler } from './$types';

/** The API's OpenAPI document: public, so a network's developers can read it before a token. */
export const GET: RequestHandler = () =>
	new Response(JSON.stringify(OPENAPI_DOCUMENT), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'public, max-age=300',
			'access-control-allow-origin': '*'
		}
	});
