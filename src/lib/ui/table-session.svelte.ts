import type { ActorType } from '#shared/model/actor.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import { isBoardLocked, type PhaseKind } from '#shared/model/workshop.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { authorKeyFor } from '$lib/sync/author-key.ts';
import { BoardConnection } from '$lib/sync/board-connection.svelte.ts';
import { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import { countdownOf, type CountdownView } from './countdown.ts';
import { Ticker } from './ticker.svelte.ts';

export interface TableSessionOptions {
	workshopId: WorkshopId;
	table: number;
	actorType: ActorType;
	/** Shown to the others at the table; '' for anonymous (each viewer translates that). */
	displayName: string;
}

/**
 * Everything live on one table page: the table's board, the workshop's state (phase, timer, locks)
 * and a clock for the countdown. Browser only; create it in an effect and destroy it on cleanup.
 */
export class TableSession {
	readonly board: BoardConnection;
	readonly control: WorkshopControl;
	readonly #ticker = new Ticker();
	readonly #stopTicker: () => void;
	readonly #table: number;

	/** The phase everybody is in, once the workshop state has arrived. */
	readonly phase = $derived.by((): PhaseKind | null => {
		const state = this.control.state;
		return state?.phases[state.phaseIndex]?.kind ?? null;
	});

	readonly locked = $derived.by(() => {
		const state = this.control.state;
		return state !== null && isBoardLocked(state, this.#table);
	});

	/** Votes per person while the phase has dot voting on, else null. */
	readonly voteLimit = $derived.by((): number | null => {
		const state = this.control.state;
		const voting = state?.phases[state.phaseIndex]?.settings.voting;
		return voting?.enabled ? voting.dotsPerPerson : null;
	});

	readonly countdown = $derived.by((): CountdownView | null => {
		const state = this.control.state;
		return state ? countdownOf(state.timer, this.#ticker.now) : null;
	});

	constructor(options: TableSessionOptions) {
		this.#table = options.table;
		this.board = new BoardConnection({
			room: roomName({ kind: 'table', workshopId: options.workshopId, table: options.table }),
			actorType: options.actorType,
			displayName: options.displayName,
			authorKey: authorKeyFor(options.workshopId)
		});
		this.control = new WorkshopControl(options.workshopId);
		this.#stopTicker = this.#ticker.start();
	}

	destroy(): void {
		this.#stopTicker();
		this.board.destroy();
		this.control.destroy();
	}
}
