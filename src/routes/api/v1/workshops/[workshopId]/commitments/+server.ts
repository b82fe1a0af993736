import { apiRequest } from '$lib/server/api';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** GET /api/v1/workshops/{id}/commitments — the workshop's agreed commitments and their status. */
export const GET: RequestHandler = (event) =>
	apiRequest(event, (principal) => services().api.commitments(principal, event.params.workshopId));
