/** The two views of a table's board; both edit the same document live. */
export const BOARD_VIEWS = ['canvas', 'outline'] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

const STORAGE_KEY = 'rajapinta:board-view';
/** Below this width the outline is the default: a canvas on a phone is hard to work with. */
const PHONE_MAX_WIDTH_PX = 639;

/** The remembered choice, else the outline on phone widths and the canvas elsewhere. Browser only. */
export function initialBoardView(): BoardView {
	try {
		const stored = localStorage.getItem(STORAGE_KEY);
		if (stored === 'canvas' || stored === 'outline') return stored;
	} catch {
		// Storage can be blocked; the width decides then.
	}
	return matchMedia(`(max-width: ${PHONE_MAX_WIDTH_PX}px)`).matches ? 'outline' : 'canvas';
}

export function rememberBoardView(view: BoardView): void {
	try {
		localStorage.setItem(STORAGE_KEY, view);
	} catch {
		// Not remembering is fine; the default applies next time.
	}
}
