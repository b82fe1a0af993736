import type { CardView, FrameView, NoteColour } from '#shared/model/board.ts';
import { cardName as cardNameOf } from '$lib/i18n/cards.ts';
import { configuredFrameName } from '$lib/i18n/knot.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * Names the outline reads out. The canvas has its own (board/canvas/labels.ts); these use the same
 * message keys, so both views call an area or a colour the same. Functions, so each label is read
 * in the locale of the moment.
 */
const AREA_LABELS: Record<NonNullable<FrameView['labelKey']>, () => string> = {
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

export function areaName(
	frame: Pick<FrameView, 'text' | 'labelKey'> & Partial<Pick<FrameView, 'leafActor' | 'labels'>>
): string {
	if (frame.text.trim()) return frame.text;
	const configured = configuredFrameName(frame);
	if (configured) return configured;
	return frame.labelKey ? AREA_LABELS[frame.labelKey]() : m.board_area_untitled();
}

export function cardName(card: Pick<CardView, 'cardId'>): string {
	return cardNameOf(card.cardId);
}

export function colourName(colour: NoteColour): string {
	return COLOUR_LABELS[colour]();
}
