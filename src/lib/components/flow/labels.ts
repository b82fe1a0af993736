import type { BoardTemplateId } from '#shared/model/board-templates.ts';
import type { ParticipantRights, PhaseKind, TableSignalKind } from '#shared/model/workshop.ts';
import { controlErrorText } from '$lib/i18n/labels.ts';
import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';

/** Labels of the workshop flow; functions, so each reads the locale of the moment it is shown. */
const BOARD_LABELS: Record<BoardTemplateId, () => string> = {
	blank: () => m.flow_board_blank(),
	'metaphor-picks': () => m.flow_board_metaphor_picks(),
	'meaningful-and-needs': () => m.flow_board_meaningful_and_needs(),
	'problem-candidates': () => m.flow_board_problem_candidates(),
	neliapila: () => m.flow_board_neliapila(),
	commitments: () => m.flow_board_commitments(),
	plenary: () => m.flow_board_plenary()
};

const RIGHTS_LABELS: Record<ParticipantRights, () => string> = {
	add_only: () => m.flow_rights_add_only(),
	edit_own: () => m.flow_rights_edit_own(),
	edit_all: () => m.flow_rights_edit_all(),
	view_only: () => m.flow_rights_view_only()
};

const SIGNAL_LABELS: Record<TableSignalKind, () => string> = {
	done: () => m.flow_signal_done(),
	help: () => m.flow_signal_help()
};

export const boardTemplateLabel = (id: BoardTemplateId): string => BOARD_LABELS[id]();
export const rightsLabel = (rights: ParticipantRights): string => RIGHTS_LABELS[rights]();
export const signalLabel = (signal: TableSignalKind): string => SIGNAL_LABELS[signal]();

const PHASE_TITLES: Record<PhaseKind, (locale: Locale) => string> = {
	opening: (locale) => m.phase_opening({}, { locale }),
	warm_up: (locale) => m.phase_warm_up({}, { locale }),
	problem_definition: (locale) => m.phase_problem_definition({}, { locale }),
	plenary: (locale) => m.phase_plenary({}, { locale }),
	solution_development: (locale) => m.phase_solution_development({}, { locale }),
	commitments: (locale) => m.phase_commitments({}, { locale }),
	feedback: (locale) => m.phase_feedback({}, { locale }),
	break: (locale) => m.phase_break({}, { locale }),
	custom: (locale) => m.phase_custom({}, { locale })
};

/** A new phase's title in every language: the kind's name. */
export const phaseTitles = (kind: PhaseKind) => ({
	fi: PHASE_TITLES[kind]('fi'),
	sv: PHASE_TITLES[kind]('sv'),
	en: PHASE_TITLES[kind]('en')
});

const FIELD_LABELS: Record<string, () => string> = {
	title: () => m.flow_field_title(),
	instructions: () => m.flow_field_instructions(),
	durationMinutes: () => m.flow_field_duration(),
	boardTemplate: () => m.flow_field_board(),
	settings: () => m.flow_field_settings(),
	kind: () => m.flow_field_kind(),
	id: () => m.flow_field_kind()
};

/**
 * Turns a schema error ("phases[2].durationMinutes: expected …") into words for the facilitator:
 * which phase and which field. Anything else reads as a general problem with the plan.
 */
export function planErrorText(error: string): string {
	const phase = /^phases\[(\d+)\]\.(\w+)/.exec(error);
	if (phase) {
		const field = FIELD_LABELS[phase[2]]?.() ?? phase[2];
		return m.flow_plan_error_phase({ position: Number(phase[1]) + 1, field });
	}
	if (error.startsWith('startTime')) return m.flow_plan_error_start();
	if (error.startsWith('name')) return m.flow_template_name_missing();
	return m.flow_plan_error_other();
}

/** Words for a refused or failed command: the control plane sends codes, never text. */
export function flowErrorText(code: string): string {
	if (code === 'rate_limited') return m.flow_error_rate_limited();
	if (code === 'invalid_payload') return m.flow_error_invalid();
	return controlErrorText(code);
}
