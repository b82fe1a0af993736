import { error, redirect } from '@sveltejs/kit';
import { archiveFilter, errorCode, field, formAction } from '$lib/server/archive.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

/** Today in Finland, YYYY-MM-DD: the default day of a follow-up note. */
function todayInFinland(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	const filter = archiveFilter(url);
	try {
		const archive = await services().networks.archive(params.networkId, user.id, filter);
		return {
			filter,
			today: todayInFinland(),
			network: { id: archive.network.id, name: archive.network.name },
			members: archive.members.map(({ displayName, email }) => ({ displayName, email })),
			localities: archive.localities,
			ownLocalities: archive.ownLocalities,
			years: archive.years,
			workshops: archive.workshops,
			commitmentsByLocality: archive.commitmentsByLocality.map((group) => ({
				locality: group.locality,
				commitments: group.commitments.map((c) => ({
					...c,
					history: c.history.map(({ id, status, date, note, authorName, createdAt }) => ({
						id,
						status,
						date,
						note,
						authorName,
						createdAt
					}))
				}))
			}))
		};
	} catch (caught) {
		if (errorCode(caught) === 'not_found') {
			error(404, { message: 'not_found', code: 'not_found' });
		}
		throw caught;
	}
};

export const actions: Actions = {
	invite: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('invite', async () => {
			await services().networks.invite(params.networkId, user.id, field(form, 'email'));
			return { formId: 'invite', saved: true };
		});
	},
	addLocality: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('locality', async () => {
			await services().networks.addLocality(params.networkId, user.id, field(form, 'locality'));
			return { formId: 'locality', saved: true };
		});
	},
	removeLocality: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		return formAction('locality', async () => {
			await services().networks.removeLocality(params.networkId, user.id, field(form, 'locality'));
			return { formId: 'locality', saved: true };
		});
	},
	followUp: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		const id = field(form, 'id');
		return formAction(`follow-${id}`, async () => {
			// The network in the address must be the member's too, so the page cannot be used to
			// reach commitments of a workshop shared with some other network.
			await services().networks.requireMember(params.networkId, user.id);
			await services().commitments.followUp({
				userId: user.id,
				id,
				input: {
					status: field(form, 'status'),
					date: field(form, 'date'),
					note: field(form, 'note')
				}
			});
			return { formId: `follow-${id}`, saved: true };
		});
	},
	startFollowUp: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		const started = await formAction('start-follow-up', async () => {
			const { workshops, followUps } = services();
			const source = await workshops.get(field(form, 'workshop') as WorkshopId);
			return followUps.start({
				userId: user.id,
				networkId: params.networkId,
				workshopId: field(form, 'workshop'),
				title: m.fu_new_title({ locality: source?.locality ?? '' }),
				date: todayInFinland()
			});
		});
		if ('id' in started) redirect(303, `/facilitator/w/${started.id}/plan`);
		return started;
	}
};
