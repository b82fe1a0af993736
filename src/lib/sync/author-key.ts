import { nanoid } from 'nanoid';

const STORAGE_PREFIX = 'rajapinta:author:';

/**
 * This browser's random key for one workshop: it marks "own" items and votes without naming
 * anyone (ItemFields.authorKey in BOARD.md). Kept in localStorage so a reload keeps one's votes;
 * a fresh key each time when storage is unavailable, which only costs that continuity.
 */
export function authorKeyFor(workshopId: string): string {
	const storageKey = `${STORAGE_PREFIX}${workshopId}`;
	try {
		const stored = localStorage.getItem(storageKey);
		if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return stored;
		const fresh = nanoid(21);
		localStorage.setItem(storageKey, fresh);
		return fresh;
	} catch {
		return nanoid(21);
	}
}
