import { SERVICES_KEY, type Services } from '#server/services.ts';

/**
 * The running server's Services (storage, accounts, workshops, access). Set by server/index.ts in
 * production and by the dev plugin under `vite dev`; this is the only door from routes to them.
 */
export function services(): Services {
	const found = (globalThis as Record<symbol, Services | undefined>)[SERVICES_KEY];
	if (!found) {
		throw new Error(
			'[app] Rajapinta services are not running: start with npm start or npm run dev'
		);
	}
	return found;
}
