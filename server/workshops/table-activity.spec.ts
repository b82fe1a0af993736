import { describe, expect, it } from 'vitest';
import type { WorkshopId } from '#shared/model/ids.ts';
import { TABLE_ACTIVITY_WINDOW_MS } from '#shared/protocol/control.ts';
import { TableActivity } from './table-activity.ts';

const WORKSHOP = 'abcdefgh12345678' as WorkshopId;
const room = (table: number) => `workshop/${WORKSHOP}/table/${table}`;

describe('TableActivity', () => {
	it('counts stored updates per table and ignores the plenary and unknown rooms', () => {
		let now = 1_000_000;
		const activity = new TableActivity({ now: () => now });
		const told: string[] = [];
		activity.onActivity((id) => told.push(id));
		activity.record(room(2), 3);
		now += 1_000;
		activity.record(room(2), 1);
		activity.record(`workshop/${WORKSHOP}/plenary`, 5);
		activity.record('not-a-room', 5);
		expect(activity.snapshot(WORKSHOP, 3)).toEqual([
			{ table: 1, edits: 0, lastEditAt: null },
			{ table: 2, edits: 4, lastEditAt: 1_001_000 },
			{ table: 3, edits: 0, lastEditAt: null }
		]);
		expect(told).toEqual([WORKSHOP, WORKSHOP]);
	});

	it('lets edits age out of the window but remembers the last edit', () => {
		let now = 5_000_000;
		const activity = new TableActivity({ now: () => now });
		activity.record(room(1), 2);
		now += TABLE_ACTIVITY_WINDOW_MS / 2;
		activity.record(room(1), 1);
		now += TABLE_ACTIVITY_WINDOW_MS / 2 + 20_000;
		expect(activity.snapshot(WORKSHOP, 1)[0]).toMatchObject({ edits: 1 });
		now += TABLE_ACTIVITY_WINDOW_MS;
		expect(activity.snapshot(WORKSHOP, 1)[0]).toEqual({
			table: 1,
			edits: 0,
			lastEditAt: 5_000_000 + TABLE_ACTIVITY_WINDOW_MS / 2
		});
	});
});
