import { io, type Socket } from 'socket.io-client';
import {
	CONTROL_PATH,
	type ClientToServerEvents,
	type ControlEvent,
	type ControlPayload,
	type ParticipantJoinedEvent,
	type ServerToClientEvents,
	type TablesActivityEvent
} from '#shared/protocol/control.ts';
import type { Result } from '#shared/protocol/errors.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import { toLocalClock } from '#shared/model/workshop-ops.ts';

/**
 * The browser's end of the control plane for one workshop: follows its live state and, for
 * facilitators, sends commands. The server decides who may do what; this class only reports.
 * `state` holds its times on this browser's clock (see toLocalClock), so a countdown subtracts
 * `Date.now()` even when the device's clock is off.
 */
export class WorkshopControl {
	state = $state.raw<WorkshopState | null>(null);
	/** Participants who joined since this page opened (facilitators only), oldest first. */
	joined = $state.raw<ParticipantJoinedEvent[]>([]);
	/** Recent edits per table (facilitators only), with lastEditAt on this browser's clock. */
	activity = $state.raw<TablesActivityEvent['tables']>([]);
	connected = $state(false);
	/** Error code of the last refused command or connection, for the UI to translate. */
	lastError = $state<string | null>(null);
	readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	readonly #workshopId: string;

	constructor(workshopId: string) {
		this.#workshopId = workshopId;
		this.#socket = io({
			path: CONTROL_PATH,
			auth: { v: PROTOCOL_VERSION },
			transports: ['websocket']
		});
		this.#socket.on('connect', () => {
			this.connected = true;
			void this.send('workshop:subscribe', {});
		});
		this.#socket.on('disconnect', () => (this.connected = false));
		this.#socket.on('connect_error', (error) => (this.lastError = error.message));
		this.#socket.on('workshop:state', (state) => this.#accept(state));
		this.#socket.on('participant:joined', (joined) => (this.joined = [...this.joined, joined]));
		this.#socket.on('tables:activity', ({ tables, serverNow }) => {
			const skew = Date.now() - serverNow;
			this.activity = tables.map((table) => ({
				...table,
				lastEditAt: table.lastEditAt === null ? null : table.lastEditAt + skew
			}));
		});
	}

	/** Sends a command for this workshop and resolves with the server's verdict. */
	async send<E extends ControlEvent>(
		event: E,
		payload: Omit<ControlPayload<E>, 'workshopId'>
	): Promise<Result<WorkshopState>> {
		const full = { ...payload, workshopId: this.#workshopId } as ControlPayload<E>;
		// socket.io's types cannot pick the ack type for a generic event name; the map fixes it anyway.
		const withTimeout = this.#socket.timeout(10_000) as unknown as {
			emitWithAck(event: string, payload: unknown): Promise<Result<WorkshopState>>;
		};
		try {
			const result = await withTimeout.emitWithAck(event, full);
			if (result.ok) this.#accept(result.data);
			else this.lastError = result.error;
			return result;
		} catch {
			this.lastError = 'timeout';
			return { ok: false, error: 'internal' };
		}
	}

	destroy(): void {
		this.#socket.disconnect();
	}

	#accept(state: WorkshopState): void {
		if (!this.state || state.revision >= this.state.revision) {
			this.state = toLocalClock(state, Date.now());
		}
	}
}
