import { describe, expect, it } from 'vitest';
import type { WorkshopId } from '../model/ids.ts';
import { parseRoomName, privateDocumentName, roomName } from './sync.ts';

const workshopId = 'abcdefgh12345678' as WorkshopId;

describe('room names', () => {
	it('round-trip tables, private rooms (S10) and the plenary', () => {
		for (const ref of [
			{ kind: 'table', workshopId, table: 3 } as const,
			{ kind: 'private', workshopId, table: 3 } as const,
			{ kind: 'plenary', workshopId } as const
		]) {
			expect(parseRoomName(roomName(ref))).toEqual(ref);
		}
	});

	it('reject anything that is not exactly a board of a workshop', () => {
		for (const name of [
			'',
			'workshop',
			`workshop/${workshopId}`,
			`workshop/${workshopId}/table/0`,
			`workshop/${workshopId}/table/01`,
			`workshop/${workshopId}/table/1/extra`,
			`workshop/../${workshopId}/plenary`,
			`workshop/${workshopId}/plenary?x=1`,
			`workshop/${workshopId}/plenary/private`,
			`workshop/${workshopId}/table/1/private/someone`,
			// S10: a private document is opened only through the owner's own private room.
			privateDocumentName(workshopId, 'participant1')
		]) {
			expect(parseRoomName(name), name).toBeNull();
		}
	});
});
