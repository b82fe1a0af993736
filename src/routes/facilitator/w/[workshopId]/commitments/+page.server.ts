import { draftFromForm } from '#shared/model/commitment-record.ts';
import type { UserId } from '#shared/model/ids.ts';
import { field, formAction } from '$lib/server/archive.ts';
import { commitmentView } from '$lib/server/commitments.ts';
import { requireFacilitatedWorkshop } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const userId = locals.user!.id;
	const { commitments, networks } = services();
	const [all, mine, shared] = await Promise.all([
		commitments.list({ kind: 'user', userId }, workshop.id),
		networks.listFor(userId),
		networks.sharedWith(workshop.id)
	]);
	const views = all.map(commitmentView);
	const sharedIds = new Set(shared.map((network) => network.id));
	return {
		workshop: { id: workshop.id, title: workshop.title, locality: workshop.locality },
		groups: [...Array.from({ length: workshop.tableCount }, (_, i) => i + 1), null].map(
			(table) => ({ table, commitments: views.filter((c) => c.table === table) })
		),
		networks: mine.map((network) => ({
			id: network.id,
			name: network.name,
			shared: sharedIds.has(network.id)
		}))
	};
};

/** The table a facilitator adds for: 1…tableCount, or '' for the plenary. */
function tableOf(form: FormData): number | null {
	const value = field(form, 'table');
	return /^[1-9][0-9]{0,2}$/.test(value) ? Number(value) : null;
}

const actor = (userId: UserId) => ({ kind: 'user', userId }) as const;

export const actions: Actions = {
	propose: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const table = tableOf(form);
		const formId = `new-${table ?? 'plenary'}`;
		return formAction(formId, async () => {
			await services().commitments.propose({
				actor: actor(locals.user!.id),
				workshopId: workshop.id,
				table: table !== null && table <= workshop.tableCount ? table : null,
				input: draftFromForm(form)
			});
			return { formId, saved: true };
		});
	},
	edit: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const id = field(form, 'id');
		return formAction(id, async () => {
			await services().commitments.edit({
				actor: actor(locals.user!.id),
				workshopId: workshop.id,
				id,
				input: draftFromForm(form)
			});
			return { formId: id, saved: true };
		});
	},
	agree: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const id = field(form, 'id');
		return formAction(id, async () => {
			await services().commitments.setAgreed({
				actor: actor(locals.user!.id),
				workshopId: workshop.id,
				id,
				agreed: field(form, 'agreed') === '1'
			});
			return { formId: id, saved: true };
		});
	},
	remove: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const id = field(form, 'id');
		return formAction(id, async () => {
			await services().commitments.remove({
				actor: actor(locals.user!.id),
				workshopId: workshop.id,
				id
			});
			return { formId: id, saved: true };
		});
	},
	share: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		return formAction('share', async () => {
			await services().networks.setShared({
				userId: locals.user!.id,
				workshopId: workshop.id,
				networkId: field(form, 'networkId'),
				shared: field(form, 'shared') === '1'
			});
			return { formId: 'share', saved: true };
		});
	}
};
