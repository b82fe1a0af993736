import { describe, expect, it } from 'vitest';
import { DEFAULT_PHASES, type Phase } from './workshop.ts';
import {
	addPhase,
	formatClock,
	movePhase,
	newPhaseId,
	parseClock,
	plannedMinutes,
	removePhase,
	timetable
} from './workshop-plan.ts';
import { validatePlan } from './workshop-template.ts';

const phases = (): Phase[] => structuredClone([...DEFAULT_PHASES]);
const ids = (list: readonly Phase[]) => list.map((phase) => phase.id);

describe('phase plan operations', () => {
	it('move a phase up and down, and leave the ends alone', () => {
		const moved = movePhase(phases(), 1, -1);
		expect(ids(moved).slice(0, 2)).toEqual(['warm-up', 'opening']);
		expect(ids(movePhase(moved, 0, 1)).slice(0, 2)).toEqual(['opening', 'warm-up']);
		expect(ids(movePhase(phases(), 0, -1))).toEqual(ids(phases()));
		expect(ids(movePhase(phases(), 6, 1))).toEqual(ids(phases()));
	});

	it('remove a phase but never the last one', () => {
		expect(ids(removePhase(phases(), 3))).not.toContain('plenary');
		const one = [phases()[0]];
		expect(removePhase(one, 0)).toEqual(one);
	});

	it('add a phase of a kind with a fresh id, the kind board and a valid plan', () => {
		const title = { fi: 'Tauko', sv: 'Paus', en: 'Break' };
		const added = addPhase(phases(), { kind: 'break', title, afterIndex: 3 });
		expect(added[4]).toMatchObject({ id: 'break', kind: 'break', durationMinutes: 15, title });
		const again = addPhase(added, { kind: 'break', title });
		expect(again.at(-1)?.id).toBe('break-2');
		expect(newPhaseId(again, 'break')).toBe('break-3');
		expect(validatePlan({ startTime: '09:00', phases: again }).ok).toBe(true);
	});
});

describe('timetable arithmetic', () => {
	it('reads and writes clock times', () => {
		expect(parseClock('08:30')).toBe(510);
		expect(parseClock('24:00')).toBeNull();
		expect(parseClock('8:30')).toBeNull();
		expect(formatClock(510)).toBe('08:30');
		expect(formatClock(24 * 60 + 15)).toBe('00:15');
	});

	it('lays the phases one after another from the start time', () => {
		const plan = phases().slice(0, 3);
		expect(timetable('08:30', plan)).toEqual([
			{ phaseId: 'opening', start: '08:30', end: '08:45' },
			{ phaseId: 'warm-up', start: '08:45', end: '09:15' },
			{ phaseId: 'problem-definition', start: '09:15', end: '10:15' }
		]);
		expect(plannedMinutes(plan)).toBe(105);
	});
});
