import { apiError, apiRequest, apiWorkshopFilter } from '$lib/server/api';
import { services } from '$lib/server/services';
import type { ApiWorkshopList } from '#shared/protocol/api.ts';
import type { RequestHandler } from './$types';

/** GET /api/v1/workshops[?locality=…&year=…] — the token's network's shared workshops. */
export const GET: RequestHandler = (event) =>
	apiRequest(event, async (principal) => {
		const filter = apiWorkshopFilter(event.url);
		if (!filter) return apiError(400, 'invalid_payload', 'locality or year is not valid.');
		const body: ApiWorkshopList = { workshops: await services().api.workshops(principal, filter) };
		return body;
	});
