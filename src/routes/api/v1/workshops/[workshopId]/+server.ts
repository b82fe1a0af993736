import { apiRequest } from '$lib/server/api';
import { services } from '$lib/server/services';
import { reportToJson } from '#server/exports/json.ts';
import type { RequestHandler } from './$types';

/** GET /api/v1/workshops/{id} — the workshop's report, exactly as the JSON export has it. */
export const GET: RequestHandler = (event) =>
	apiRequest(event, async (principal) =>
		reportToJson(await services().api.report(principal, event.params.workshopId))
	);
