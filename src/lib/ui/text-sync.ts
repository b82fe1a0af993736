/**
 * Where a caret at `position` lands after `current` became `next`, assuming one contiguous change
 * (what a remote keystroke or a paste produces): before the change it stays, after it it shifts by
 * the length difference, inside it it moves to the end of the new part.
 */
export function rebasePosition(current: string, next: string, position: number): number {
	let start = 0;
	while (start < current.length && start < next.length && current[start] === next[start]) start++;
	let endCurrent = current.length;
	let endNext = next.length;
	while (endCurrent > start && endNext > start && current[endCurrent - 1] === next[endNext - 1]) {
		endCurrent--;
		endNext--;
	}
	if (position <= start) return position;
	if (position >= endCurrent) return position + (endNext - endCurrent);
	return endNext;
}

/**
 * Puts text from the shared document into a textarea without throwing away the local caret, so two
 * people typing in one note do not keep pushing each other's cursor to the end.
 */
export function applyRemoteText(element: HTMLTextAreaElement, next: string): void {
	const current = element.value;
	if (current === next) return;
	if (element.ownerDocument.activeElement !== element) {
		element.value = next;
		return;
	}
	const { selectionStart, selectionEnd, selectionDirection } = element;
	element.value = next;
	element.setSelectionRange(
		rebasePosition(current, next, selectionStart),
		rebasePosition(current, next, selectionEnd),
		selectionDirection ?? undefined
	);
}
