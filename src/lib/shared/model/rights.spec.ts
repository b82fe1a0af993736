import { describe, expect, it } from 'vitest';
import { SYNC_DENIAL } from '../protocol/sync.ts';
import { addDenial, changeDenial, deleteDenial, fifthLeafDenial, mayAddItems } from './rights.ts';

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

describe('Neliapila leaf rights (SPEC S9)', () => {
	const inOwnLeaf = { me: 'education', leaves: ['education'] } as const;
	const inOtherLeaf = { me: 'education', leaves: ['client'] } as const;
	const movedAcross = { me: 'education', leaves: ['education', 'client'] } as const;
	const outsideLeaves = { me: 'education', leaves: [] } as const;

	it('lets a participant add, change and delete in their own leaf and outside the leaves', () => {
		expect(mayAddItems('edit_own', inOwnLeaf)).toBe(true);
		expect(mayAddItems('edit_own', outsideLeaves)).toBe(true);
		expect(changeDenial('edit_own', 'me', 'me', inOwnLeaf)).toBeNull();
		expect(deleteDenial('edit_all', 'me', 'other', inOwnLeaf)).toBeNull();
	});

	it('refuses a note added into, moved into or out of another actor leaf', () => {
		expect(mayAddItems('edit_own', inOtherLeaf)).toBe(false);
		expect(addDenial('edit_all', inOtherLeaf)).toBe(SYNC_DENIAL.otherLeaf);
		expect(changeDenial('edit_own', 'me', 'me', movedAcross)).toBe(SYNC_DENIAL.otherLeaf);
		// Even everything-editable rights stop at another actor's leaf.
		expect(changeDenial('edit_all', 'me', 'other', inOtherLeaf)).toBe(SYNC_DENIAL.otherLeaf);
		expect(deleteDenial('edit_all', 'me', 'me', inOtherLeaf)).toBe(SYNC_DENIAL.otherLeaf);
	});

	it('keeps the phase rights first: view only stays view only in the own leaf', () => {
		expect(addDenial('view_only', inOwnLeaf)).toBe(SYNC_DENIAL.viewOnly);
		expect(changeDenial('edit_own', 'me', 'other', inOwnLeaf)).toBe(SYNC_DENIAL.notOwn);
	});

	it('allows the fifth leaf only when the facilitator does', () => {
		expect(fifthLeafDenial(true)).toBeNull();
		expect(fifthLeafDenial(false)).toBe(SYNC_DENIAL.fifthLeaf);
	});
});
