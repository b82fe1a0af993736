import { error, fail } from '@sveltejs/kit';
import { rajapintaErrorCode } from '#shared/protocol/errors.ts';
import { requireFacilitatedWorkshop, requireUser } from '$lib/server/facilitator.ts';
import { readForm } from '$lib/server/forms.ts';
import { parseQuestionForm } from '$lib/server/registration-forms.ts';
import { services } from '$lib/server/services.ts';
import type { Actions, PageServerLoad } from './$types';

/** Registration before the day and the pre-task answers, for the workshop's facilitators (issue 5). */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const overview = await services().registrations.overview(requireUser(locals).id, workshop.id);
	const settings = overview.settings;
	return {
		workshop: { id: workshop.id, title: workshop.title },
		open: settings?.open ?? false,
		code: settings?.code ?? null,
		link: settings ? `${url.origin}/r/${settings.code}` : null,
		questions: settings?.questions ?? [],
		registrants: overview.registrants,
		answers: overview.answers
	};
};

async function setOpen(locals: App.Locals, workshopId: string, open: boolean) {
	const workshop = await requireFacilitatedWorkshop(locals, workshopId);
	await services().registrations.setOpen(requireUser(locals).id, workshop.id, open);
}

export const actions: Actions = {
	open: async ({ locals, params }) => {
		await setOpen(locals, params.workshopId, true);
		return { opened: true };
	},
	close: async ({ locals, params }) => {
		await setOpen(locals, params.workshopId, false);
		return { closed: true };
	},
	addQuestion: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const parsed = parseQuestionForm(await readForm(request));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		try {
			await services().registrations.addQuestion(requireUser(locals).id, workshop.id, parsed.value);
		} catch (caught) {
			// The only payload problem left after the form parser: the questions are full.
			if (rajapintaErrorCode(caught) === 'invalid_payload') return fail(400, { full: true });
			throw caught;
		}
		return { added: true };
	},
	removeQuestion: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const id = (await readForm(request)).get('questionId');
		if (typeof id !== 'string' || id.length > 32) {
			error(400, { message: 'bad_request', code: 'bad_request' });
		}
		await services().registrations.removeQuestion(requireUser(locals).id, workshop.id, id);
		return { removed: true };
	}
};
