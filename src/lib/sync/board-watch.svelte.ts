import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { observeBoard, readBoard, type BoardView } from '#shared/model/board.ts';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_PARAM } from '#shared/protocol/version.ts';
import { SYNC_PATH } from '#shared/protocol/sync.ts';

/**
 * A busy table changes its board several times a second; a thumbnail or the projector needs at
 * most this rate, in ms. The first change after a quiet spell shows at once.
 */
export const WATCH_THROTTLE_MS = 1000;

/**
 * Follows one board without taking part: no cache, no undo, no presence (the table does not see
 * the console or the projector as a peer), and a snapshot of the board rebuilt at most once per
 * WATCH_THROTTLE_MS. Yjs sends only the changes, so watching costs the server a relay per edit.
 * Browser only; the session cookie authenticates the upgrade.
 */
export class BoardWatch {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	board = $state.raw<BoardView>(readBoard(this.doc));
	/** True once the first sync with the server finished. */
	synced = $state(false);
	/** Set when the server refused the connection (close code 44xx). */
	refusal = $state<string | null>(null);

	#timer: ReturnType<typeof setTimeout> | null = null;
	#lastReadAt = Number.NEGATIVE_INFINITY;
	readonly #stopObserving: () => void;

	constructor(room: string) {
		const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
		this.provider = new WebsocketProvider(
			`${scheme}://${location.host}${SYNC_PATH}`,
			room,
			this.doc,
			{
				params: { [PROTOCOL_VERSION_PARAM]: String(PROTOCOL_VERSION) },
				disableBc: true
			}
		);
		// Awareness starts with an empty state; withdrawing it keeps watchers out of the table's peers.
		this.provider.awareness.setLocalState(null);
		this.#stopObserving = observeBoard(this.doc, () => this.#schedule());
		this.provider.on('sync', (isSynced: boolean) => {
			this.synced = isSynced;
			if (isSynced) this.#read();
		});
		this.provider.on('connection-close', (event) => {
			if (event && event.code >= 4400 && event.code < 4500) {
				this.refusal = event.reason || String(event.code);
				this.provider.disconnect();
			}
		});
	}

	destroy(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#stopObserving();
		this.provider.destroy();
		this.doc.destroy();
	}

	#schedule(): void {
		if (this.#timer !== null) return;
		const wait = this.#lastReadAt + WATCH_THROTTLE_MS - performance.now();
		if (wait <= 0) return this.#read();
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.#read();
		}, wait);
	}

	#read(): void {
		this.#lastReadAt = performance.now();
		this.board = readBoard(this.doc);
	}
}
