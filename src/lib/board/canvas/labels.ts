import type { FrameView, ItemView, LabelKey, NoteColour } from '#shared/model/board.ts';
import { cardName } from '$lib/i18n/cards.ts';
import { configuredFrameName } from '$lib/i18n/knot.ts';
import { formatDay } from '$lib/i18n/format.ts';
import { actorTypeLabel } from '$lib/i18n/labels.ts';
import { m } from '$lib/paraglide/messages.js';

/** Functions, so each label is read in the locale of the moment it is drawn. */
const AREA_LABELS: Record<LabelKey, () => string> = {
	meaningful: () => m.board_area_meaningful(),
	needs_development: () => m.board_area_needs_development(),
	metaphors: () => m.board_area_metaphors(),
	problem_candidates: () => m.board_area_problem_candidates(),
	chosen_task: () => m.board_area_chosen_task(),
	leaf_client: () => m.board_area_leaf_client(),
	leaf_employment_office: () => m.board_area_leaf_employment_office(),
	leaf_social_services: () => m.board_area_leaf_social_services(),
	leaf_education: () => m.board_area_leaf_education(),
	leaf_fifth: () => m.board_area_leaf_fifth(),
	shared_object: () => m.board_area_shared_object(),
	knot_rules: () => m.board_area_knot_rules(),
	commitments: () => m.board_area_commitments(),
	table_outputs: () => m.board_area_table_outputs()
};

const COLOUR_LABELS: Record<NoteColour, () => string> = {
	yellow: () => m.board_colour_yellow(),
	green: () => m.board_colour_green(),
	blue: () => m.board_colour_blue(),
	pink: () => m.board_colour_pink(),
	orange: () => m.board_colour_orange(),
	purple: () => m.board_colour_purple(),
	grey: () => m.board_colour_grey()
};

/** A frame's label as shown: what people typed, else its template label, else "Area". */
export function frameLabel(
	view: { text: string; labelKey: LabelKey | null } & Partial<
		Pick<FrameView, 'leafActor' | 'labels'>
	>
): string {
	if (view.text.trim()) return view.text;
	const configured = configuredFrameName(view);
	if (configured) return configured;
	return view.labelKey ? AREA_LABELS[view.labelKey]() : m.board_area_untitled();
}

export const cardLabel = cardName;

export function colourLabel(colour: NoteColour): string {
	return COLOUR_LABELS[colour]();
}

/** The words an item shows, for exports and labels. */
export function itemTitle(view: ItemView): string {
	switch (view.type) {
		case 'note':
			return view.text;
		case 'frame':
			return frameLabel(view);
		case 'card':
			return view.text.trim() || cardLabel(view.cardId);
		case 'arrow':
			return '';
	}
}

/**
 * A note's small print: the writer's actor type, or for a seed a follow-up session started with,
 * the day of the earlier workshop it came from.
 */
export function noteMeta(view: {
	actorType: ItemView['actorType'];
	seedFrom: string | null;
}): string {
	return view.seedFrom
		? m.board_note_seed_from({ date: formatDay(view.seedFrom) })
		: actorTypeLabel(view.actorType);
}

export { actorTypeLabel };
