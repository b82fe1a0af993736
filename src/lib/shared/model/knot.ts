import * as v from 'valibot';
import { ACTOR_TYPE_LIST, type ActorType } from './actor.ts';
import type { LocalisedText, Phase } from './workshop.ts';

/**
 * The Neliapila knot (DOMAIN.md "Solution development"): four actors around a shared object.
 * Which actors, what they are called and how strictly the leaves belong to them is set per
 * workshop in the solution-development phase's settings; everything written lives on the table's
 * board as notes inside the leaf frames (board/knot-board.ts).
 */

/** The board slots of the leaves, in order: the settings' leaf i is laid out in slot i. */
export const KNOT_LEAF_SLOTS = [
	'client',
	'employment-office',
	'social-services',
	'education'
] as const;
export type KnotLeafSlot = (typeof KNOT_LEAF_SLOTS)[number];
/** The slot of the fifth leaf a table may add when the facilitator allows it. */
export const FIFTH_LEAF_SLOT = 'fifth';
export const SHARED_OBJECT_SLOT = 'shared-object';
export const KNOT_RULES_SLOT = 'knot-rules';

/** Longest configured actor name, in characters. */
export const KNOT_NAME_MAX_CHARS = 60;

/**
 * What a note of the knot answers. A leaf has three prompts; the rules frame two. Notes put on
 * the board by other means carry none and count for their leaf as they are.
 */
export const KNOT_PROMPTS = {
	/** What this actor brings to the knot. */
	brings: 'brings',
	/** What this actor needs from the others. */
	needs: 'needs',
	/** When this actor convenes the knot. */
	convenes: 'convenes',
	/** Rules: who can call the knot. */
	calls: 'calls',
	/** Rules: how the knot is untied. */
	unties: 'unties'
} as const;
export type KnotPrompt = (typeof KNOT_PROMPTS)[keyof typeof KNOT_PROMPTS];
export const KNOT_PROMPT_LIST: readonly KnotPrompt[] = Object.values(KNOT_PROMPTS);
export const LEAF_PROMPTS = [
	'brings',
	'needs',
	'convenes'
] as const satisfies readonly KnotPrompt[];
export const RULE_PROMPTS = ['calls', 'unties'] as const satisfies readonly KnotPrompt[];

export function isKnotPrompt(value: unknown): value is KnotPrompt {
	return KNOT_PROMPT_LIST.includes(value as KnotPrompt);
}

/** One leaf of the knot: the kind of organisation and, optionally, its own name in each language. */
export interface KnotLeaf {
	actorType: ActorType;
	/** '' in a language shows the actor type's name in that language. */
	name: LocalisedText;
}

export interface KnotSettings {
	/** Exactly four leaves, in board order (top left, top right, bottom left, bottom right). */
	leaves: KnotLeaf[];
	/** Each leaf is editable only by participants of its actor type (server-enforced, S9). */
	leafRights: boolean;
	/** Tables may add a fifth leaf, open to everyone at the table. */
	fifthLeaf: boolean;
}

const unnamed = (): LocalisedText => ({ fi: '', sv: '', en: '' });

export const DEFAULT_KNOT: KnotSettings = {
	leaves: [
		{ actorType: 'client', name: unnamed() },
		{ actorType: 'employment_office', name: unnamed() },
		{ actorType: 'social_services', name: unnamed() },
		{ actorType: 'education', name: unnamed() }
	],
	leafRights: false,
	fifthLeaf: false
};

const nameText = v.pipe(
	v.string('expected a text'),
	v.trim(),
	v.maxLength(KNOT_NAME_MAX_CHARS, `expected at most ${KNOT_NAME_MAX_CHARS} characters`)
);

export const knotSettingsSchema = v.strictObject(
	{
		leaves: v.pipe(
			v.array(
				v.strictObject(
					{
						actorType: v.picklist(ACTOR_TYPE_LIST, `expected one of ${ACTOR_TYPE_LIST.join(', ')}`),
						name: v.strictObject(
							{ fi: nameText, sv: nameText, en: nameText },
							'expected an object with fi, sv and en'
						)
					},
					'expected a leaf with actorType and name'
				),
				'expected a list of leaves'
			),
			v.length(KNOT_LEAF_SLOTS.length, `expected ${KNOT_LEAF_SLOTS.length} leaves`)
		),
		leafRights: v.boolean('expected true or false'),
		fifthLeaf: v.boolean('expected true or false')
	},
	'expected the knot settings object'
);

/**
 * The knot settings of a phase, or null when the phase has no knot. A solution-development phase
 * (or any phase on the Neliapila board) without settings of its own uses the defaults, so plans
 * made before the setting existed keep working.
 */
export function knotOf(phase: Pick<Phase, 'kind' | 'boardTemplate' | 'settings'> | undefined) {
	if (!phase) return null;
	if (phase.kind !== 'solution_development' && phase.boardTemplate !== 'neliapila') return null;
	return phase.settings.knot ?? DEFAULT_KNOT;
}

/** The configured name of a leaf in `locale`, or null when it has none (show the actor type). */
export function leafName(leaf: KnotLeaf, locale: string): string | null {
	const named = (leaf.name as Record<string, string>)[locale]?.trim();
	return named || leaf.name.fi.trim() || null;
}
