import { describe, expect, it } from 'vitest';
import { SYNC_DENIAL } from '../protocol/sync.ts';
import { changeDenial, deleteDenial, mayAddItems } from './rights.ts';

describe('participant rights on one item (SPEC S9)', () => {
	it('edit all lets anyone change and delete anything', () => {
		expect(changeDenial('edit_all', 'me', 'other')).toBeNull();
		expect(deleteDenial('edit_all', 'me', null)).toBeNull();
		expect(mayAddItems('edit_all')).toBe(true);
	});

	it('edit own lets a participant change and delete only their own items', () => {
		expect(changeDenial('edit_own', 'me', 'me')).toBeNull();
		expect(deleteDenial('edit_own', 'me', 'me')).toBeNull();
		expect(changeDenial('edit_own', 'me', 'other')).toBe(SYNC_DENIAL.notOwn);
		// Template areas carry no author key: nobody owns them, so nobody may move them.
		expect(changeDenial('edit_own', 'me', null)).toBe(SYNC_DENIAL.notOwn);
	});

	it('add only adds and edits own items but never deletes', () => {
		expect(mayAddItems('add_only')).toBe(true);
		expect(changeDenial('add_only', 'me', 'me')).toBeNull();
		expect(deleteDenial('add_only', 'me', 'me')).toBe(SYNC_DENIAL.noDelete);
	});

	it('view only allows nothing', () => {
		expect(mayAddItems('view_only')).toBe(false);
		expect(changeDenial('view_only', 'me', 'me')).toBe(SYNC_DENIAL.viewOnly);
		expect(deleteDenial('view_only', 'me', 'me')).toBe(SYNC_DENIAL.viewOnly);
	});
});
