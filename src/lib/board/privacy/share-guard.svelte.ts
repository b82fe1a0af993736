import { findPersonalData, type PersonalDataFinding } from './personal-data.ts';

/** A share held back until the person decides, with what made the guard stop it. */
export interface HeldShare {
	text: string;
	findings: readonly PersonalDataFinding[];
}

export interface ShareActions {
	/** Puts the text on the board. */
	share: () => void;
	/** Called when the person chooses to edit instead, e.g. to put the caret back in the editor. */
	edit?: () => void;
}

/**
 * Stands between a finished edit and the shared board: clean text is shared at once, text that
 * looks like personal data waits for "share anyway" or "edit". One guard per view; render it with
 * PersonalDataWarning.svelte. The canvas and the outline both use it, so the rule is the same.
 */
export class ShareGuard {
	held = $state.raw<HeldShare | null>(null);
	#actions: ShareActions | null = null;

	/** Shares now and returns true when `text` looks clean; otherwise holds the share and returns false. */
	request(text: string, actions: ShareActions): boolean {
		const findings = findPersonalData(text);
		if (findings.length === 0) {
			actions.share();
			return true;
		}
		this.#actions = actions;
		this.held = { text, findings };
		return false;
	}

	shareAnyway(): void {
		const actions = this.#release();
		actions?.share();
	}

	edit(): void {
		const actions = this.#release();
		actions?.edit?.();
	}

	#release(): ShareActions | null {
		const actions = this.#actions;
		this.#actions = null;
		this.held = null;
		return actions;
	}
}
