import { describe, expect, it } from 'vitest';
import { toLocalClock } from '#shared/model/workshop-ops.ts';
import { countdownOf, formatCountdown } from './countdown.ts';

describe('formatCountdown', () => {
	it('rounds up to whole seconds', () => {
		expect(formatCountdown(600_000)).toBe('10:00');
		expect(formatCountdown(59_001)).toBe('1:00');
		expect(formatCountdown(1)).toBe('0:01');
		expect(formatCountdown(0)).toBe('0:00');
	});

	it('shows hours from an hour up', () => {
		expect(formatCountdown(3_600_000 + 65_000)).toBe('1:01:05');
	});
});

describe('countdownOf', () => {
	it('follows the timer state', () => {
		expect(countdownOf({ status: 'idle' }, 0)).toEqual({ status: 'idle' });
		expect(countdownOf({ status: 'running', endsAt: 5000, durationMs: 5000 }, 1000)).toEqual({
			status: 'running',
			remainingMs: 4000,
			text: '0:04'
		});
		expect(countdownOf({ status: 'running', endsAt: 5000, durationMs: 5000 }, 6000)).toEqual({
			status: 'ended'
		});
		expect(countdownOf({ status: 'paused', remainingMs: 90_000, durationMs: 120_000 }, 0)).toEqual({
			status: 'paused',
			remainingMs: 90_000,
			text: '1:30'
		});
	});
});

describe('server clock correction', () => {
	const base = { phaseStartedAt: 1_000, serverNow: 10_000 };

	it('shifts a running countdown onto a browser clock that runs ahead or behind', () => {
		const state = {
			...base,
			timer: { status: 'running', endsAt: 70_000, durationMs: 60_000 } as const
		};
		// The browser clock is 5 s ahead of the server's: the countdown still shows 60 s left.
		const ahead = toLocalClock(state, 15_000);
		expect(countdownOf(ahead.timer, 15_000)).toMatchObject({ remainingMs: 60_000, text: '1:00' });
		expect(ahead.phaseStartedAt).toBe(6_000);
		const behind = toLocalClock(state, 7_000);
		expect(countdownOf(behind.timer, 7_000)).toMatchObject({ remainingMs: 60_000 });
		expect(countdownOf(behind.timer, 67_000)).toEqual({ status: 'ended' });
	});

	it('leaves paused and idle timers alone, they carry no clock time', () => {
		const paused = { status: 'paused', remainingMs: 30_000, durationMs: 60_000 } as const;
		expect(toLocalClock({ ...base, timer: paused }, 99_000).timer).toBe(paused);
		expect(
			toLocalClock({ ...base, phaseStartedAt: null, timer: { status: 'idle' } }, 5).phaseStartedAt
		).toBeNull();
	});
});
