import type { ActorType } from '#shared/model/actor.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { Phase, TableSignalKind } from '#shared/model/workshop.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import { BoardConnection } from '$lib/sync/board-connection.svelte.ts';
import { countdownOf, type CountdownView } from './countdown.ts';
import { Ticker } from './ticker.svelte.ts';

export interface ParticipantFlowOptions {
	workshopId: WorkshopId;
	table: number;
	actorType: ActorType;
	/** '' for anonymous. */
	displayName: string;
	/** The participant's author key, issued by the server (see TableSessionOptions). */
	authorKey: string;
}

const DISMISSED_KEY = 'rajapinta.dismissedBroadcast';

/**
 * What the facilitators' console does to a participant's screen: the phase's instructions, the
 * broadcast message, the pause overlay, the call to the plenary, and the table's own signal.
 * Self-contained next to the table view (its own control-plane connection), so the table page
 * only mounts it. Browser only; create it in an effect and destroy it on cleanup.
 */
export class ParticipantFlow {
	readonly control: WorkshopControl;
	/** The plenary document, open only while everybody is called to the plenary. */
	plenaryBoard = $state.raw<BoardConnection | null>(null);
	dismissedBroadcast = $state<string | null>(null);
	busy = $state(false);
	readonly #ticker = new Ticker();
	readonly #stopTicker: () => void;
	readonly #options: ParticipantFlowOptions;

	readonly phase = $derived.by((): Phase | null => {
		const state = this.control.state;
		return state?.phases[state.phaseIndex] ?? null;
	});
	readonly signal = $derived.by((): TableSignalKind | null => {
		const raised = this.control.state?.signals.find((s) => s.table === this.#options.table);
		return raised?.signal ?? null;
	});
	readonly broadcast = $derived.by(() => {
		const message = this.control.state?.broadcast ?? null;
		return message && message.id !== this.dismissedBroadcast ? message : null;
	});
	readonly pause = $derived.by(() => this.control.state?.pause ?? null);
	readonly plenary = $derived.by(() => this.control.state?.plenary ?? false);
	readonly countdown = $derived.by((): CountdownView | null => {
		const state = this.control.state;
		return state ? countdownOf(state.timer, this.#ticker.now) : null;
	});

	constructor(options: ParticipantFlowOptions) {
		this.#options = options;
		this.control = new WorkshopControl(options.workshopId);
		this.#stopTicker = this.#ticker.start();
		try {
			this.dismissedBroadcast = sessionStorage.getItem(DISMISSED_KEY);
		} catch {
			// Without session storage a dismissed message comes back after a reload; nothing worse.
		}
	}

	dismissBroadcast(): void {
		const id = this.control.state?.broadcast?.id ?? null;
		this.dismissedBroadcast = id;
		try {
			if (id) sessionStorage.setItem(DISMISSED_KEY, id);
		} catch {
			// See the constructor.
		}
	}

	/** Raises the table's signal, or lowers it with null. Resolves with the server's verdict. */
	async setSignal(signal: TableSignalKind | null): Promise<boolean> {
		this.busy = true;
		this.control.lastError = null;
		try {
			return (await this.control.send('table:signal', { signal })).ok;
		} finally {
			this.busy = false;
		}
	}

	/** Opens or closes the plenary document to follow `plenary`; call from an effect. */
	followPlenary(plenary: boolean): void {
		if (plenary && !this.plenaryBoard) {
			const { workshopId, actorType, displayName, authorKey } = this.#options;
			this.plenaryBoard = new BoardConnection({
				room: roomName({ kind: 'plenary', workshopId }),
				actorType,
				displayName,
				authorKey
			});
		} else if (!plenary && this.plenaryBoard) {
			this.plenaryBoard.destroy();
			this.plenaryBoard = null;
		}
	}

	destroy(): void {
		this.#stopTicker();
		this.plenaryBoard?.destroy();
		this.control.destroy();
	}
}
