import type { WorkshopId } from '#shared/model/ids.ts';
import type { Phase, WorkshopState } from '#shared/model/workshop.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import { BoardWatch } from '$lib/sync/board-watch.svelte.ts';
import { TableBoards } from './board-watches.svelte.ts';
import { countdownOf, type CountdownView } from './countdown.ts';
import { Ticker } from './ticker.svelte.ts';

/**
 * The plenary screen: follows the workshop's state (phase, countdown, broadcast, spotlight) and
 * every table's board, and sends nothing. Browser only.
 */
export class ProjectorSession {
	readonly control: WorkshopControl;
	readonly boards: TableBoards;
	/** The plenary document: harvested items and the facilitators' plenary notes. */
	readonly plenary: BoardWatch;
	readonly #ticker = new Ticker();
	readonly #stopTicker: () => void;

	readonly state = $derived.by((): WorkshopState | null => this.control.state);
	readonly phase = $derived.by(
		(): Phase | null => this.state?.phases[this.state.phaseIndex] ?? null
	);
	readonly countdown = $derived.by((): CountdownView | null =>
		this.state ? countdownOf(this.state.timer, this.#ticker.now) : null
	);
	/** The spotlighted table, when it is one of this workshop's. */
	readonly spotlight = $derived.by((): number | null => {
		const table = this.state?.spotlight ?? null;
		return table !== null && table <= (this.state?.tableCount ?? 0) ? table : null;
	});

	constructor(workshopId: WorkshopId, tableCount: number) {
		this.control = new WorkshopControl(workshopId);
		this.boards = new TableBoards(workshopId, tableCount);
		this.plenary = new BoardWatch(roomName({ kind: 'plenary', workshopId }));
		this.#stopTicker = this.#ticker.start();
	}

	destroy(): void {
		this.#stopTicker();
		this.boards.destroy();
		this.plenary.destroy();
		this.control.destroy();
	}
}
