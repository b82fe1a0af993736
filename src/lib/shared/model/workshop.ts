import type { BoardTemplateId } from './board-templates.ts';
import type { WorkshopId } from './ids.ts';
import type { KnotSettings } from './knot.ts';

/** The kinds of phase of a workshop day (DOMAIN.md "The day"). Templates add more settings per kind. */
export const PHASE_KINDS = {
	opening: 'opening',
	warmUp: 'warm_up',
	problemDefinition: 'problem_definition',
	plenary: 'plenary',
	solutionDevelopment: 'solution_development',
	commitments: 'commitments',
	feedback: 'feedback',
	break: 'break',
	custom: 'custom'
} as const;

export type PhaseKind = (typeof PHASE_KINDS)[keyof typeof PHASE_KINDS];
export const PHASE_KIND_LIST: readonly PhaseKind[] = Object.values(PHASE_KINDS);

/** The languages every phase text exists in (Finnish is the default). */
export const TEXT_LOCALES = ['fi', 'sv', 'en'] as const;
export type TextLocale = (typeof TEXT_LOCALES)[number];
/** One text in each UI language. */
export type LocalisedText = Record<TextLocale, string>;

/** What participants may do with board items during a phase (enforced by the board issue). */
export const PARTICIPANT_RIGHTS = {
	addOnly: 'add_only',
	editOwn: 'edit_own',
	editAll: 'edit_all',
	viewOnly: 'view_only'
} as const;
export type ParticipantRights = (typeof PARTICIPANT_RIGHTS)[keyof typeof PARTICIPANT_RIGHTS];
export const PARTICIPANT_RIGHTS_LIST: readonly ParticipantRights[] =
	Object.values(PARTICIPANT_RIGHTS);

/** How a phase runs. Stored with the plan; the views of each phase read what they need. */
export interface PhaseSettings {
	/**
	 * Dot voting on the board; `dotsPerPerson` is each participant's number of dots (1–10). With
	 * `hideCounts` each person sees only their own dots until the facilitator shows the counts, so
	 * early votes do not steer later ones. Optional: plans from before it show counts.
	 */
	voting: { enabled: boolean; dotsPerPerson: number; hideCounts?: boolean };
	/** Items carry no author marker, not even the actor type. */
	anonymous: boolean;
	/** Participants may read (never edit) the other tables' boards during this phase. */
	tablesSeeEachOther: boolean;
	participantRights: ParticipantRights;
	/** New items stay with their writer until the facilitator reveals them. */
	privateWriting: boolean;
	/**
	 * The Neliapila knot's actors and leaf rules (knot.ts); optional, so plans from before it keep
	 * working. Read through `knotOf`, which fills in the defaults.
	 */
	knot?: KnotSettings;
	/**
	 * The warm-up's metaphor cards: a facilitator's own deck (`deckId`, see board/cards.ts), with
	 * the built-in deck beside it when `builtIn` is true. Absent: the built-in deck only.
	 */
	cards?: PhaseCardSettings;
}

/** Which metaphor cards a warm-up offers. */
export interface PhaseCardSettings {
	deckId: string;
	builtIn: boolean;
}

/** One step of the day: what the room does, for how long, on which board. */
export interface Phase {
	/** Unique within the plan (lower-case letters, digits, dashes); survives reordering. */
	id: string;
	kind: PhaseKind;
	title: LocalisedText;
	/** What the facilitator says and participants read; may be '' in a plan being drafted. */
	instructions: LocalisedText;
	/** Planned length in minutes (1–480). */
	durationMinutes: number;
	/** The board layout the phase opens (board-templates.ts). */
	boardTemplate: BoardTemplateId;
	settings: PhaseSettings;
}

export const DEFAULT_PHASE_SETTINGS: PhaseSettings = {
	voting: { enabled: false, dotsPerPerson: 3 },
	anonymous: true,
	tablesSeeEachOther: false,
	participantRights: 'edit_own',
	privateWriting: false
};

const defaultPhase = (
	id: string,
	kind: PhaseKind,
	title: LocalisedText,
	durationMinutes: number,
	boardTemplate: BoardTemplateId
): Phase => ({
	id,
	kind,
	title,
	instructions: { fi: '', sv: '', en: '' },
	durationMinutes,
	boardTemplate,
	settings: DEFAULT_PHASE_SETTINGS
});

/**
 * The usual day without instructions, for workshops made before templates and for code that has
 * no template at hand. New workshops start from a file in templates/ instead.
 */
export const DEFAULT_PHASES: readonly Phase[] = [
	defaultPhase('opening', 'opening', { fi: 'Avaus', sv: 'Inledning', en: 'Opening' }, 15, 'blank'),
	defaultPhase(
		'warm-up',
		'warm_up',
		{ fi: 'Virittäytyminen', sv: 'Uppvärmning', en: 'Warm-up' },
		30,
		'metaphor-picks'
	),
	defaultPhase(
		'problem-definition',
		'problem_definition',
		{ fi: 'Ongelman määrittely', sv: 'Problemformulering', en: 'Problem definition' },
		60,
		'meaningful-and-needs'
	),
	defaultPhase(
		'plenary',
		'plenary',
		{ fi: 'Yhteiskeskustelu', sv: 'Gemensam diskussion', en: 'Plenary' },
		30,
		'plenary'
	),
	defaultPhase(
		'solution-development',
		'solution_development',
		{ fi: 'Ratkaisujen kehittäminen', sv: 'Lösningsutveckling', en: 'Solution development' },
		60,
		'neliapila'
	),
	defaultPhase(
		'commitments',
		'commitments',
		{ fi: 'Sitoumukset', sv: 'Åtaganden', en: 'Commitments' },
		30,
		'commitments'
	),
	defaultPhase(
		'feedback',
		'feedback',
		{ fi: 'Lopetus ja palaute', sv: 'Avslutning och respons', en: 'Closing and feedback' },
		15,
		'blank'
	)
];

/** Countdown of the current phase. Times are epoch milliseconds of the server clock. */
export type TimerState =
	| { status: 'idle' }
	| { status: 'running'; endsAt: number; durationMs: number }
	| { status: 'paused'; remainingMs: number; durationMs: number };

/** The signals a table can raise to the facilitators. */
export const TABLE_SIGNALS = { done: 'done', help: 'help' } as const;
export type TableSignalKind = (typeof TABLE_SIGNALS)[keyof typeof TABLE_SIGNALS];

/** A table's raised hand: "we are done" or "we need help". */
export interface TableSignal {
	table: number;
	signal: TableSignalKind;
	/** Epoch ms (server clock) when it was raised. */
	at: number;
}

/** A short message from the facilitators shown on every screen until each person dismisses it. */
export interface BroadcastMessage {
	/** Changes with every message, so a dismissed message does not hide the next one. */
	id: string;
	text: string;
	/** Epoch ms (server clock). */
	sentAt: number;
}

/** Server-authoritative live state of a workshop, broadcast whole on every change. */
export interface WorkshopState {
	workshopId: WorkshopId;
	/** Increases by one with every change, so a client can ignore a stale broadcast. */
	revision: number;
	/** The plan of the day, in order. */
	phases: readonly Phase[];
	/** Planned start of the first phase, "HH:MM" local time of the workshop. */
	startTime: string;
	/** Index into `phases` of the phase everybody is in. */
	phaseIndex: number;
	/** Epoch ms (server clock) when the current phase began; null before the day has started. */
	phaseStartedAt: number | null;
	/** Milliseconds already spent in each phase (by phase id), not counting the running visit. */
	spentMs: Readonly<Record<string, number>>;
	timer: TimerState;
	/** Tables are numbered 1..tableCount. */
	tableCount: number;
	/** True when every board is read-only for participants. */
	allBoardsLocked: boolean;
	/** Tables whose boards are read-only for participants, besides allBoardsLocked. */
	lockedTables: readonly number[];
	/** True while everybody is called to the plenary: participants' screens show the plenary. */
	plenary: boolean;
	/** Set while every screen is paused behind an overlay; `message` may be ''. */
	pause: { message: string } | null;
	/** The latest broadcast message, or null when none is shown. */
	broadcast: BroadcastMessage | null;
	/** Raised table signals, oldest first; at most one per table. */
	signals: readonly TableSignal[];
	/** The table a facilitator shows large on the projector (1..tableCount), or null for none. */
	spotlight: number | null;
	/**
	 * Ids of phases whose private writing the facilitator revealed: their items were copied to the
	 * tables' boards and participants write on the table board again (sync SPEC S10, control C15).
	 */
	revealed: readonly string[];
	/** Ids of phases whose hidden vote counts the facilitator has shown (control C19). */
	votesShown: readonly string[];
	/**
	 * The server's clock (epoch ms) when this copy was sent, so a client can correct its own clock
	 * before showing a countdown. Set on every broadcast and ack.
	 */
	serverNow: number;
}

/**
 * True while the current phase keeps each participant's new items on their private board: the
 * phase has privateWriting on and the facilitator has not revealed it yet.
 */
export function isPrivateWriting(state: Pick<WorkshopState, 'phases' | 'phaseIndex' | 'revealed'>) {
	const phase = state.phases[state.phaseIndex];
	return phase !== undefined && phase.settings.privateWriting && !state.revealed.includes(phase.id);
}

/**
 * True while the current phase votes with hidden counts and the facilitator has not shown them:
 * screens show each person only their own dots.
 */
export function voteCountsHidden(
	state: Pick<WorkshopState, 'phases' | 'phaseIndex' | 'votesShown'>
): boolean {
	const phase = state.phases[state.phaseIndex];
	return (
		phase !== undefined &&
		phase.settings.voting.enabled &&
		phase.settings.voting.hideCounts === true &&
		!state.votesShown.includes(phase.id)
	);
}

export function isBoardLocked(state: WorkshopState, table: number): boolean {
	return state.allBoardsLocked || state.lockedTables.includes(table);
}

/** The text in `locale`, falling back to Finnish (the base language) when it is empty. */
export function localised(text: LocalisedText, locale: string): string {
	const wanted = (TEXT_LOCALES as readonly string[]).includes(locale)
		? text[locale as TextLocale]
		: '';
	return wanted || text.fi;
}
