import { RajapintaError } from '../protocol/errors.ts';
import {
	DEFAULT_PHASES,
	DEFAULT_PHASE_SETTINGS,
	type BroadcastMessage,
	type Phase,
	type TableSignal,
	type TableSignalKind,
	type TimerState,
	type WorkshopState,
	voteCountsHidden
} from './workshop.ts';
import type { WorkshopPlan } from './workshop-template.ts';

/** The part of the live workshop state that facilitators change, as stored. */
export type LiveState = Omit<
	WorkshopState,
	'workshopId' | 'tableCount' | 'serverNow' | 'phases'
> & {
	phases: Phase[];
};

const DEFAULT_START_TIME = '09:00';

/** The state of a new workshop: the first phase, no countdown, nothing locked, not started. */
export function initialLiveState(
	plan: WorkshopPlan = { startTime: DEFAULT_START_TIME, phases: [...DEFAULT_PHASES] }
): LiveState {
	return {
		revision: 0,
		phases: structuredClone(plan.phases),
		startTime: plan.startTime,
		phaseIndex: 0,
		phaseStartedAt: null,
		spentMs: {},
		timer: { status: 'idle' },
		allBoardsLocked: false,
		lockedTables: [],
		plenary: false,
		pause: null,
		broadcast: null,
		signals: [],
		spotlight: null,
		revealed: [],
		votesShown: []
	};
}

/**
 * Reads a stored state written by an older version: workshops made before templates had phases
 * with only a kind and `plannedMinutes`, and none of the later fields.
 */
export function normaliseLiveState(stored: unknown): LiveState {
	type OldPhase = Partial<Phase> & { plannedMinutes?: number };
	const raw = stored as Partial<Omit<LiveState, 'phases'>> & { phases?: OldPhase[] };
	const base = initialLiveState();
	const phases = (raw.phases ?? (base.phases as OldPhase[])).map((phase, index): Phase => {
		const fallback = DEFAULT_PHASES.find((known) => known.kind === phase.kind) ?? DEFAULT_PHASES[0];
		return {
			id: phase.id ?? `phase-${index + 1}`,
			kind: phase.kind ?? fallback.kind,
			title: phase.title ?? fallback.title,
			instructions: phase.instructions ?? fallback.instructions,
			durationMinutes: phase.durationMinutes ?? phase.plannedMinutes ?? fallback.durationMinutes,
			boardTemplate: phase.boardTemplate ?? fallback.boardTemplate,
			settings: phase.settings ?? DEFAULT_PHASE_SETTINGS
		};
	});
	return { ...base, ...raw, phases } as LiveState;
}

/**
 * Pure transitions of the live state. Each returns a new state with the revision bumped, or throws
 * RajapintaError('conflict') when the transition does not apply. `now` is epoch ms.
 */
export function goToPhase(state: LiveState, index: number, now: number): LiveState {
	if (index < 0 || index >= state.phases.length)
		throw new RajapintaError('conflict', 'no such phase');
	return {
		...state,
		revision: state.revision + 1,
		spentMs: withSpent(state, now),
		phaseIndex: index,
		phaseStartedAt: now,
		timer: { status: 'idle' }
	};
}

/** Starts the day in the current phase; the clock of time spent starts here. */
export function startDay(state: LiveState, now: number): LiveState {
	if (state.phaseStartedAt !== null) throw new RajapintaError('conflict', 'already started');
	return { ...state, revision: state.revision + 1, phaseStartedAt: now };
}

/** Time spent per phase id with the running visit of the current phase added. */
export function spentWithCurrent(
	state: LiveState | WorkshopState,
	now: number
): Record<string, number> {
	return withSpent(state, now);
}

function withSpent(state: LiveState | WorkshopState, now: number): Record<string, number> {
	const spent = { ...state.spentMs };
	const current = state.phases[state.phaseIndex];
	if (current && state.phaseStartedAt !== null) {
		spent[current.id] = (spent[current.id] ?? 0) + Math.max(0, now - state.phaseStartedAt);
	}
	return spent;
}

/**
 * Replaces the plan. The room stays in the phase it is in, found by id; if that phase was
 * removed, the room moves to the phase now at the same position (clamped) and its clock restarts.
 */
export function replacePlan(state: LiveState, plan: WorkshopPlan, now: number): LiveState {
	const current = state.phases[state.phaseIndex];
	const kept = plan.phases.findIndex((phase) => phase.id === current?.id);
	const base = { ...state, revision: state.revision + 1, phases: structuredClone(plan.phases) };
	if (kept >= 0) return { ...base, startTime: plan.startTime, phaseIndex: kept };
	return {
		...base,
		startTime: plan.startTime,
		spentMs: withSpent(state, now),
		phaseIndex: Math.min(state.phaseIndex, plan.phases.length - 1),
		phaseStartedAt: state.phaseStartedAt === null ? null : now,
		timer: { status: 'idle' }
	};
}

export function startTimer(state: LiveState, durationMs: number, now: number): LiveState {
	return bump(state, { status: 'running', endsAt: now + durationMs, durationMs });
}

export function pauseTimer(state: LiveState, now: number): LiveState {
	const { timer } = state;
	if (timer.status !== 'running') throw new RajapintaError('conflict', 'timer is not running');
	return bump(state, {
		status: 'paused',
		remainingMs: Math.max(0, timer.endsAt - now),
		durationMs: timer.durationMs
	});
}

export function resumeTimer(state: LiveState, now: number): LiveState {
	const { timer } = state;
	if (timer.status !== 'paused') throw new RajapintaError('conflict', 'timer is not paused');
	return bump(state, {
		status: 'running',
		endsAt: now + timer.remainingMs,
		durationMs: timer.durationMs
	});
}

/** Adds time to a running or paused countdown; an ended countdown restarts with `ms` left. */
export function extendTimer(state: LiveState, ms: number, now: number): LiveState {
	const { timer } = state;
	if (timer.status === 'idle') throw new RajapintaError('conflict', 'no timer to extend');
	if (timer.status === 'paused') {
		return bump(state, {
			...timer,
			remainingMs: timer.remainingMs + ms,
			durationMs: timer.durationMs + ms
		});
	}
	return bump(state, {
		status: 'running',
		endsAt: Math.max(timer.endsAt, now) + ms,
		durationMs: timer.durationMs + ms
	});
}

/** Locks or unlocks one table's board, or every board when `table` is null. */
export function lockBoards(state: LiveState, table: number | null, locked: boolean): LiveState {
	if (table === null) {
		return { ...state, revision: state.revision + 1, allBoardsLocked: locked, lockedTables: [] };
	}
	const others = state.lockedTables.filter((t) => t !== table);
	return {
		...state,
		revision: state.revision + 1,
		lockedTables: locked ? [...others, table].sort((a, b) => a - b) : others
	};
}

/** Calls everybody to the plenary (true) or sends them back to their tables (false). */
export function setPlenary(state: LiveState, plenary: boolean): LiveState {
	return { ...state, revision: state.revision + 1, plenary };
}

/** Pauses every screen behind an overlay with `message`, or lifts the pause (null). */
export function setPause(state: LiveState, pause: { message: string } | null): LiveState {
	return { ...state, revision: state.revision + 1, pause };
}

/** Shows a message on every screen (replacing the last one), or withdraws it (null). */
export function setBroadcast(state: LiveState, broadcast: BroadcastMessage | null): LiveState {
	return { ...state, revision: state.revision + 1, broadcast };
}

/**
 * Marks the current phase's private writing revealed (sync SPEC S10): participants' screens go back
 * to the table board. A phase without private writing, or one already revealed, is a conflict.
 */
export function markRevealed(state: LiveState): LiveState {
	const phase = state.phases[state.phaseIndex];
	if (!phase?.settings.privateWriting) throw new RajapintaError('conflict', 'phase is not private');
	if (state.revealed.includes(phase.id)) throw new RajapintaError('conflict', 'already revealed');
	return { ...state, revision: state.revision + 1, revealed: [...state.revealed, phase.id] };
}

/** Shows everybody the current phase's hidden vote counts (control C19). */
export function showVoteCounts(state: LiveState): LiveState {
	if (!voteCountsHidden(state)) throw new RajapintaError('conflict', 'vote counts are not hidden');
	const phase = state.phases[state.phaseIndex];
	return { ...state, revision: state.revision + 1, votesShown: [...state.votesShown, phase.id] };
}

/** Shows `table` large on the projector, or no table (null). The caller checks the range. */
export function setSpotlight(state: LiveState, table: number | null): LiveState {
	return { ...state, revision: state.revision + 1, spotlight: table };
}

/**
 * Raises a table's signal (replacing its earlier one) or lowers it (signal null). Raising the same
 * signal again is a no-op conflict, so a repeated click does not reorder the console's list.
 */
export function setTableSignal(
	state: LiveState,
	table: number,
	signal: TableSignalKind | null,
	now: number
): LiveState {
	const existing = state.signals.find((raised) => raised.table === table);
	if (signal !== null && existing?.signal === signal)
		throw new RajapintaError('conflict', 'signal already raised');
	if (signal === null && !existing) throw new RajapintaError('conflict', 'no signal to lower');
	const others = state.signals.filter((raised) => raised.table !== table);
	const signals: TableSignal[] = signal ? [...others, { table, signal, at: now }] : others;
	return { ...state, revision: state.revision + 1, signals };
}

/** Milliseconds left on the countdown at `now` (0 when ended or idle). */
export function remainingMs(timer: TimerState, now: number): number {
	if (timer.status === 'running') return Math.max(0, timer.endsAt - now);
	if (timer.status === 'paused') return timer.remainingMs;
	return 0;
}

function bump(state: LiveState, timer: TimerState): LiveState {
	return { ...state, revision: state.revision + 1, timer };
}

/**
 * Moves the server-clock times of a received state onto this browser's clock, so every countdown
 * can subtract `Date.now()`. `receivedAt` is the local time of arrival; the offset ignores the
 * one-way network delay (milliseconds), which a countdown in whole seconds does not show.
 */
export function toLocalClock<T extends WorkshopClockFields>(state: T, receivedAt: number): T {
	const offset = receivedAt - state.serverNow;
	if (offset === 0) return state;
	const timer: TimerState =
		state.timer.status === 'running'
			? { ...state.timer, endsAt: state.timer.endsAt + offset }
			: state.timer;
	return {
		...state,
		timer,
		phaseStartedAt: state.phaseStartedAt === null ? null : state.phaseStartedAt + offset,
		serverNow: receivedAt
	};
}

/** The clock fields of a workshop state. */
interface WorkshopClockFields {
	serverNow: number;
	timer: TimerState;
	phaseStartedAt: number | null;
}
