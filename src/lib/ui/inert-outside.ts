import type { Attachment } from 'svelte/attachments';

/**
 * Live regions and other modal dialogs stay reachable: announcements must still be read while a
 * dialog is open, and a pause may come over the plenary.
 */
const KEEP = '[aria-live], [role="alert"], [role="status"], [role="log"], [aria-modal="true"]';

/** How many open dialogs hold each element inert, so the last one to close releases it. */
const holds = new Map<HTMLElement, number>();

/**
 * While attached, everything on the page outside the element is inert: no focus, no clicks,
 * hidden from assistive technology. That is what `aria-modal="true"` promises; without it a
 * keyboard or screen-reader user could wander into the page behind an overlay.
 */
export const inertOutside: Attachment<HTMLElement> = (dialog) => {
	const held: HTMLElement[] = [];
	for (let inside: HTMLElement | null = dialog; inside?.parentElement;) {
		const parent: HTMLElement = inside.parentElement;
		for (const sibling of parent.children) {
			if (sibling === inside || !(sibling instanceof HTMLElement) || sibling.matches(KEEP)) {
				continue;
			}
			const count = holds.get(sibling);
			if (count !== undefined) holds.set(sibling, count + 1);
			else if (!sibling.inert) {
				sibling.inert = true;
				holds.set(sibling, 1);
			} else continue;
			held.push(sibling);
		}
		if (parent === document.body) break;
		inside = parent;
	}
	return () => {
		for (const element of held) {
			const count = (holds.get(element) ?? 1) - 1;
			if (count > 0) holds.set(element, count);
			else {
				holds.delete(element);
				element.inert = false;
			}
		}
	};
};
