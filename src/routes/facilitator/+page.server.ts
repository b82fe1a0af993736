import { fail, redirect } from '@sveltejs/kit';
import { formatJoinCode } from '#shared/model/ids.ts';
import { plannedMinutes } from '#shared/model/workshop-plan.ts';
import { planOf, type WorkshopTemplate } from '#shared/model/workshop-template.ts';
import { requireUser } from '$lib/server/facilitator.ts';
import { parseWorkshopForm, readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** Today in Finland as YYYY-MM-DD (the en-CA format), the default day of a new workshop. */
function todayInFinland(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
}

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const service = services().workshops;
	const workshops = await service.listFor(user.id);
	const own = await service.ownTemplates(user.id);
	return {
		templates: [
			...service.templates.map((template) => templateChoice(template, false)),
			...own.map((record) => templateChoice(record.template, true))
		],
		displayName: user.displayName,
		today: todayInFinland(),
		workshops: workshops.map((workshop) => ({
			id: workshop.id,
			title: workshop.title,
			locality: workshop.locality,
			date: workshop.date,
			duration: workshop.duration,
			tableCount: workshop.tableCount,
			joinCode: formatJoinCode(workshop.joinCode)
		}))
	};
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		const chosen = form.get('template');
		const parsed = parseWorkshopForm(form);
		if (!parsed.ok) {
			const template = typeof chosen === 'string' ? chosen : undefined;
			return fail(400, { errors: parsed.errors, values: { ...parsed.values, template } });
		}
		const service = services().workshops;
		// An unknown or somebody else's template id falls back to the first bundled one.
		const template =
			(typeof chosen === 'string' ? await service.template(chosen, user.id) : null) ??
			service.templates[0];
		const workshop = await service.create(user.id, { ...parsed.value, plan: planOf(template) });
		redirect(303, `/facilitator/w/${workshop.id}`);
	}
};

/** What the create form shows of a template: its name, kind of day and length. */
function templateChoice(template: WorkshopTemplate, own: boolean) {
	return {
		id: template.id,
		name: template.name,
		duration: template.duration,
		minutes: plannedMinutes(template.phases),
		phaseCount: template.phases.length,
		own
	};
}
