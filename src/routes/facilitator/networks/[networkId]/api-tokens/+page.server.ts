import { error } from '@sveltejs/kit';
import { OPENAPI_PATH } from '#shared/protocol/api.ts';
import { errorCode, field, formAction } from '$lib/server/archive.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** A network's API tokens (issue 6): members only; anybody else gets 404, as for the archive. */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	const user = requireUser(locals);
	// A just-made token is on this page once: keep it out of every cache.
	setHeaders({ 'cache-control': 'private, no-store' });
	try {
		const { networks, apiTokens } = services();
		const network = await networks.requireMember(params.networkId, user.id);
		return {
			network: { id: network.id, name: network.name },
			tokens: await apiTokens.list(network.id, user.id),
			origin: url.origin,
			openApiPath: OPENAPI_PATH
		};
	} catch (caught) {
		if (errorCode(caught) === 'not_found') error(404, { message: 'not_found', code: 'not_found' });
		throw caught;
	}
};

export const actions: Actions = {
	create: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('api-token', async () => {
			const made = await services().apiTokens.create({
				networkId: params.networkId,
				userId: user.id,
				name: field(form, 'name')
			});
			return { formId: 'api-token', secret: made.secret, name: made.token.name };
		});
	},
	revoke: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('api-token-revoke', async () => {
			const revoked = await services().apiTokens.revoke({
				networkId: params.networkId,
				userId: user.id,
				tokenId: field(form, 'token')
			});
			return { formId: 'api-token-revoke', revoked };
		});
	}
};
