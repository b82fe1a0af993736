import { apiError } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** Any other address under /api/v1 answers in JSON too, so clients never parse an HTML page. */
export const fallback: RequestHandler = () =>
	apiError(404, 'not_found', 'No such API endpoint; see /api/v1/openapi.json.');
