import { fail } from '@sveltejs/kit';
import { normaliseLiveState } from '#shared/model/workshop-ops.ts';
import { validatePlan } from '#shared/model/workshop-template.ts';
import { rajapintaErrorCode } from '#shared/protocol/errors.ts';
import { requireFacilitatedWorkshop, requireUser } from '$lib/server/facilitator.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import { deckChoiceErrors, deckChoices } from '$lib/server/decks.ts';
import type { Actions, PageServerLoad } from './$types';

/** A facilitator's template name, as short as a workshop title. */
const TEMPLATE_NAME_MAX_CHARS = 120;

export const load: PageServerLoad = async ({ locals, params }) => {
	const user = requireUser(locals);
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const state = normaliseLiveState(workshop.state);
	const registration = await services().storage.registrations.settings(workshop.id);
	return {
		workshop: { id: workshop.id, title: workshop.title },
		/** Registration before the day is optional per workshop (issue 5): off until switched on. */
		registrationOpen: registration?.open ?? false,
		plan: { startTime: state.startTime, phases: state.phases },
		/** Decks a warm-up may use: the facilitator's own, and any the plan names already. */
		decks: await deckChoices(user.id, state.phases),
		/** The phase the room is in, by id, when the day has started. */
		currentPhaseId: state.phaseStartedAt === null ? null : state.phases[state.phaseIndex]?.id,
		/** Bumped by every save, so the editor reloads the stored plan after one. */
		revision: state.revision
	};
};

type Outcome = {
	action: 'save' | 'saveTemplate' | 'registration';
	/** Schema errors with field paths (the page words them). */
	errors: string[];
	/** The name of the template just saved. */
	savedTemplate: string | null;
};
const outcome = (action: Outcome['action'], extra: Partial<Outcome> = {}): Outcome => ({
	action,
	errors: [],
	savedTemplate: null,
	...extra
});

/** The plan field is the editor's JSON; the schema decides what passes. */
function planFrom(form: FormData): unknown {
	const raw = form.get('plan');
	if (typeof raw !== 'string') return null;
	try {
		return JSON.parse(raw);
	} catch {
		return null;
	}
}

export const actions: Actions = {
	/** The registration switch: `open` is 'on' or 'off'; the registration page has the rest. */
	registration: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const open = (await readForm(request)).get('open');
		if (open !== 'on' && open !== 'off') {
			return fail(400, outcome('registration', { errors: ['open: invalid'] }));
		}
		await services().registrations.setOpen(requireUser(locals).id, workshop.id, open === 'on');
		return outcome('registration');
	},

	save: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const checked = validatePlan(planFrom(await readForm(request)));
		if (!checked.ok) return fail(400, outcome('save', { errors: checked.errors }));
		const deckErrors = await deckChoiceErrors(user.id, workshop.id, checked.value.phases);
		if (deckErrors.length > 0) return fail(400, outcome('save', { errors: deckErrors }));
		await services().workshops.savePlan(workshop.id, checked.value);
		return outcome('save');
	},

	saveTemplate: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const name = String(form.get('name') ?? '').trim();
		if (!name || name.length > TEMPLATE_NAME_MAX_CHARS) {
			return fail(400, outcome('saveTemplate', { errors: ['name: missing'] }));
		}
		try {
			await services().workshops.saveAsTemplate({
				ownerId: user.id,
				name,
				duration: workshop.duration,
				plan: planFrom(form)
			});
		} catch (error) {
			if (rajapintaErrorCode(error) === 'invalid_payload') {
				const message = (error as Error).message;
				return fail(400, outcome('saveTemplate', { errors: message.split('; ') }));
			}
			throw error;
		}
		return outcome('saveTemplate', { savedTemplate: name });
	}
};
