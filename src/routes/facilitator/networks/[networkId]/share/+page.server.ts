import { error } from '@sveltejs/kit';
import { errorCode, field, formAction } from '$lib/server/archive.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** ?workshop=<id>: which of the network's shared workshops the link is for. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	try {
		const options = {
			userId: user.id,
			networkId: params.networkId,
			workshopId: url.searchParams.get('workshop') ?? ''
		};
		const { shareLinks } = services();
		const target = await shareLinks.target(options);
		return { ...target, links: await shareLinks.list(options), origin: url.origin };
	} catch (caught) {
		if (errorCode(caught) === 'not_found') error(404, { message: 'not_found', code: 'not_found' });
		throw caught;
	}
};

export const actions: Actions = {
	create: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('share-link', async () => {
			const link = await services().shareLinks.create({
				userId: user.id,
				networkId: params.networkId,
				workshopId: field(form, 'workshop'),
				days: field(form, 'days')
			});
			return { formId: 'share-link', path: `/share/${link.token}`, expiresAt: link.expiresAt };
		});
	},
	revoke: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('share-link-revoke', async () => {
			const revoked = await services().shareLinks.revoke({
				userId: user.id,
				networkId: params.networkId,
				linkId: field(form, 'link')
			});
			return { formId: 'share-link-revoke', revoked };
		});
	}
};
