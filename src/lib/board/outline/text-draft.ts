import { rebasePosition } from '$lib/ui/text-sync.ts';

/**
 * The text to share when someone finishes editing `draft`, which they started from `base`, while
 * the shared text has meanwhile become `current` (someone else typed in the same note). Their own
 * change (one contiguous region of `base`) is replayed onto `current`, so both edits survive.
 * The outline holds drafts until they are committed because the personal-data guard must see the
 * text before the table does.
 */
export function mergeDraft(base: string, draft: string, current: string): string {
	if (current === base) return draft;
	if (draft === base) return current;
	let start = 0;
	while (start < base.length && start < draft.length && base[start] === draft[start]) start++;
	let endBase = base.length;
	let endDraft = draft.length;
	while (endBase > start && endDraft > start && base[endBase - 1] === draft[endDraft - 1]) {
		endBase--;
		endDraft--;
	}
	const from = rebasePosition(base, current, start);
	const to = Math.max(from, rebasePosition(base, current, endBase));
	return current.slice(0, from) + draft.slice(start, endDraft) + current.slice(to);
}
