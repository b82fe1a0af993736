import type { ActorType } from '#shared/model/actor.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import {
	isBoardLocked,
	isPrivateWriting,
	voteCountsHidden,
	type ParticipantRights,
	type PhaseKind
} from '#shared/model/workshop.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { invalidateAll } from '$app/navigation';
import { authorKeyFor } from '$lib/sync/author-key.ts';
import { BoardConnection } from '$lib/sync/board-connection.svelte.ts';
import { RefusalMemory, type RefusalKind } from '$lib/sync/refusal.ts';
import { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import { countdownOf, type CountdownView } from './countdown.ts';
import { Ticker } from './ticker.svelte.ts';

export interface TableSessionOptions {
	workshopId: WorkshopId;
	table: number;
	actorType: ActorType;
	/** Shown to the others at the table; '' for anonymous (each viewer translates that). */
	displayName: string;
	/**
	 * The participant's author key, issued by the server: it checks "own item" rights against it
	 * (server/sync/SPEC.md S9). Facilitators, whose edits are not checked, keep a browser key.
	 */
	authorKey?: string;
	/** Participants write on a private board while the phase is private; facilitators never. */
	role?: 'participant' | 'facilitator';
}

/**
 * The facilitator moved this participant (sync SPEC S11): load the page's data again, which names
 * the new table; the table view then opens a session there.
 */
const followSeat = () => void invalidateAll();

/** How long a private board closed with unsent edits waits for the server's answer (ms). */
const PRIVATE_CLOSE_WAIT_MS = 20_000;

/**
 * Everything live on one table page: the table's board, the workshop's state (phase, timer, locks)
 * and a clock for the countdown. Browser only; create it in an effect and destroy it on cleanup.
 */
export class TableSession {
	/** Replaced by a fresh connection when the server refuses an edit (see #reopenBoard). */
	board = $state.raw<BoardConnection>() as BoardConnection;
	/**
	 * The participant's own private board while the phase keeps new items private (sync SPEC S10),
	 * else null. Opened and closed by {@link followPrivateWriting}.
	 */
	privateBoard = $state.raw<BoardConnection | null>(null);
	/**
	 * Set after the board was reloaded because the server refused an edit (rights, or a board that
	 * had closed meanwhile); shown until dismissed, also after the page is rebuilt or reloaded.
	 */
	refusedEdit = $state<RefusalKind | null>(null);
	readonly #refusals: RefusalMemory;
	/** Private boards closed after the reveal that still wait for the server's answer. */
	#closingPrivate: BoardConnection[] = [];
	readonly #cleanups: (() => void)[] = [];
	readonly control: WorkshopControl;
	readonly #ticker = new Ticker();
	readonly #stopTicker: () => void;
	readonly #table: number;
	readonly #options: TableSessionOptions;
	#destroyed = false;

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

	/** True while a participant sees only their own dots (control C19); facilitators see all. */
	readonly voteCountsHidden = $derived.by(() => {
		const state = this.control.state;
		return this.#options.role !== 'facilitator' && state !== null && voteCountsHidden(state);
	});

	/** What the current phase lets participants do with the board's items. */
	readonly rights = $derived.by((): ParticipantRights => {
		const state = this.control.state;
		return state?.phases[state.phaseIndex]?.settings.participantRights ?? 'view_only';
	});

	/** True while the participant writes on their private board (never for facilitators). */
	readonly privateWriting = $derived.by(() => {
		const state = this.control.state;
		return this.#options.role !== 'facilitator' && state !== null && isPrivateWriting(state);
	});

	readonly countdown = $derived.by((): CountdownView | null => {
		const state = this.control.state;
		return state ? countdownOf(state.timer, this.#ticker.now) : null;
	});

	constructor(options: TableSessionOptions) {
		this.#table = options.table;
		this.#options = options;
		this.#refusals = new RefusalMemory(options.workshopId);
		this.refusedEdit = this.#refusals.read();
		this.board = this.#openBoard();
		this.control = new WorkshopControl(options.workshopId);
		this.#stopTicker = this.#ticker.start();
	}

	#openBoard(): BoardConnection {
		const { workshopId, table, actorType, displayName } = this.#options;
		return new BoardConnection({
			room: roomName({ kind: 'table', workshopId, table }),
			actorType,
			displayName,
			authorKey: this.#options.authorKey ?? authorKeyFor(workshopId),
			onEditRefused: (kind) => void this.#reopenBoard(kind),
			onSeatChanged: followSeat
		});
	}

	/**
	 * Opens the private board when private writing starts and closes it after the reveal; the
	 * component calls this from an effect on {@link privateWriting}.
	 */
	followPrivateWriting(on: boolean): void {
		if (this.#destroyed || on === (this.privateBoard !== null)) return;
		if (on) this.privateBoard = this.#openPrivateBoard();
		else {
			const closing = this.privateBoard;
			this.privateBoard = null;
			if (closing) this.#closePrivateBoard(closing);
		}
	}

	/**
	 * Private writing is over (revealed). What the server holds of this board went to the table;
	 * the local copy and its cache go. Edits the server may not hold yet (written offline, or in
	 * flight at the reveal) get their answer first: once stored they were revealed, while the
	 * private room, now read-only, refuses the rest (S6), and then the person is told. Without an
	 * answer in PRIVATE_CLOSE_WAIT_MS they count as refused: the room takes no writes any more.
	 */
	#closePrivateBoard(board: BoardConnection): void {
		if (!board.pending) {
			void board.discard();
			return;
		}
		this.#closingPrivate.push(board);
		const started = Date.now();
		const timer = setInterval(() => {
			if (!this.#closingPrivate.includes(board)) return clearInterval(timer);
			const waited = Date.now() - started >= PRIVATE_CLOSE_WAIT_MS;
			if (board.pending && !waited) return;
			clearInterval(timer);
			this.#stopWaiting(board);
			if (board.pending && !this.#destroyed) this.#tell('closed');
			void board.discard();
		}, 250);
		this.#cleanups.push(() => clearInterval(timer));
	}

	#stopWaiting(board: BoardConnection): void {
		this.#closingPrivate = this.#closingPrivate.filter((closing) => closing !== board);
	}

	#openPrivateBoard(): BoardConnection {
		const { workshopId, table, actorType, displayName } = this.#options;
		const authorKey = this.#options.authorKey ?? authorKeyFor(workshopId);
		const room = roomName({ kind: 'private', workshopId, table });
		const connection: BoardConnection = new BoardConnection({
			room,
			cacheKey: `${room}/${authorKey}`,
			actorType,
			displayName,
			authorKey,
			onEditRefused: (kind) => void this.#reopenPrivateBoard(connection, kind),
			onSeatChanged: followSeat
		});
		return connection;
	}

	/** Shows the refusal notice and keeps it for this tab until dismissed. */
	#tell(kind: RefusalKind): void {
		this.refusedEdit = kind;
		this.#refusals.write(kind);
	}

	dismissRefusal(): void {
		this.refusedEdit = null;
		this.#refusals.write(null);
	}

	async #reopenPrivateBoard(refused: BoardConnection, kind: RefusalKind): Promise<void> {
		this.#tell(kind);
		this.#stopWaiting(refused);
		await refused.discard();
		if (this.#destroyed || this.privateBoard !== refused) return;
		this.privateBoard = this.#openPrivateBoard();
	}

	/**
	 * The server dropped an edit (the phase does not allow it, SPEC S9, or the board had closed,
	 * S6), so the local document and its cache hold changes nobody else will see: throw both away
	 * and load the board afresh.
	 */
	async #reopenBoard(kind: RefusalKind): Promise<void> {
		const refused = this.board;
		this.#tell(kind);
		await refused.discard();
		if (this.#destroyed || this.board !== refused) return;
		this.board = this.#openBoard();
	}

	destroy(): void {
		this.#destroyed = true;
		this.#stopTicker();
		this.board.destroy();
		this.privateBoard?.destroy();
		for (const cleanup of this.#cleanups) cleanup();
		for (const board of this.#closingPrivate) board.destroy();
		this.control.destroy();
	}
}
