import { apiError, apiRequest } from '$lib/server/api';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET /api/v1/localities/{locality}/commitments — agreed commitments of the locality's shared
 * workshops with their follow-up status, as the JSON locality export has them.
 */
export const GET: RequestHandler = (event) =>
	apiRequest(event, async (principal) => {
		const locality = event.params.locality.trim();
		if (locality === '' || locality.length > 200) {
			return apiError(400, 'invalid_payload', 'locality is not valid.');
		}
		return services().api.localityCommitments(principal, locality);
	});
