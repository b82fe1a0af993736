import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { TX_ORIGIN } from '#shared/protocol/sync.ts';
import { Histogram } from '../histogram.ts';
import {
	AWARENESS_MARK,
	EDIT_MARK,
	EditMaker,
	encodeCursorAwareness,
	encodeUpdateFrame,
	scanStamps,
	stamp
} from './edits.ts';
import type { ClientRole } from './protocol.ts';

/** What every client of one worker records into; the window is in this thread's µs. */
export class WorkerStats {
	windowStartUs = Number.POSITIVE_INFINITY;
	windowEndUs = Number.POSITIVE_INFINITY;
	editsSent = 0;
	awarenessSent = 0;
	framesIn = 0;
	bytesIn = 0;
	updateFramesIn = 0;
	awarenessFramesIn = 0;
	deliveries = 0;
	duplicates = 0;
	readonly propagation = new Histogram();
	readonly visible = new Histogram();
	readonly stock = new Histogram();
	readonly awareness = new Histogram();
	readonly errors = new Map<string, number>();

	inWindow(us: number): boolean {
		return us >= this.windowStartUs && us < this.windowEndUs;
	}

	error(kind: string): void {
		this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
	}
}

/** One room as a worker sees it. */
export interface RoomState {
	name: string;
	clients: SimClient[];
}

export interface SimClient {
	readonly seat: number;
	readonly role: ClientRole;
	/** The Yjs client id its edits carry. */
	readonly clientId: number;
	/** The document a convergence check reads (the client's own edits at least). */
	readonly doc: Y.Doc;
	readonly synced: boolean;
	connect(): Promise<number>;
	edit(): void;
	sendAwareness(): void;
	close(): void;
}

export interface ClientOptions {
	url: string;
	seat: number;
	/** The author key the server expects on this seat's notes; '' for the reference server. */
	authorKey: string;
	room: RoomState;
	stats: WorkerStats;
	connectTimeoutMs: number;
}

const nowUs = () => performance.now() * 1000;

/**
 * A participant speaking the y-websocket protocol over a raw `ws` socket, as the stock provider
 * does: on open it sends sync step 1 and its awareness state, answers the server's step 1 with
 * step 2, sends each local update as a sync update message and answers awareness queries. A light
 * client never decodes what it receives; an observer applies it to its Y.Doc first.
 */
export class WireClient implements SimClient {
	readonly seat: number;
	readonly role: ClientRole;
	readonly doc = new Y.Doc();
	readonly #maker: EditMaker;
	readonly #options: ClientOptions;
	readonly #stats: WorkerStats;
	#ws: WebSocket | null = null;
	#pending: Uint8Array | null = null;
	#awarenessClock = 0;
	#closing = false;
	/** Last seq seen per seat, to catch duplicated or reordered relays. */
	readonly #lastSeq: Int32Array;
	synced = false;

	constructor(options: ClientOptions & { role: 'light' | 'observer'; roomSize: number }) {
		this.seat = options.seat;
		this.role = options.role;
		this.#options = options;
		this.#stats = options.stats;
		this.#maker = new EditMaker({
			doc: this.doc,
			seat: options.seat,
			authorKey: options.authorKey
		});
		this.#lastSeq = new Int32Array(options.roomSize).fill(-1);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === TX_ORIGIN.local) this.#pending = update;
		});
	}

	get clientId(): number {
		return this.doc.clientID;
	}

	connect(): Promise<number> {
		const started = performance.now();
		return new Promise((resolve, reject) => {
			const ws = new WebSocket(this.#options.url, { perMessageDeflate: false });
			this.#ws = ws;
			const timer = setTimeout(() => {
				reject(new Error('connect_timeout'));
				ws.terminate();
			}, this.#options.connectTimeoutMs);
			ws.on('open', () => {
				const encoder = encoding.createEncoder();
				encoding.writeVarUint(encoder, 0);
				syncProtocol.writeSyncStep1(encoder, this.doc);
				ws.send(encoding.toUint8Array(encoder));
				this.sendAwareness();
			});
			ws.on('message', (data: Buffer) => {
				const wasSynced = this.synced;
				this.#receive(data);
				if (!wasSynced && this.synced) {
					clearTimeout(timer);
					resolve(performance.now() - started);
				}
			});
			ws.on('error', (error: Error & { code?: string }) => {
				this.#stats.error(`ws_error_${error.code ?? error.message}`);
			});
			ws.on('unexpected-response', (_request, response) => {
				this.#stats.error(`http_${response.statusCode}`);
			});
			ws.on('close', (code: number) => {
				clearTimeout(timer);
				if (!this.synced) reject(new Error(`closed_${code}`));
				else if (!this.#closing) this.#stats.error(`closed_${code}`);
			});
		});
	}

	#receive(frame: Buffer): void {
		const stats = this.#stats;
		const arrivedUs = nowUs();
		if (stats.inWindow(arrivedUs)) {
			stats.framesIn++;
			stats.bytesIn += frame.length;
		}
		const type = frame[0];
		if (type === 0) {
			const step = frame[1];
			if (step === 0 || this.role === 'observer') {
				this.#applySync(frame);
			} else if (step === 1) {
				this.synced = true;
			}
			if (step !== 0) {
				if (stats.inWindow(arrivedUs)) stats.updateFramesIn++;
				const seenUs = this.role === 'observer' ? nowUs() : arrivedUs;
				scanStamps(frame, EDIT_MARK, 2, (seat, seq, sendUs) =>
					this.#delivered(seat, seq, sendUs, seenUs)
				);
			}
		} else if (type === 1) {
			if (stats.inWindow(arrivedUs)) stats.awarenessFramesIn++;
			scanStamps(frame, AWARENESS_MARK, 2, (seat, _seq, sendUs) => {
				if (seat !== this.seat && stats.inWindow(sendUs)) {
					stats.awareness.record(arrivedUs - sendUs);
				}
			});
		} else if (type === 2) {
			stats.error('permission_denied');
		} else if (type === 3) {
			this.sendAwareness();
		}
	}

	/** Full y-protocols handling: answer step 1, apply step 2 and updates (observers only). */
	#applySync(frame: Buffer): void {
		const decoder = decoding.createDecoder(
			new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)
		);
		decoding.readVarUint(decoder);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, TX_ORIGIN.remote);
		if (encoding.length(encoder) > 1) this.#ws?.send(encoding.toUint8Array(encoder));
		if (step === syncProtocol.messageYjsSyncStep2) this.synced = true;
		if (this.doc.store.pendingStructs !== null) this.#stats.error('observer_pending_structs');
	}

	#delivered(seat: number, seq: number, sendUs: number, seenUs: number): void {
		if (seat === this.seat) return;
		const stats = this.#stats;
		if (seq <= this.#lastSeq[seat]) {
			stats.duplicates++;
			return;
		}
		this.#lastSeq[seat] = seq;
		if (!stats.inWindow(sendUs)) return;
		stats.deliveries++;
		stats.propagation.record(seenUs - sendUs);
		if (this.role === 'observer') stats.visible.record(seenUs - sendUs);
	}

	edit(): void {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return;
		const sendUs = nowUs();
		this.#maker.edit(sendUs);
		const update = this.#pending;
		this.#pending = null;
		if (!update) return;
		ws.send(encodeUpdateFrame(update));
		if (this.#stats.inWindow(sendUs)) this.#stats.editsSent++;
	}

	sendAwareness(): void {
		const ws = this.#ws;
		if (!ws || ws.readyState !== WebSocket.OPEN) return;
		const sendUs = nowUs();
		const clock = this.#awarenessClock++;
		ws.send(
			encodeCursorAwareness({
				clientId: this.doc.clientID,
				clock,
				seat: this.seat,
				x: Math.round(Math.random() * 2000),
				y: Math.round(Math.random() * 1200),
				stamp: stamp(AWARENESS_MARK, this.seat, clock, sendUs)
			})
		);
		if (this.#stats.inWindow(sendUs)) this.#stats.awarenessSent++;
	}

	close(): void {
		this.#closing = true;
		this.#ws?.close();
	}
}

/**
 * The stock y-websocket WebsocketProvider with a Y.Doc and an Awareness, exactly as the browser
 * client uses it. One per run: it proves the light clients' protocol behaviour is what a real client
 * sees, by converging with them.
 */
export class StockClient implements SimClient {
	readonly seat: number;
	readonly role = 'stock' as const;
	readonly doc = new Y.Doc();
	readonly #maker: EditMaker;
	readonly #options: ClientOptions & {
		serverUrl: string;
		roomName: string;
		params: Record<string, string>;
	};
	#provider: WebsocketProvider | null = null;
	#closing = false;
	#awarenessClock = 0;
	readonly #lastSeq: Int32Array;

	constructor(
		options: ClientOptions & {
			serverUrl: string;
			roomName: string;
			params: Record<string, string>;
			roomSize: number;
		}
	) {
		this.seat = options.seat;
		this.#options = options;
		this.#maker = new EditMaker({
			doc: this.doc,
			seat: options.seat,
			authorKey: options.authorKey
		});
		this.#lastSeq = new Int32Array(options.roomSize).fill(-1);
	}

	get clientId(): number {
		return this.doc.clientID;
	}

	get synced(): boolean {
		return this.#provider?.synced ?? false;
	}

	connect(): Promise<number> {
		const started = performance.now();
		const stats = this.#options.stats;
		const provider = new WebsocketProvider(
			this.#options.serverUrl,
			this.#options.roomName,
			this.doc,
			{
				params: this.#options.params,
				disableBc: true,
				WebSocketPolyfill: WebSocket as never,
				maxBackoffTime: 1000
			}
		);
		this.#provider = provider;
		provider.awareness.setLocalStateField('user', {
			name: `Participant ${this.seat}`,
			colour: '#1f5fa8'
		});
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== provider) return;
			const seenUs = nowUs();
			const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
			scanStamps(bytes, EDIT_MARK, 0, (seat, seq, sendUs) => {
				if (seat === this.seat) return;
				if (seq <= this.#lastSeq[seat]) {
					stats.duplicates++;
					return;
				}
				this.#lastSeq[seat] = seq;
				if (!stats.inWindow(sendUs)) return;
				stats.deliveries++;
				stats.propagation.record(seenUs - sendUs);
				stats.visible.record(seenUs - sendUs);
				stats.stock.record(seenUs - sendUs);
			});
		});
		provider.on('connection-close', (event) => {
			if (!this.#closing) stats.error(`stock_closed_${event?.code ?? 'local'}`);
		});
		provider.on('connection-error', () => stats.error('stock_connection_error'));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				provider.off('sync', onSync);
				reject(new Error('connect_timeout'));
			}, this.#options.connectTimeoutMs);
			const onSync = (synced: boolean) => {
				if (!synced) return;
				clearTimeout(timer);
				provider.off('sync', onSync);
				resolve(performance.now() - started);
			};
			provider.on('sync', onSync);
		});
	}

	edit(): void {
		if (!this.#provider?.wsconnected) return;
		const sendUs = nowUs();
		// The provider sends the update from inside this transaction's update event.
		this.#maker.edit(sendUs);
		if (this.#options.stats.inWindow(sendUs)) this.#options.stats.editsSent++;
	}

	sendAwareness(): void {
		if (!this.#provider?.wsconnected) return;
		const sendUs = nowUs();
		const clock = this.#awarenessClock++;
		this.#provider.awareness.setLocalStateField('cursor', {
			x: Math.round(Math.random() * 2000),
			y: Math.round(Math.random() * 1200),
			t: stamp(AWARENESS_MARK, this.seat, clock, sendUs)
		});
		if (this.#options.stats.inWindow(sendUs)) this.#options.stats.awarenessSent++;
	}

	close(): void {
		this.#closing = true;
		this.#provider?.destroy();
	}
}
