import type { TimerState } from '#shared/model/workshop.ts';
import { remainingMs } from '#shared/model/workshop-ops.ts';

/** What a countdown shows: nothing, a running or paused time, or that the time is up. */
export type CountdownView =
	| { status: 'idle' }
	| { status: 'running' | 'paused'; remainingMs: number; text: string }
	| { status: 'ended' };

export function countdownOf(timer: TimerState, now: number): CountdownView {
	if (timer.status === 'idle') return { status: 'idle' };
	const left = remainingMs(timer, now);
	if (timer.status === 'running' && left <= 0) return { status: 'ended' };
	return { status: timer.status, remainingMs: left, text: formatCountdown(left) };
}

/**
 * "m:ss", or "h:mm:ss" from an hour up. Rounds up, so the display reads 0:01 until the very end
 * and a fresh 10-minute timer starts at 10:00.
 */
export function formatCountdown(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0
		? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
		: `${minutes}:${seconds}`;
}
