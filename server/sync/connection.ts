import type { ItemRules } from './item-rights.ts';

/**
 * The little a room needs of a WebSocket, so rooms can be tested with an in-memory pair and do not
 * depend on the `ws` package (which satisfies this interface as it is).
 */
export interface SyncSocket {
	readonly readyState: number;
	/** Bytes queued but not yet handed to the network. */
	readonly bufferedAmount: number;
	send(data: Uint8Array): void;
	/**
	 * Optional: writes ready WebSocket frames (Outgoing.wire) to the network as they are, in one
	 * system call; what a room sends many connections uses it. Without it each message goes by send().
	 */
	write?(wire: Uint8Array): void;
	close(code?: number, reason?: string): void;
	/** Optional: hold writes until uncork() and hand them to the network in one system call. */
	cork?(): void;
	uncork?(): void;
}

/** WebSocket readyState OPEN, the same in `ws` and browsers. */
export const SOCKET_OPEN = 1;

/** What an authorised connection may do in its room. */
export interface SyncAccess {
	/** `read` connections receive everything and may share presence, but their updates are dropped. */
	mode: 'write' | 'read';
	/**
	 * Asked for every update a `write` connection sends; false (e.g. the board was locked) drops it and
	 * tells the client. Must be cheap: it runs on the hot path.
	 */
	mayWriteNow(): boolean;
	/** Identifies the principal in logs and for closing its connections (never a name). */
	principalKey: string;
	/**
	 * What the current phase lets this principal do with the board's items (SPEC S9); null or
	 * absent for no limit (facilitators). Asked for every update, so it must be cheap.
	 */
	itemRules?(): ItemRules | null;
	/**
	 * The stored document this connection opens, when it is not the room name the client asked for:
	 * a private room opens the connecting participant's own document (SPEC S10).
	 */
	documentName?: string;
}

/** One client in one room. */
export class Connection {
	readonly socket: SyncSocket;
	readonly access: SyncAccess;
	/** Awareness client ids this connection controls; removed from the room when it closes. */
	readonly awarenessIds = new Set<number>();
	/** Whether the client was told once that its update was refused (not repeated per update). */
	deniedNotified = false;
	/**
	 * Yjs client ids whose update was refused for rights (SPEC S9). Their later structs build on
	 * the refused ones, so they are dropped too until the client syncs again under a new id.
	 */
	readonly refusedClients = new Set<number>();

	constructor(socket: SyncSocket, access: SyncAccess) {
		this.socket = socket;
		this.access = access;
	}

	get isOpen(): boolean {
		return this.socket.readyState === SOCKET_OPEN;
	}
}
