import { isRightsDenial, SYNC_DENIAL } from '#shared/protocol/sync.ts';

/**
 * Why the server dropped this browser's edits, as the participant is told:
 * - `rights`: the phase does not let them make that change (sync SPEC S9);
 * - `closed`: the board took no edits when they arrived: locked by the facilitator, read-only
 *   during private writing, or a private board after the reveal (S6, S10). Typically edits made
 *   offline that reach the server after the board closed.
 * - `content`: the change does not fit the board (a giant text, say; S13);
 * - `full`: the board's document has reached its size cap (S13).
 * Either way the local document holds changes nobody else will see: it is discarded and the
 * board loaded again from the server.
 */
export type RefusalKind = 'rights' | 'closed' | 'content' | 'full';
const KINDS: readonly string[] = ['rights', 'closed', 'content', 'full'] satisfies RefusalKind[];

/** The kind of refusal a "permission denied" reason means, or null for one that is no refusal. */
export function refusalKind(reason: string): RefusalKind | null {
	if (reason === SYNC_DENIAL.content) return 'content';
	if (reason === SYNC_DENIAL.documentFull) return 'full';
	if (isRightsDenial(reason)) return 'rights';
	// Sent only when the server dropped a non-empty update (SPEC S6): never for merely looking.
	if (reason === SYNC_DENIAL.readOnly) return 'closed';
	return null;
}

/** Also cleared when the workshop is forgotten on this device (local-cache.ts). */
const STORAGE_PREFIX = 'rajapinta:refused:';

/**
 * Remembers a refusal notice for one workshop in the tab's sessionStorage until the participant
 * dismisses it. The table page may be rebuilt or reloaded just as the refusal arrives (a page data
 * refresh that fails while the network comes back reloads the page), and the notice must survive
 * that: the refused edits are gone from the document, so it is the only trace of them.
 */
export class RefusalMemory {
	readonly #key: string;
	readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;

	constructor(workshopId: string, storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
		this.#key = `${STORAGE_PREFIX}${workshopId}`;
		this.#storage = storage ?? sessionStorageOrNull();
	}

	read(): RefusalKind | null {
		try {
			const stored = this.#storage?.getItem(this.#key);
			return stored && KINDS.includes(stored) ? (stored as RefusalKind) : null;
		} catch {
			return null;
		}
	}

	write(kind: RefusalKind | null): void {
		try {
			if (kind === null) this.#storage?.removeItem(this.#key);
			else this.#storage?.setItem(this.#key, kind);
		} catch {
			// No storage: the notice still shows on this page, it only does not survive a reload.
		}
	}
}

function sessionStorageOrNull(): Storage | null {
	try {
		return typeof sessionStorage === 'undefined' ? null : sessionStorage;
	} catch {
		return null;
	}
}
