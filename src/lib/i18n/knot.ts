import type { FrameView } from '#shared/model/board.ts';
import { leafName, type KnotLeaf, type KnotPrompt } from '#shared/model/knot.ts';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { actorTypeLabel } from './labels.ts';

/**
 * Names of the Neliapila knot in the locale of the moment: a leaf is called by its configured
 * name, else by its actor type (the canvas, the outline and the knot view agree).
 */

/** A configured leaf's name: its own name in this language, else its actor type's. */
export function knotLeafName(leaf: KnotLeaf): string {
	return leafName(leaf, getLocale()) ?? actorTypeLabel(leaf.actorType);
}

/** A leaf frame's configured name (set by the server), or null for any other frame. */
export function configuredFrameName(
	frame: Partial<Pick<FrameView, 'leafActor' | 'labels'>>
): string | null {
	const own = frame.labels?.[getLocale() as 'fi' | 'sv' | 'en']?.trim() || frame.labels?.fi.trim();
	if (own) return own;
	return frame.leafActor ? actorTypeLabel(frame.leafActor) : null;
}

const PROMPT_LABELS: Record<KnotPrompt, () => string> = {
	brings: () => m.knot_prompt_brings(),
	needs: () => m.knot_prompt_needs(),
	convenes: () => m.knot_prompt_convenes(),
	calls: () => m.knot_prompt_calls(),
	unties: () => m.knot_prompt_unties()
};

export const knotPromptLabel = (prompt: KnotPrompt): string => PROMPT_LABELS[prompt]();
