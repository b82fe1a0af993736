import type { LocalisedText, Phase, PhaseKind } from '#shared/model/workshop.ts';
import {
	addPhase,
	formatClock,
	movePhase,
	parseClock,
	plannedMinutes,
	removePhase,
	timetable
} from '#shared/model/workshop-plan.ts';
import type { WorkshopPlan } from '#shared/model/workshop-template.ts';
import { m } from '$lib/paraglide/messages.js';

/** "3 h 30 min", "45 min": a length the way a facilitator reads a programme. */
export function formatMinutes(total: number): string {
	const hours = Math.floor(total / 60);
	const minutes = total % 60;
	if (hours === 0) return m.flow_minutes({ minutes });
	return minutes === 0
		? m.flow_hours({ hours })
		: m.flow_hours_minutes({ hours, minutes: String(minutes) });
}

/**
 * The plan editor's working copy. Edits stay in the browser until the facilitator saves, which
 * posts the whole plan to the form action (the server checks it again with the same schema).
 */
export class PlanDraft {
	/** Deep state: the editor binds inputs straight to phase fields. */
	phases = $state<Phase[]>([]);
	startTime = $state('09:00');
	/** For the polite live region: what the last move or removal did. */
	announcement = $state('');
	/** True once anything changed since load or the last save. */
	dirty = $state(false);

	readonly rows = $derived(timetable(this.startTime, this.phases));
	readonly totalMinutes = $derived(plannedMinutes(this.phases));
	readonly endTime = $derived(formatClock((parseClock(this.startTime) ?? 0) + this.totalMinutes));
	readonly json = $derived(JSON.stringify({ startTime: this.startTime, phases: this.phases }));

	constructor(plan: WorkshopPlan) {
		this.reset(plan);
	}

	reset(plan: WorkshopPlan): void {
		this.phases = structuredClone(plan.phases);
		this.startTime = plan.startTime;
		this.dirty = false;
	}

	move(index: number, delta: -1 | 1, title: string): void {
		const next = movePhase(this.phases, index, delta);
		if (next[index] === this.phases[index]) return;
		this.phases = next;
		this.dirty = true;
		this.announcement = m.flow_plan_moved({ title, position: index + delta + 1 });
	}

	remove(index: number, title: string): void {
		const before = this.phases.length;
		this.phases = removePhase(this.phases, index);
		if (this.phases.length === before) return;
		this.dirty = true;
		this.announcement = m.flow_plan_removed({ title });
	}

	add(kind: PhaseKind, title: LocalisedText): Phase {
		this.phases = addPhase(this.phases, { kind, title });
		this.dirty = true;
		const added = this.phases.at(-1)!;
		return added;
	}

	touch(): void {
		this.dirty = true;
	}
}
