import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { config } = services();
	return {
		origin: config.origin ?? url.origin,
		contact: config.accessibilityContact
	};
};
