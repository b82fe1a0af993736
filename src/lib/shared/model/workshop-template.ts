import * as v from 'valibot';
import { WORKSHOP_DURATION_LIST, type WorkshopDuration } from './actor.ts';
import { BOARD_TEMPLATE_IDS } from './board-templates.ts';
import { DECK_ID_PATTERN } from './board/cards.ts';
import { knotSettingsSchema } from './knot.ts';
import { PARTICIPANT_RIGHTS_LIST, PHASE_KIND_LIST, type Phase } from './workshop.ts';

/**
 * Workshop templates and plans as data. One schema serves the files in templates/, a facilitator's
 * own templates and a workshop's edited plan, so all three are checked the same way on the server
 * and in the browser.
 */

export const PHASE_MINUTES = { min: 1, max: 480 } as const;
export const MAX_PHASES = 30;
export const TITLE_MAX_CHARS = 120;
export const INSTRUCTIONS_MAX_CHARS = 2000;
export const DOTS_PER_PERSON = { min: 1, max: 10 } as const;
export const TEMPLATE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** "HH:MM", 24-hour clock. */
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const titleText = v.pipe(
	v.string('expected a text'),
	v.trim(),
	v.minLength(1, 'expected a title that is not empty'),
	v.maxLength(TITLE_MAX_CHARS, `expected at most ${TITLE_MAX_CHARS} characters`)
);
const localisedTitle = v.strictObject(
	{ fi: titleText, sv: titleText, en: titleText },
	'expected an object with fi, sv and en'
);

const instructionsText = v.pipe(
	v.string('expected a text'),
	v.maxLength(INSTRUCTIONS_MAX_CHARS, `expected at most ${INSTRUCTIONS_MAX_CHARS} characters`)
);
const localisedInstructions = v.strictObject(
	{ fi: instructionsText, sv: instructionsText, en: instructionsText },
	'expected an object with fi, sv and en'
);

const minutesMessage = `expected a number from ${PHASE_MINUTES.min} to ${PHASE_MINUTES.max}`;
const dotsMessage = `expected a number from ${DOTS_PER_PERSON.min} to ${DOTS_PER_PERSON.max}`;

export const phaseSettingsSchema = v.strictObject(
	{
		voting: v.strictObject(
			{
				enabled: v.boolean('expected true or false'),
				dotsPerPerson: v.pipe(
					v.number(dotsMessage),
					v.integer(dotsMessage),
					v.minValue(DOTS_PER_PERSON.min, dotsMessage),
					v.maxValue(DOTS_PER_PERSON.max, dotsMessage)
				),
				hideCounts: v.optional(v.boolean('expected true or false'))
			},
			'expected an object with enabled, dotsPerPerson and optionally hideCounts'
		),
		anonymous: v.boolean('expected true or false'),
		tablesSeeEachOther: v.boolean('expected true or false'),
		participantRights: v.picklist(
			PARTICIPANT_RIGHTS_LIST,
			`expected one of ${PARTICIPANT_RIGHTS_LIST.join(', ')}`
		),
		privateWriting: v.boolean('expected true or false'),
		knot: v.optional(knotSettingsSchema),
		cards: v.optional(
			v.strictObject(
				{
					deckId: v.pipe(
						v.string('expected a deck id'),
						v.regex(DECK_ID_PATTERN, 'expected a deck id')
					),
					builtIn: v.boolean('expected true or false')
				},
				'expected an object with deckId and builtIn'
			)
		)
	},
	'expected the phase settings object'
);

export const phaseSchema = v.strictObject(
	{
		id: v.pipe(
			v.string('expected an id'),
			v.regex(TEMPLATE_ID_PATTERN, 'expected lower-case letters, digits and dashes (1–40)')
		),
		kind: v.picklist(PHASE_KIND_LIST, `expected one of ${PHASE_KIND_LIST.join(', ')}`),
		title: localisedTitle,
		instructions: localisedInstructions,
		durationMinutes: v.pipe(
			v.number(minutesMessage),
			v.integer(minutesMessage),
			v.minValue(PHASE_MINUTES.min, minutesMessage),
			v.maxValue(PHASE_MINUTES.max, minutesMessage)
		),
		boardTemplate: v.picklist(
			BOARD_TEMPLATE_IDS,
			`expected one of ${BOARD_TEMPLATE_IDS.join(', ')}`
		),
		settings: phaseSettingsSchema
	},
	'expected a phase object'
);

const phasesSchema = v.pipe(
	v.array(phaseSchema, 'expected a list of phases'),
	v.minLength(1, 'expected at least one phase'),
	v.maxLength(MAX_PHASES, `expected at most ${MAX_PHASES} phases`)
);

const startTimeSchema = v.pipe(
	v.string('expected a time HH:MM'),
	v.regex(CLOCK_TIME_PATTERN, 'expected a time HH:MM')
);

/** A workshop's plan: when the day starts and its phases in order. */
export const workshopPlanSchema = v.strictObject(
	{ startTime: startTimeSchema, phases: phasesSchema },
	'expected a plan object'
);

/** A workshop template: a named plan with the kind of day it suits. */
export const workshopTemplateSchema = v.strictObject(
	{
		id: v.pipe(
			v.string('expected an id'),
			v.regex(TEMPLATE_ID_PATTERN, 'expected lower-case letters, digits and dashes (1–40)')
		),
		name: localisedTitle,
		description: localisedInstructions,
		/** Follow-up sessions suit any part of the day; null leaves the choice to the facilitator. */
		duration: v.nullable(
			v.picklist(WORKSHOP_DURATION_LIST, `expected one of ${WORKSHOP_DURATION_LIST.join(', ')}`)
		),
		startTime: startTimeSchema,
		phases: phasesSchema
	},
	'expected a template object'
);

export type WorkshopPlan = { startTime: string; phases: Phase[] };
export interface WorkshopTemplate extends WorkshopPlan {
	id: string;
	name: Phase['title'];
	description: Phase['instructions'];
	duration: WorkshopDuration | null;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Formats a path the way people read JSON: `phases[2].durationMinutes`. */
function pathOf(issue: v.BaseIssue<unknown>): string {
	let out = '';
	for (const item of issue.path ?? []) {
		const key = (item as { key: unknown }).key;
		out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
	}
	return out || '(root)';
}

/** Phase ids identify a phase while the plan is reordered and during a live day: no repeats. */
function duplicateIds(phases: readonly Phase[]): string[] {
	const seen = new Set<string>();
	const errors: string[] = [];
	phases.forEach((phase, index) => {
		if (seen.has(phase.id)) errors.push(`phases[${index}].id: duplicate phase id "${phase.id}"`);
		seen.add(phase.id);
	});
	return errors;
}

function validate<T extends { phases: Phase[] }>(
	schema: v.GenericSchema<unknown, T>,
	input: unknown
): Validated<T> {
	const result = v.safeParse(schema, input);
	if (!result.success) {
		return {
			ok: false,
			// A missing field reads better as "missing" than as its object's message.
			errors: result.issues.map(
				(issue) =>
					`${pathOf(issue)}: ${issue.input === undefined && issue.path?.length ? 'missing' : issue.message}`
			)
		};
	}
	const duplicates = duplicateIds(result.output.phases);
	return duplicates.length > 0
		? { ok: false, errors: duplicates }
		: { ok: true, value: result.output };
}

/** Checks a template (a file's parsed JSON or a facilitator's own); errors name each field path. */
export function validateTemplate(input: unknown): Validated<WorkshopTemplate> {
	return validate(workshopTemplateSchema as v.GenericSchema<unknown, WorkshopTemplate>, input);
}

export function validatePlan(input: unknown): Validated<WorkshopPlan> {
	return validate(workshopPlanSchema as v.GenericSchema<unknown, WorkshopPlan>, input);
}

/** The plan part of a template, deep-copied so editing it never touches the template. */
export function planOf(template: WorkshopPlan): WorkshopPlan {
	return structuredClone({ startTime: template.startTime, phases: template.phases });
}
