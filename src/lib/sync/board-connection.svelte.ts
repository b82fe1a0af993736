import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { messageAuth, messageSync, WebsocketProvider } from 'y-websocket';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import type { ActorType } from '#shared/model/actor.ts';
import type { ItemId } from '#shared/model/ids.ts';
import {
	createBoardUndoManager,
	createNote,
	deleteItem,
	BoardReader,
	observeBoard,
	setItemText,
	type BoardView,
	type NoteView
} from '#shared/model/board.ts';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_PARAM } from '#shared/protocol/version.ts';
import { parseRoomName, SYNC_CLOSE, SYNC_PATH } from '#shared/protocol/sync.ts';
import { connectionStatus, type ConnectionStatus } from './connection-state.ts';
import { cacheName, forgetWorkshop, registerCache } from './local-cache.ts';
import { refusalKind, type RefusalKind } from './refusal.ts';
import { ServerAck } from './server-ack.ts';

export type { ConnectionStatus };

/** Someone else at the board, from Yjs awareness. Never more than what they chose to show. */
export interface Peer {
	clientId: number;
	name: string;
	colour: string;
}

/** Presence colours with AA contrast against white text. */
const PEER_COLOURS = ['#1f5fa8', '#8a3b12', '#176b3a', '#7a2a7e', '#8c1c3b', '#4a5a0f'];

/** Unsent-change counts are written to the cache at most this often (they are only a hint). */
const PERSIST_INTERVAL_MS = 1000;
/** Wait after the last local edit before asking the server what it holds; edits come in bursts. */
const PROBE_DELAY_MS = 400;
/** Longest wait between probes while edits stay unacknowledged (e.g. a locked board, SPEC S6). */
const MAX_PROBE_DELAY_MS = 10_000;
/** Key in the cache's custom store: unsent changes, so a reload while offline still shows them. */
const UNSENT_KEY = 'unsentChanges';

export interface BoardConnectionOptions {
	room: string;
	actorType: ActorType;
	displayName: string;
	/** This browser's random key for the workshop: authorship and votes, never a name. */
	authorKey: string;
	/**
	 * Called when the server dropped an edit: one the phase does not allow (SPEC S9), or one that
	 * arrived while the board took no edits (locked or read-only, S6; typically made offline). The
	 * document now holds changes the server will never take: discard this connection and open a
	 * fresh one, and tell the person.
	 */
	onEditRefused?: (kind: RefusalKind, reason: string) => void;
	/** Called when the facilitator moved this participant to another table (SPEC S11). */
	onSeatChanged?: () => void;
	/**
	 * Names the local cache when the room name is not enough: a private room (sync SPEC S10) is
	 * the same name for everyone at a table, so on a shared device each person's needs its own.
	 */
	cacheKey?: string;
}

/**
 * One board document shared with the table: a Y.Doc synced through the y-websocket endpoint (the
 * participant cookie authenticates the upgrade), cached in IndexedDB so the board opens and takes
 * edits without a network, and awareness for presence. Reactive fields are `$state.raw`
 * snapshots rebuilt when the document changes.
 */
export class BoardConnection {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	/** Null where the browser offers no IndexedDB (some private modes); the board still syncs. */
	readonly cache: IndexeddbPersistence | null;
	/** Undo and redo of this browser's own edits only. */
	readonly undoManager: Y.UndoManager;
	readonly authorKey: string;
	readonly actorType: ActorType;
	/** This browser's presence colour, as others see it. */
	readonly colour: string;
	readonly #reader = new BoardReader(this.doc);
	/** Rebuilt per transaction from the items it touched; unchanged items keep their views. */
	board = $state.raw<BoardView>(this.#reader.view);
	readonly notes = $derived(
		this.board.items.filter((item): item is NoteView => item.type === 'note')
	);
	peers = $state.raw<Peer[]>([]);
	status = $state<ConnectionStatus>('connecting');
	/** True once the first sync with the server finished. */
	synced = $state(false);
	/** True once the board is shown from the cache or the server, whichever came first. */
	loaded = $state(false);
	/** True while the server is not known to hold every local edit. */
	pending = $state(false);
	/** Local edits since the server last held everything; 0 with `pending` when not known. */
	unsentChanges = $state(0);
	canUndo = $state(false);
	canRedo = $state(false);
	/** Set when the server refused the connection (close code 44xx). */
	refusal = $state<string | null>(null);

	readonly #ack: ServerAck;
	readonly #onSeatChanged: (() => void) | undefined;
	/** The workshop whose caches go when the server no longer takes this credential (4401). */
	readonly #workshopId: string | null;
	#everConnected = false;
	#probeTimer: ReturnType<typeof setTimeout> | null = null;
	#probeDelay = PROBE_DELAY_MS;
	#persistTimer: ReturnType<typeof setTimeout> | null = null;
	#cleanups: (() => void)[] = [];

	constructor(options: BoardConnectionOptions) {
		this.actorType = options.actorType;
		this.#onSeatChanged = options.onSeatChanged;
		this.authorKey = options.authorKey;
		this.#ack = new ServerAck(this.doc);
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		this.provider = new WebsocketProvider(
			`${scheme}://${location.host}${SYNC_PATH}`,
			options.room,
			this.doc,
			{ params: { [PROTOCOL_VERSION_PARAM]: String(PROTOCOL_VERSION) }, disableBc: true }
		);
		this.cache = openCache(options.cacheKey ?? options.room, this.doc);
		this.#workshopId = parseRoomName(options.room)?.workshopId ?? null;
		if (this.cache && this.#workshopId) {
			const cache = this.cache;
			this.#cleanups.push(registerCache(this.#workshopId, () => void cache.destroy()));
		}
		this.undoManager = createBoardUndoManager(this.doc);
		this.colour = PEER_COLOURS[this.doc.clientID % PEER_COLOURS.length];
		this.provider.awareness.setLocalStateField('user', {
			name: options.displayName,
			colour: this.colour
		});

		this.#watchDocument();
		this.#watchServerSync();
		this.#watchDenials(options.onEditRefused);
		this.#watchStatus();
		void this.#restoreFromCache();
	}

	addNote(text = ''): ItemId {
		const offset = (this.notes.length % 10) * 24;
		return createNote(this.doc, {
			actorType: this.actorType,
			authorKey: this.authorKey,
			text,
			x: offset,
			y: offset
		});
	}

	editNote(id: ItemId, text: string): void {
		setItemText(this.doc, id, text);
	}

	deleteNote(id: ItemId): void {
		deleteItem(this.doc, id);
	}

	/** Closes the connection and deletes the local cache, refused edits included. */
	async discard(): Promise<void> {
		const cache = this.cache;
		this.destroy();
		await cache?.clearData().catch(() => {});
	}

	destroy(): void {
		this.#clearProbe();
		if (this.#persistTimer !== null) clearTimeout(this.#persistTimer);
		for (const cleanup of this.#cleanups) cleanup();
		this.undoManager.destroy();
		this.provider.destroy();
		void this.cache?.destroy();
		this.doc.destroy();
	}

	#watchDocument(): void {
		this.#cleanups.push(
			observeBoard(this.doc, (change) => (this.board = this.#reader.apply(change)))
		);
		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === this.provider || origin === this.cache) return;
			this.unsentChanges += 1;
			this.pending = true;
			this.#persistUnsent();
			this.#scheduleProbe(PROBE_DELAY_MS);
		};
		this.doc.on('update', onUpdate);
		this.#cleanups.push(() => this.doc.off('update', onUpdate));
		const onStack = () => {
			this.canUndo = this.undoManager.canUndo();
			this.canRedo = this.undoManager.canRedo();
		};
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
			this.undoManager.on(event, onStack);
		}
		this.provider.awareness.on('change', () => (this.peers = this.#readPeers()));
	}

	/**
	 * Reads what the server sends before the provider applies it: its step 1 says what it holds,
	 * its step 2 and updates are stored data (SPEC S1, S3). See server-ack.ts.
	 */
	#watchServerSync(): void {
		const handle = this.provider.messageHandlers[messageSync];
		this.provider.messageHandlers[messageSync] = (encoder, decoder, provider, emit, type) => {
			const peek = decoding.clone(decoder);
			const kind = decoding.readVarUint(peek);
			const payload = decoding.readVarUint8Array(peek);
			handle(encoder, decoder, provider, emit, type);
			if (kind === messageYjsSyncStep1) {
				this.#ack.serverStateVector(payload);
				// The provider answers with what the server lacks; ask afterwards whether it arrived.
				this.#scheduleProbe(PROBE_DELAY_MS);
			} else if (kind === messageYjsSyncStep2 || kind === messageYjsUpdate) {
				this.#ack.serverUpdate(payload);
				if (kind === messageYjsSyncStep2) this.#settle();
			}
		};
	}

	#watchDenials(onEditRefused: BoardConnectionOptions['onEditRefused']): void {
		let told = false;
		this.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
			// y-protocols' auth message: a sub-type (0 = permission denied), then the reason.
			if (decoding.readVarUint(decoder) !== 0) return;
			const reason = decoding.readVarString(decoder);
			const kind = refusalKind(reason);
			// Once per connection: it is discarded, and what follows builds on the refused edit.
			if (kind === null || told) return;
			// A closed board also answers a step 2 that brings nothing new (Yjs sends its whole delete
			// set): only a local edit the server does not hold is lost. Its step 2 and step 1 came
			// before this answer, so the acknowledgement knows what it holds.
			if (kind === 'closed' && !this.#ack.pending()) return;
			told = true;
			onEditRefused?.(kind, reason);
		};
	}

	#watchStatus(): void {
		this.provider.on('status', ({ status }) => {
			if (status === 'connected') this.#everConnected = true;
			else this.#clearProbe();
			this.#updateStatus();
		});
		this.provider.on('sync', (isSynced: boolean) => {
			this.synced = isSynced;
			if (isSynced) this.loaded = true;
		});
		this.provider.on('connection-close', (event) => {
			// 44xx means the server refused us; retrying with the same credential cannot help.
			if (event && event.code >= 4400 && event.code < 4500) {
				this.refusal = event.reason || String(event.code);
				this.provider.disconnect();
				if (event.code === SYNC_CLOSE.seatChanged.code) this.#onSeatChanged?.();
				// The session ended or the person's data was erased: a shared laptop keeps nothing.
				if (event.code === SYNC_CLOSE.unauthorised.code && this.#workshopId) {
					void forgetWorkshop(this.#workshopId);
				}
			}
			this.#updateStatus();
		});
		// The browser knows before the socket does (a socket can hang for its 30 s timeout).
		const offline = () => {
			this.provider.disconnect();
			this.#updateStatus();
		};
		const online = () => {
			if (!this.refusal) this.provider.connect();
			this.#updateStatus();
		};
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		this.#cleanups.push(() => {
			window.removeEventListener('offline', offline);
			window.removeEventListener('online', online);
		});
	}

	#updateStatus(): void {
		this.status = connectionStatus({
			refused: this.refusal !== null,
			connected: this.provider.wsconnected,
			everConnected: this.#everConnected,
			browserOnline: navigator.onLine,
			failures: this.provider.wsUnsuccessfulReconnects
		});
	}

	async #restoreFromCache(): Promise<void> {
		if (!this.cache) return;
		try {
			await this.cache.whenSynced;
			this.loaded = true;
			const stored = Number(await this.cache.get(UNSENT_KEY));
			if (Number.isInteger(stored) && stored > 0 && !this.synced) {
				this.unsentChanges = Math.max(this.unsentChanges, stored);
				this.pending = true;
			}
			this.#scheduleProbe(PROBE_DELAY_MS);
		} catch {
			// A cache that fails to open only costs offline support; the server still has the board.
		}
	}

	#persistUnsent(): void {
		if (!this.cache || this.#persistTimer !== null) return;
		this.#persistTimer = setTimeout(() => {
			this.#persistTimer = null;
			this.cache?.set(UNSENT_KEY, this.unsentChanges).catch(() => {});
		}, PERSIST_INTERVAL_MS);
	}

	#scheduleProbe(delay: number): void {
		if (!this.provider.wsconnected) return;
		this.#clearProbe();
		this.#probeTimer = setTimeout(() => this.#probe(), delay);
	}

	#clearProbe(): void {
		if (this.#probeTimer !== null) clearTimeout(this.#probeTimer);
		this.#probeTimer = null;
	}

	/** A sync step 1 with the server's last known state vector; its step 2 answer is the ack. */
	#probe(): void {
		this.#probeTimer = null;
		const ws = this.provider.ws;
		if (!this.provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, messageSync);
		encoding.writeVarUint(encoder, messageYjsSyncStep1);
		encoding.writeVarUint8Array(encoder, this.#ack.probe());
		ws.send(encoding.toUint8Array(encoder));
	}

	#settle(): void {
		if (this.#ack.pending()) {
			this.pending = true;
			this.#scheduleProbe(this.#probeDelay);
			this.#probeDelay = Math.min(this.#probeDelay * 2, MAX_PROBE_DELAY_MS);
			return;
		}
		this.#probeDelay = PROBE_DELAY_MS;
		if (this.pending || this.unsentChanges > 0) {
			this.pending = false;
			this.unsentChanges = 0;
			this.#persistUnsent();
		}
	}

	#readPeers(): Peer[] {
		const peers: Peer[] = [];
		for (const [clientId, state] of this.provider.awareness.getStates()) {
			const user = (state as { user?: { name?: unknown; colour?: unknown } }).user;
			if (clientId === this.doc.clientID || !user) continue;
			peers.push({
				clientId,
				name: typeof user.name === 'string' ? user.name.slice(0, 60) : '',
				colour: typeof user.colour === 'string' ? user.colour : PEER_COLOURS[0]
			});
		}
		return peers;
	}
}

function openCache(room: string, doc: Y.Doc): IndexeddbPersistence | null {
	if (typeof indexedDB === 'undefined') return null;
	try {
		return new IndexeddbPersistence(cacheName(room), doc);
	} catch {
		return null;
	}
}
