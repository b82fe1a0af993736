import { describe, expect, it } from 'vitest';
import { isPrivateWriting, voteCountsHidden } from './workshop.ts';
import {
	extendTimer,
	goToPhase,
	lockBoards,
	markRevealed,
	showVoteCounts,
	pauseTimer,
	remainingMs,
	resumeTimer,
	startTimer,
	initialLiveState,
	normaliseLiveState,
	replacePlan,
	setBroadcast,
	setPause,
	setPlenary,
	setTableSignal,
	spentWithCurrent,
	startDay
} from './workshop-ops.ts';

const initial = initialLiveState();
const MINUTE = 60_000;

describe('phase transitions', () => {
	it('go to any existing phase, bump the revision and reset the timer', () => {
		const running = startTimer(initial, 10 * MINUTE, 0);
		const next = goToPhase(running, 3, 0);
		expect(next).toMatchObject({ phaseIndex: 3, revision: 2, timer: { status: 'idle' } });
		expect(goToPhase(next, 2, 0).phaseIndex).toBe(2);
	});

	it('refuse a phase out of range with conflict', () => {
		expect(() => goToPhase(initial, initial.phases.length, 0)).toThrow(
			expect.objectContaining({ code: 'conflict' })
		);
		expect(() => goToPhase(initial, -1, 0)).toThrow(expect.objectContaining({ code: 'conflict' }));
	});
});

describe('timer arithmetic', () => {
	it('counts down, pauses with the time left and resumes from it', () => {
		const started = startTimer(initial, 10 * MINUTE, 1_000);
		expect(remainingMs(started.timer, 1_000 + 4 * MINUTE)).toBe(6 * MINUTE);
		const paused = pauseTimer(started, 1_000 + 4 * MINUTE);
		expect(remainingMs(paused.timer, 10 ** 9)).toBe(6 * MINUTE);
		const resumed = resumeTimer(paused, 5_000_000);
		expect(resumed.timer).toEqual({
			status: 'running',
			endsAt: 5_000_000 + 6 * MINUTE,
			durationMs: 10 * MINUTE
		});
	});

	it('extends a running, paused or already ended countdown', () => {
		const started = startTimer(initial, 5 * MINUTE, 0);
		expect(remainingMs(extendTimer(started, MINUTE, 2 * MINUTE).timer, 2 * MINUTE)).toBe(
			4 * MINUTE
		);
		expect(remainingMs(extendTimer(started, 5 * MINUTE, 20 * MINUTE).timer, 20 * MINUTE)).toBe(
			5 * MINUTE
		);
		const paused = pauseTimer(started, MINUTE);
		expect(remainingMs(extendTimer(paused, MINUTE, 0).timer, 0)).toBe(5 * MINUTE);
	});

	it('never reports negative time and refuses impossible steps', () => {
		expect(remainingMs(startTimer(initial, MINUTE, 0).timer, 10 * MINUTE)).toBe(0);
		expect(() => pauseTimer(initial, 0)).toThrow(expect.objectContaining({ code: 'conflict' }));
		expect(() => resumeTimer(initial, 0)).toThrow(expect.objectContaining({ code: 'conflict' }));
		expect(() => extendTimer(initial, MINUTE, 0)).toThrow(
			expect.objectContaining({ code: 'conflict' })
		);
	});
});

describe('board locks', () => {
	it('lock one table, all tables, and unlock', () => {
		const one = lockBoards(initial, 2, true);
		expect(one.lockedTables).toEqual([2]);
		expect(lockBoards(lockBoards(one, 1, true), 2, false).lockedTables).toEqual([1]);
		const all = lockBoards(one, null, true);
		expect(all).toMatchObject({ allBoardsLocked: true, lockedTables: [] });
		expect(lockBoards(all, null, false).allBoardsLocked).toBe(false);
	});
});

describe('the plan during a live day', () => {
	it('counts time spent per phase from the start of the day', () => {
		const started = startDay(initial, 1_000);
		const second = goToPhase(started, 1, 1_000 + 5 * MINUTE);
		const back = goToPhase(second, 0, 1_000 + 8 * MINUTE);
		expect(back.spentMs).toEqual({ opening: 5 * MINUTE, 'warm-up': 3 * MINUTE });
		expect(spentWithCurrent(back, 1_000 + 10 * MINUTE).opening).toBe(7 * MINUTE);
		expect(() => startDay(started, 0)).toThrow(expect.objectContaining({ code: 'conflict' }));
	});

	it('keeps the current phase by id when the plan is reordered or edited', () => {
		const inWarmUp = goToPhase(startDay(initial, 0), 1, MINUTE);
		const reordered = [...inWarmUp.phases].reverse();
		reordered[0] = { ...reordered[0], durationMinutes: 5 };
		const next = replacePlan(inWarmUp, { startTime: '08:00', phases: reordered }, 2 * MINUTE);
		expect(next.phases[next.phaseIndex].id).toBe('warm-up');
		expect(next).toMatchObject({ startTime: '08:00', phaseStartedAt: MINUTE });
	});

	it('moves to the phase at the same place when the current one was removed', () => {
		const inPlenary = goToPhase(startDay(initial, 0), 3, MINUTE);
		const without = inPlenary.phases.filter((phase) => phase.id !== 'plenary');
		const next = replacePlan(inPlenary, { startTime: '09:00', phases: without }, 4 * MINUTE);
		expect(next.phases[next.phaseIndex].id).toBe('solution-development');
		expect(next.spentMs.plenary).toBe(3 * MINUTE);
		expect(next.phaseStartedAt).toBe(4 * MINUTE);
	});
});

describe('room-wide signals', () => {
	it('plenary, pause and broadcast set and clear', () => {
		expect(setPlenary(initial, true).plenary).toBe(true);
		expect(setPause(initial, { message: 'Tauko' }).pause).toEqual({ message: 'Tauko' });
		const message = { id: 'm1', text: 'Viisi minuuttia', sentAt: 1 };
		expect(setBroadcast(setBroadcast(initial, message), null).broadcast).toBeNull();
	});

	it('one signal per table, replaced by a new one, refused when repeated', () => {
		const help = setTableSignal(initial, 2, 'help', 10);
		const done = setTableSignal(help, 2, 'done', 20);
		expect(done.signals).toEqual([{ table: 2, signal: 'done', at: 20 }]);
		expect(() => setTableSignal(done, 2, 'done', 30)).toThrow(
			expect.objectContaining({ code: 'conflict' })
		);
		expect(setTableSignal(done, 2, null, 40).signals).toEqual([]);
	});

	it('reads a state stored before templates', () => {
		const old = {
			revision: 4,
			phases: [{ kind: 'warm_up', plannedMinutes: 25 }],
			phaseIndex: 0,
			timer: { status: 'idle' },
			allBoardsLocked: false,
			lockedTables: []
		};
		const state = normaliseLiveState(old);
		expect(state.phases[0]).toMatchObject({ id: 'phase-1', durationMinutes: 25 });
		expect(state).toMatchObject({ revision: 4, plenary: false, signals: [], phaseStartedAt: null });
	});
});

describe('private writing and reveal (sync S10, control C15)', () => {
	const privateAt = (index: number) => {
		const phases = initial.phases.map((phase, i) => ({
			...phase,
			settings: { ...phase.settings, privateWriting: i === index }
		}));
		return { ...initial, phases };
	};

	it('is private only in a private phase that is not revealed yet', () => {
		const state = privateAt(1);
		expect(isPrivateWriting(state)).toBe(false);
		const inPhase = goToPhase(state, 1, 0);
		expect(isPrivateWriting(inPhase)).toBe(true);
		const revealed = markRevealed(inPhase);
		expect(revealed.revealed).toEqual([state.phases[1].id]);
		expect(revealed.revision).toBe(inPhase.revision + 1);
		expect(isPrivateWriting(revealed)).toBe(false);
		expect(isPrivateWriting(goToPhase(revealed, 1, 0))).toBe(false);
	});

	it('refuses to reveal a phase that is not private, or twice, with conflict', () => {
		const conflict = expect.objectContaining({ code: 'conflict' });
		expect(() => markRevealed(privateAt(1))).toThrow(conflict);
		expect(() => markRevealed(markRevealed(goToPhase(privateAt(1), 1, 0)))).toThrow(conflict);
	});

	it('reads a state stored before reveals as nothing revealed', () => {
		const { revealed: _dropped, ...old } = initial;
		expect(normaliseLiveState(old).revealed).toEqual([]);
	});
});

describe('hidden vote counts (control C19)', () => {
	const votingAt = (index: number, hideCounts: boolean) => {
		const phases = initial.phases.map((phase, i) => ({
			...phase,
			settings: {
				...phase.settings,
				voting: { enabled: i === index, dotsPerPerson: 3, hideCounts }
			}
		}));
		return { ...initial, phases };
	};

	it('hides counts only in a voting phase that hides them, until the facilitator shows them', () => {
		const hidden = goToPhase(votingAt(2, true), 2, 0);
		expect(voteCountsHidden(hidden)).toBe(true);
		expect(voteCountsHidden(goToPhase(hidden, 1, 0))).toBe(false);
		expect(voteCountsHidden(goToPhase(votingAt(2, false), 2, 0))).toBe(false);
		const shown = showVoteCounts(hidden);
		expect(voteCountsHidden(shown)).toBe(false);
		expect(shown.revision).toBe(hidden.revision + 1);
		// Going back to the phase later keeps them shown.
		expect(voteCountsHidden(goToPhase(goToPhase(shown, 3, 0), 2, 0))).toBe(false);
	});

	it('refuses to show counts that are not hidden', () => {
		expect(() => showVoteCounts(goToPhase(votingAt(2, false), 2, 0))).toThrow(
			expect.objectContaining({ code: 'conflict' })
		);
		const shown = showVoteCounts(goToPhase(votingAt(2, true), 2, 0));
		expect(() => showVoteCounts(shown)).toThrow(expect.objectContaining({ code: 'conflict' }));
	});

	it('reads a state stored before the field as nothing shown', () => {
		const { votesShown: _dropped, ...old } = initialLiveState();
		expect(normaliseLiveState(old).votesShown).toEqual([]);
	});
});
