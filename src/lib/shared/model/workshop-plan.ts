import type { BoardTemplateId } from './board-templates.ts';
import {
	DEFAULT_PHASE_SETTINGS,
	type LocalisedText,
	type Phase,
	type PhaseKind
} from './workshop.ts';
import { MAX_PHASES } from './workshop-template.ts';

/** Pure operations on a plan's phase list for the plan editor. Each returns a new list. */

/** Moves the phase at `index` one step up (-1) or down (+1); out of range leaves the list as is. */
export function movePhase(phases: readonly Phase[], index: number, delta: -1 | 1): Phase[] {
	const target = index + delta;
	const next = [...phases];
	if (index < 0 || index >= phases.length || target < 0 || target >= phases.length) return next;
	[next[index], next[target]] = [next[target], next[index]];
	return next;
}

/** Removes a phase; the last one stays, since a day has at least one phase. */
export function removePhase(phases: readonly Phase[], index: number): Phase[] {
	if (phases.length <= 1 || index < 0 || index >= phases.length) return [...phases];
	return phases.filter((_, i) => i !== index);
}

/** The board a new phase of each kind opens. */
const BOARD_OF_KIND: Record<PhaseKind, BoardTemplateId> = {
	opening: 'blank',
	warm_up: 'metaphor-picks',
	problem_definition: 'meaningful-and-needs',
	plenary: 'plenary',
	solution_development: 'neliapila',
	commitments: 'commitments',
	feedback: 'blank',
	break: 'blank',
	custom: 'blank'
};

/** An id not yet in the plan: the kind with dashes, then -2, -3… */
export function newPhaseId(phases: readonly Phase[], kind: PhaseKind): string {
	const base = kind.replace(/_/g, '-');
	const taken = new Set(phases.map((phase) => phase.id));
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Inserts a new phase after `afterIndex` (at the end when omitted). `title` is the kind's name in
 * each language, which the caller knows from its translations.
 */
export function addPhase(
	phases: readonly Phase[],
	options: { kind: PhaseKind; title: LocalisedText; durationMinutes?: number; afterIndex?: number }
): Phase[] {
	if (phases.length >= MAX_PHASES) return [...phases];
	const phase: Phase = {
		id: newPhaseId(phases, options.kind),
		kind: options.kind,
		title: { ...options.title },
		instructions: { fi: '', sv: '', en: '' },
		durationMinutes: options.durationMinutes ?? (options.kind === 'break' ? 15 : 30),
		boardTemplate: BOARD_OF_KIND[options.kind],
		settings: structuredClone(DEFAULT_PHASE_SETTINGS)
	};
	const at = Math.min(phases.length, (options.afterIndex ?? phases.length - 1) + 1);
	return [...phases.slice(0, at), phase, ...phases.slice(at)];
}

const MINUTES_PER_DAY = 24 * 60;

/** "HH:MM" to minutes after midnight; null when it is not a time. */
export function parseClock(text: string): number | null {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes after midnight to "HH:MM"; past midnight wraps around. */
export function formatClock(minutes: number): string {
	const wrapped = ((Math.round(minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
	const hours = String(Math.floor(wrapped / 60)).padStart(2, '0');
	return `${hours}:${String(wrapped % 60).padStart(2, '0')}`;
}

/** One row of the day's planned timetable. */
export interface TimetableRow {
	phaseId: string;
	/** "HH:MM" */
	start: string;
	/** "HH:MM" */
	end: string;
}

/** The planned clock times of each phase, one after another from `startTime`. */
export function timetable(startTime: string, phases: readonly Phase[]): TimetableRow[] {
	let at = parseClock(startTime) ?? 0;
	return phases.map((phase) => {
		const start = at;
		at += phase.durationMinutes;
		return { phaseId: phase.id, start: formatClock(start), end: formatClock(at) };
	});
}

/** Total planned minutes of the plan. */
export function plannedMinutes(phases: readonly Phase[]): number {
	return phases.reduce((sum, phase) => sum + phase.durationMinutes, 0);
}
