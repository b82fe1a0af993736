import {
	FIFTH_LEAF_INDEX,
	type FrameView,
	type KnotBalance,
	type NoteView
} from '#shared/model/board.ts';
import { LEAF_PROMPTS, type KnotPrompt, type KnotSettings } from '#shared/model/knot.ts';
import { knotLeafName, knotPromptLabel } from '$lib/i18n/knot.ts';
import { m } from '$lib/paraglide/messages.js';

/** One question of a part of the knot and the notes that answer it. */
export interface KnotGroup {
	prompt: KnotPrompt | null;
	label: string;
	notes: NoteView[];
}

/**
 * A leaf's name as the table reads it: the fifth by what the table called it, the four by the
 * workshop's settings (the same names the server wrote on the frames).
 */
export function leafTitle(knot: KnotSettings, index: number, frame: FrameView | null): string {
	if (index === FIFTH_LEAF_INDEX) return frame?.text.trim() || m.board_area_leaf_fifth();
	const leaf = knot.leaves[index];
	return leaf ? knotLeafName(leaf) : m.board_area_leaf_fifth();
}

const SHORT: Record<(typeof LEAF_PROMPTS)[number], () => string> = {
	brings: () => m.knot_short_brings(),
	needs: () => m.knot_short_needs(),
	convenes: () => m.knot_short_convenes()
};

export const shortPrompt = (prompt: (typeof LEAF_PROMPTS)[number]): string => SHORT[prompt]();

export function leafGroups(leaf: KnotBalance['leaves'][number]): KnotGroup[] {
	return LEAF_PROMPTS.map((prompt) => ({
		prompt,
		label: knotPromptLabel(prompt),
		notes: leaf.byPrompt[prompt]
	}));
}

/** The one-line balance: which leaves are empty, by name, or that every leaf has something. */
export function balanceSummary(balance: KnotBalance, knot: KnotSettings): string {
	if (balance.emptyLeaves.length === 0) return m.knot_balance_all();
	const names = balance.emptyLeaves.map((index) =>
		leafTitle(knot, index, balance.leaves.find((leaf) => leaf.index === index)?.frame ?? null)
	);
	return m.knot_balance_empty({ leaves: names.join(', ') });
}
