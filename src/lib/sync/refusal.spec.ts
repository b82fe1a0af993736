import { describe, expect, it } from 'vitest';
import { SYNC_DENIAL } from '#shared/protocol/sync.ts';
import { RefusalMemory, refusalKind } from './refusal.ts';

/** A tab's sessionStorage, as far as the notice uses it. */
function tabStorage() {
	const values = new Map<string, string>();
	return {
		values,
		getItem: (key: string) => values.get(key) ?? null,
		setItem: (key: string, value: string) => void values.set(key, value),
		removeItem: (key: string) => void values.delete(key)
	};
}

describe('refused edits (sync SPEC S6, S9): the participant is always told', () => {
	it('counts a rights denial and a closed board (locked, private writing) as refusals', () => {
		expect(refusalKind(SYNC_DENIAL.notOwn)).toBe('rights');
		expect(refusalKind(SYNC_DENIAL.viewOnly)).toBe('rights');
		expect(refusalKind(SYNC_DENIAL.otherLeaf)).toBe('rights');
		// Edits made offline that reach a board locked meanwhile: dropped, so refused too.
		expect(refusalKind(SYNC_DENIAL.readOnly)).toBe('closed');
		expect(refusalKind('something_else')).toBeNull();
		// Content the board cannot hold (S13) has a notice of its own.
		expect(refusalKind(SYNC_DENIAL.content)).toBe('content');
		expect(refusalKind(SYNC_DENIAL.documentFull)).toBe('full');
	});

	it('keeps the notice for the tab until dismissed, so a rebuilt or reloaded page shows it', () => {
		const storage = tabStorage();
		const first = new RefusalMemory('W1aaaaaaaa', storage);
		expect(first.read()).toBeNull();
		first.write('closed');
		// The table page is rebuilt (a reload): a new session reads the same tab's storage.
		expect(new RefusalMemory('W1aaaaaaaa', storage).read()).toBe('closed');
		// Another workshop in the same tab has its own notice.
		expect(new RefusalMemory('W2bbbbbbbb', storage).read()).toBeNull();
		new RefusalMemory('W1aaaaaaaa', storage).write(null);
		expect(first.read()).toBeNull();
		expect(storage.values.size).toBe(0);
	});

	it('reads nothing it did not write, and never throws without storage', () => {
		const storage = tabStorage();
		storage.setItem('rajapinta:refused:W1aaaaaaaa', '<script>');
		expect(new RefusalMemory('W1aaaaaaaa', storage).read()).toBeNull();
		const broken = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('denied');
			},
			removeItem: () => {
				throw new Error('denied');
			}
		};
		const memory = new RefusalMemory('W1aaaaaaaa', broken);
		expect(() => memory.write('rights')).not.toThrow();
		expect(memory.read()).toBeNull();
	});
});
