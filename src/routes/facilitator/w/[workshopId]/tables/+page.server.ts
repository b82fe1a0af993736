import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { rajapintaErrorCode } from '#shared/protocol/errors.ts';
import { requireFacilitatedWorkshop, requireUser } from '$lib/server/facilitator.ts';
import { readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
	const { seating, storage } = services();
	const [current, rounds, registration] = await Promise.all([
		seating.current(workshop),
		storage.seating.listRounds(workshop.id),
		services().registrations.overview(requireUser(locals).id, workshop.id)
	]);
	return {
		workshop: { id: workshop.id, title: workshop.title, tableCount: workshop.tableCount },
		current,
		rounds: rounds.length,
		/** Registered before the day but not here yet: the no-shows, until they arrive. */
		notArrived: registration.registrants
			.filter((person) => !person.arrived)
			.map(({ displayName, organisation, actorType }) => ({ displayName, organisation, actorType }))
	};
};

/** A proposal as the page posts it back: participant id → table; the service checks the rest. */
const SeatingSchema = v.pipe(
	v.string(),
	v.maxLength(64_000),
	v.parseJson(),
	v.record(
		v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)),
		v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999))
	)
);
const SeedSchema = v.pipe(v.string(), v.regex(/^[0-9]{1,9}$/), v.transform(Number));
const MoveSchema = v.object({
	participantId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)),
	table: v.pipe(v.string(), v.regex(/^[0-9]{1,3}$/), v.transform(Number))
});

/** The service's refusal as a form error; anything else is a bug and propagates. */
async function attempt<T>(run: () => Promise<T>) {
	try {
		return await run();
	} catch (error) {
		const code = rajapintaErrorCode(error);
		if (code) return fail(400, { error: code });
		throw error;
	}
}

export const actions: Actions = {
	propose: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const seed = v.safeParse(SeedSchema, form.get('seed') ?? '');
		const chosen = seed.success ? seed.output : Math.floor(Math.random() * 1e9);
		return attempt(async () => ({
			proposal: await services().seating.propose(workshop, chosen),
			seed: chosen
		}));
	},
	apply: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const seating = v.safeParse(SeatingSchema, form.get('seating') ?? '');
		if (!seating.success) return fail(400, { error: 'invalid_payload' });
		return attempt(async () => ({
			applied: await services().seating.apply(workshop, seating.output)
		}));
	},
	move: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const move = v.safeParse(MoveSchema, {
			participantId: form.get('participantId'),
			table: form.get('table')
		});
		if (!move.success) return fail(400, { error: 'invalid_payload' });
		const { participantId, table } = move.output;
		return attempt(async () => {
			await services().seating.move(workshop, participantId, table);
			return { moved: { participantId, table } };
		});
	}
};
