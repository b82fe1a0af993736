import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { PREFERRED_LANGUAGES } from '#shared/model/registration.ts';
import { rajapintaErrorCode } from '#shared/protocol/errors.ts';
import { requireFacilitatedWorkshop, requireUser } from '$lib/server/facilitator.ts';
import { readForm } from '$lib/server/forms.ts';
import { services } from '$lib/server/services';
import type { ParticipantId } from '#shared/model/ids.ts';
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
		/** Registered before the day but not here yet (noShow: marked as not coming). */
		notArrived: registration.registrants
			.filter((person) => !person.arrived)
			.map(({ id, displayName, organisation, actorType, noShow }) => ({
				id,
				displayName,
				organisation,
				actorType,
				noShow
			}))
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

const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/));
const ConstraintsSchema = v.object({
	participantId: IdSchema,
	/** '' for not pinned. */
	pinnedTable: v.union([
		v.literal(''),
		v.pipe(v.string(), v.regex(/^[0-9]{1,3}$/), v.transform(Number))
	]),
	/** A language group ('' for none): the groups the page offers. */
	keepTogether: v.picklist(['', ...PREFERRED_LANGUAGES])
});
const PresenceSchema = v.object({ participantId: IdSchema, absent: v.picklist(['yes', 'no']) });
const NoShowSchema = v.object({ registrationId: IdSchema, noShow: v.picklist(['yes', 'no']) });

/**
 * The service's refusal as a form error; anything else is a bug and propagates. Constraints
 * that cannot all hold are their own error: the page says what to change.
 */
async function attempt<T>(run: () => Promise<T>) {
	try {
		return await run();
	} catch (error) {
		if (isConstraintError(error)) {
			return fail(400, { error: 'constraints' as const });
		}
		const code = rajapintaErrorCode(error);
		if (code) return fail(400, { error: code });
		throw error;
	}
}

/**
 * SeatingConstraintError, by name: the service runs in the custom server, whose copy of the class
 * is not the one SvelteKit's bundle would import.
 */
function isConstraintError(error: unknown): boolean {
	return error instanceof Error && error.name === 'SeatingConstraintError';
}

function fields(form: FormData, names: readonly string[]): Record<string, unknown> {
	return Object.fromEntries(names.map((name) => [name, form.get(name)]));
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
	},
	constraints: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const form = await readForm(request);
		const parsed = v.safeParse(
			ConstraintsSchema,
			fields(form, ['participantId', 'pinnedTable', 'keepTogether'])
		);
		if (!parsed.success) return fail(400, { error: 'invalid_payload' });
		const { participantId, pinnedTable, keepTogether } = parsed.output;
		return attempt(async () => {
			await services().seating.setConstraints(workshop, participantId, {
				pinnedTable: pinnedTable === '' ? null : pinnedTable,
				keepTogether: keepTogether === '' ? null : keepTogether
			});
			return { constrained: participantId };
		});
	},
	presence: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const parsed = v.safeParse(
			PresenceSchema,
			fields(await readForm(request), ['participantId', 'absent'])
		);
		if (!parsed.success) return fail(400, { error: 'invalid_payload' });
		const { participantId, absent } = parsed.output;
		return attempt(async () => {
			await services().seating.setAbsent(workshop, participantId, absent === 'yes');
			const person = await services().storage.participants.findById(participantId as ParticipantId);
			return {
				presence: {
					name: person?.displayName ?? null,
					absent: absent === 'yes',
					table: person?.table ?? 0
				}
			};
		});
	},
	rebalance: async ({ locals, params }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		return attempt(async () => ({ rebalanced: await services().seating.rebalance(workshop) }));
	},
	noShow: async ({ locals, params, request }) => {
		const workshop = await requireFacilitatedWorkshop(locals, params.workshopId);
		const parsed = v.safeParse(
			NoShowSchema,
			fields(await readForm(request), ['registrationId', 'noShow'])
		);
		if (!parsed.success) return fail(400, { error: 'invalid_payload' });
		const { registrationId, noShow } = parsed.output;
		return attempt(async () => {
			await services().registrations.setNoShow(
				requireUser(locals).id,
				workshop.id,
				registrationId,
				noShow === 'yes'
			);
			return { noShow: registrationId };
		});
	}
};
