import type { WorkshopId } from '#shared/model/ids.ts';
import {
	isPrivateWriting,
	voteCountsHidden,
	type TableSignalKind,
	type WorkshopState
} from '#shared/model/workshop.ts';
import { spentWithCurrent } from '#shared/model/workshop-ops.ts';
import { timetable, type TimetableRow } from '#shared/model/workshop-plan.ts';
import { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import { countdownOf, type CountdownView } from './countdown.ts';
import { Ticker } from './ticker.svelte.ts';

const MINUTE_MS = 60_000;

/**
 * The facilitator console's commands over the control plane. Buttons read the derived flags to
 * enable only what the server would accept; the server still decides. Browser only.
 */
export class ConsoleSession {
	readonly control: WorkshopControl;
	readonly #ticker = new Ticker();
	readonly #stopTicker: () => void;
	/** True while a command waits for its ack, so a double click does not skip a phase. */
	busy = $state(false);

	readonly state = $derived.by((): WorkshopState | null => this.control.state);
	readonly canPrevious = $derived.by(() => !this.busy && (this.state?.phaseIndex ?? 0) > 0);
	readonly canNext = $derived.by(() => {
		const state = this.state;
		return !this.busy && state !== null && state.phaseIndex < state.phases.length - 1;
	});
	readonly timerStatus = $derived.by(() => this.state?.timer.status ?? null);
	readonly countdown = $derived.by((): CountdownView | null =>
		this.state ? countdownOf(this.state.timer, this.#ticker.now) : null
	);
	readonly started = $derived.by(() => this.state?.phaseStartedAt != null);
	/** Planned clock times of each phase. */
	readonly timetable = $derived.by((): TimetableRow[] =>
		this.state ? timetable(this.state.startTime, this.state.phases) : []
	);
	/** Minutes spent per phase id so far (the current phase counts up every second). */
	readonly spentMinutes = $derived.by((): Record<string, number> => {
		if (!this.state) return {};
		const spent = spentWithCurrent(this.state, this.#ticker.now);
		return Object.fromEntries(
			Object.entries(spent).map(([id, ms]) => [id, Math.floor(ms / MINUTE_MS)])
		);
	});
	readonly signals = $derived.by(() => this.state?.signals ?? []);
	/**
	 * Whether the current phase has private writing (sync SPEC S10): 'writing' until revealed,
	 * then 'revealed'; null for a phase without it.
	 */
	readonly privateWriting = $derived.by((): 'writing' | 'revealed' | null => {
		const state = this.state;
		const phase = state?.phases[state.phaseIndex];
		if (!state || !phase?.settings.privateWriting) return null;
		return isPrivateWriting(state) ? 'writing' : 'revealed';
	});

	/**
	 * Whether the current phase hides vote counts (control C19): 'hidden' until the facilitator
	 * shows them, then 'shown'; null for a phase that shows them all along.
	 */
	readonly voteCounts = $derived.by((): 'hidden' | 'shown' | null => {
		const state = this.state;
		const voting = state?.phases[state.phaseIndex]?.settings.voting;
		if (!state || !voting?.enabled || !voting.hideCounts) return null;
		return voteCountsHidden(state) ? 'hidden' : 'shown';
	});

	constructor(workshopId: WorkshopId) {
		this.control = new WorkshopControl(workshopId);
		this.#stopTicker = this.#ticker.start();
	}

	previous = () => this.#goTo(-1);
	next = () => this.#goTo(1);

	startTimer = (minutes: number) =>
		this.#run(() =>
			this.control.send('timer:start', { durationMs: Math.round(minutes * MINUTE_MS) })
		);
	pauseTimer = () => this.#run(() => this.control.send('timer:pause', {}));
	resumeTimer = () => this.#run(() => this.control.send('timer:resume', {}));
	extendTimer = (minutes: number) =>
		this.#run(() => this.control.send('timer:extend', { ms: minutes * MINUTE_MS }));

	isTableLocked(table: number): boolean {
		return this.state?.lockedTables.includes(table) ?? false;
	}

	setAllLocked = (locked: boolean) =>
		this.#run(() => this.control.send('board:lock', { table: null, locked }));
	setTableLocked = (table: number, locked: boolean) =>
		this.#run(() => this.control.send('board:lock', { table, locked }));

	startDay = () => this.#run(() => this.control.send('workshop:start', {}));
	setPlenary = (plenary: boolean) => this.#run(() => this.control.send('plenary:set', { plenary }));
	setPause = (paused: boolean, message: string) =>
		this.#run(() => this.control.send('screens:pause', { paused, message }));
	/** Resolves true when the server took the message, so the form can clear its field. */
	broadcast = async (text: string): Promise<boolean> => {
		let accepted = false;
		await this.#run(async () => {
			accepted = (await this.control.send('message:broadcast', { text })).ok;
		});
		return accepted;
	};
	clearBroadcast = () => this.#run(() => this.control.send('message:clear', {}));
	clearSignal = (table: number) =>
		this.#run(() => this.control.send('table:clear-signal', { table }));
	/** Shows `table` large on the projector, or no table (null). */
	setSpotlight = (table: number | null) =>
		this.#run(() => this.control.send('table:spotlight', { table }));

	/** Copies everyone's private notes to their tables' boards (control SPEC C15). */
	reveal = (options: { anonymise: boolean; shuffle: boolean }) =>
		this.#run(() => this.control.send('phase:reveal', options));

	/** Shows everybody the vote counts hidden so far (control SPEC C19). */
	showVoteCounts = () => this.#run(() => this.control.send('votes:show', {}));

	/** Recent edits on a table's board as the server counted them; null before the first report. */
	activityOf(table: number): { edits: number; minutesSinceEdit: number | null } | null {
		const counted = this.control.activity.find((entry) => entry.table === table);
		if (!counted) return null;
		const since =
			counted.lastEditAt === null
				? null
				: Math.max(0, Math.floor((this.#ticker.now - counted.lastEditAt) / MINUTE_MS));
		return { edits: counted.edits, minutesSinceEdit: since };
	}

	signalOf(table: number): TableSignalKind | null {
		return this.signals.find((raised) => raised.table === table)?.signal ?? null;
	}

	destroy(): void {
		this.#stopTicker();
		this.control.destroy();
	}

	#goTo(step: -1 | 1): Promise<void> {
		const state = this.state;
		if (!state) return Promise.resolve();
		return this.#run(() => this.control.send('phase:go', { index: state.phaseIndex + step }));
	}

	async #run(command: () => Promise<unknown>): Promise<void> {
		this.busy = true;
		this.control.lastError = null;
		try {
			await command();
		} finally {
			this.busy = false;
		}
	}
}
