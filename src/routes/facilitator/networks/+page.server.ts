import { redirect } from '@sveltejs/kit';
import { field, formAction } from '$lib/server/archive.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const networks = await services().networks.listFor(user.id);
	return { networks: networks.map(({ id, name }) => ({ id, name })) };
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		const result = await formAction('create', () =>
			services().networks.create(user.id, field(form, 'name'))
		);
		if ('id' in result) redirect(303, `/facilitator/networks/${result.id}`);
		return result;
	}
};
