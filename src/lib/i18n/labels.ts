import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import type { PhaseKind } from '#shared/model/workshop.ts';
import { m } from '$lib/paraglide/messages.js';

/** Lookup tables are functions, so each label is read in the locale of the moment it is shown. */
const ACTOR_LABELS: Record<ActorType, () => string> = {
	employment_office: () => m.actor_employment_office(),
	social_services: () => m.actor_social_services(),
	education: () => m.actor_education(),
	ngo: () => m.actor_ngo(),
	client: () => m.actor_client(),
	other: () => m.actor_other()
};

const PHASE_LABELS: Record<PhaseKind, () => string> = {
	opening: () => m.phase_opening(),
	warm_up: () => m.phase_warm_up(),
	problem_definition: () => m.phase_problem_definition(),
	plenary: () => m.phase_plenary(),
	solution_development: () => m.phase_solution_development(),
	commitments: () => m.phase_commitments(),
	feedback: () => m.phase_feedback(),
	break: () => m.phase_break(),
	custom: () => m.phase_custom()
};

const DURATION_LABELS: Record<WorkshopDuration, () => string> = {
	full_day: () => m.duration_full_day(),
	morning: () => m.duration_morning(),
	afternoon: () => m.duration_afternoon()
};

export const actorTypeLabel = (type: ActorType): string => ACTOR_LABELS[type]();
export const phaseLabel = (kind: PhaseKind): string => PHASE_LABELS[kind]();
export const durationLabel = (duration: WorkshopDuration): string => DURATION_LABELS[duration]();

/** Translates an error code of the control plane (protocol/errors.ts) for the console. */
export function controlErrorText(code: string): string {
	if (code === 'forbidden' || code === 'unauthorised') return m.control_error_forbidden();
	if (code === 'conflict') return m.control_error_conflict();
	return m.control_error_generic();
}
