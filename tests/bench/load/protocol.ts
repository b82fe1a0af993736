import type { HistogramData } from '../histogram.ts';

/**
 * Messages between the benchmark's main thread and its load-generator workers. Each worker owns
 * whole rooms, so a stamp's send time and its receive times come from one thread's clock.
 */

/** How one simulated participant behaves. */
export const CLIENT_ROLES = {
	/** Counts frames and finds stamps in the bytes; never decodes or applies (cheap). */
	light: 'light',
	/** Applies every update to a Y.Doc and times when each edit is visible there. */
	observer: 'observer',
	/** The stock y-websocket WebsocketProvider, as the browser uses it; must converge too. */
	stock: 'stock'
} as const;
export type ClientRole = (typeof CLIENT_ROLES)[keyof typeof CLIENT_ROLES];

export interface RoomSpec {
	name: string;
	/** One entry per seat; the index is the seat number stamped into edits. */
	seats: { token: string; authorKey: string; role: ClientRole }[];
}

export interface WorkerConfig {
	workerIndex: number;
	/** ws:// base; the room name is appended after a slash. */
	syncUrl: string;
	/** Query string (with `?`) for each seat's token, '' for the reference server. */
	withToken: boolean;
	protocolVersion: number;
	rooms: RoomSpec[];
	editIntervalMs: number;
	/** Cursor awareness interval while a client is active (its client-side throttle). */
	awarenessIntervalMs: number;
	/**
	 * Share of the time a client is active, moving its cursor: each client repeats a cycle of
	 * ACTIVITY_CYCLE_MS with a random phase, active for this share of it. 1 = always moving.
	 */
	awarenessActiveShare: number;
	/** Connections a worker opens at once while ramping up. */
	connectConcurrency: number;
	connectTimeoutMs: number;
}

/** Length of one active-then-idle cycle of a client's cursor, ms (below y-protocols' 15 s renewal). */
export const ACTIVITY_CYCLE_MS = 12_000;

export type MainToWorker =
	| { type: 'connect' }
	| {
			type: 'run';
			/** Epoch ms (Date.now) when edits and awareness start, the window opens and closes. */
			startAt: number;
			windowStartAt: number;
			windowEndAt: number;
			/** Longest wait for the window's edits to arrive everywhere after the window. */
			drainMs: number;
			/** Also connect a fresh client per room and compare its state with everyone's edits. */
			checkServer: boolean;
	  }
	| { type: 'close' };

export interface ConnectReport {
	type: 'connected';
	/** Open → first sync step 2 from the server, ms, per client that made it. */
	connectMs: number[];
	failed: number;
	errors: Record<string, number>;
}

export interface RunReport {
	type: 'result';
	windowMs: number;
	editsSent: number;
	awarenessSent: number;
	/** Frames and bytes received by all clients of the worker during the window. */
	framesIn: number;
	bytesIn: number;
	updateFramesIn: number;
	awarenessFramesIn: number;
	/** (edit, other client) pairs expected for the window's edits, and how many arrived. */
	expectedDeliveries: number;
	deliveries: number;
	/** A stamp seen twice, or older than one already seen from that seat. */
	duplicates: number;
	/** Every (edit, other client) pair: light clients at frame arrival, others once applied. */
	propagation: HistogramData;
	/** Only observers and the stock provider: time until the edit is in their Y.Doc. */
	visible: HistogramData;
	/** Only the stock provider. */
	stock: HistogramData;
	awareness: HistogramData;
	/** The generator thread's CPU time in the window, ms, and its event-loop delay. */
	threadCpuMs: number;
	loopDelayP99Ms: number;
	loopDelayMaxMs: number;
	drainMs: number;
	convergence: {
		rooms: number;
		/** Observers (and the stock provider) missing someone's edits. */
		clientMismatches: number;
		/** Fresh clients whose first sync lacked someone's edits. */
		serverChecked: number;
		serverMismatches: number;
		/** The stock provider's document equals a light observer's, item by item. */
		stockMatchesObserver: boolean | null;
	};
	errors: Record<string, number>;
}

export type WorkerToMain = ConnectReport | RunReport | { type: 'closed' };
