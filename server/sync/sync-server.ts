import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_PARAM } from '#shared/protocol/version.ts';
import {
	MAX_SYNC_FRAME_BYTES,
	SYNC_CLOSE,
	SYNC_PATH,
	TX_ORIGIN,
	parseRoomName,
	type RoomRef
} from '#shared/protocol/sync.ts';
import type { DocumentStore } from '#server/storage/storage.ts';
import { Connection, type SyncAccess, type SyncSocket } from './connection.ts';
import { GroupCommit, COMPACT_AFTER_ROWS } from './group-commit.ts';
import { loadFollowed } from './peer-rooms.ts';
import type { SyncPeers } from './peers.ts';
import { wsBinaryFrame } from './outgoing.ts';
import { FrameError, Room } from './room.ts';

/** Denials map to close codes in SYNC_CLOSE; the socket closes before any document data is sent. */
export type SyncDenial = 'unauthorised' | 'forbidden' | 'not_found';

/** Decides, from the upgrade request (cookies, query token), what a client may do in a room. */
export type AuthorizeSync = (
	request: IncomingMessage,
	url: URL,
	room: RoomRef
) => Promise<SyncAccess | SyncDenial>;

export interface SyncServerOptions {
	documents: DocumentStore;
	authorize: AuthorizeSync;
	log?: (message: string) => void;
	/** How long an empty room stays in memory for reconnecting clients, in ms. */
	idleUnloadMs?: number;
	/** How long authentication and loading may take before the socket closes (4408), in ms. */
	handshakeTimeoutMs?: number;
	/** Told after each commit how many updates of a room were stored; must not throw. */
	onStored?: (room: string, updates: number) => void;
	/** Other nodes serving the same documents (SPEC S12); absent when this node is alone. */
	peers?: SyncPeers;
}

/**
 * A room nobody has edited for this long drops its Y.Doc and keeps the document as one encoded
 * update (see Room.hibernate), in ms. Long enough that a table pausing to talk does not pay for
 * rebuilding its document (≈ 25 ms for 2,000 notes) at every next edit.
 */
export const HIBERNATE_AFTER_MS = 30_000;
/** How often rooms are checked for hibernation, in ms. */
const HIBERNATE_SWEEP_MS = 5_000;

/** Frames a client may send before its room is ready; more is a protocol abuse. */
const MAX_EARLY_FRAMES = 64;

export interface SyncServer {
	/** Handles an HTTP upgrade; returns false when the path is not the sync endpoint. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Closes every connection whose room and principal match, e.g. after a table change. */
	disconnect(
		match: (room: string, access: SyncAccess) => boolean,
		close: keyof typeof SYNC_CLOSE
	): void;
	/** Stores everything pending. */
	flush(): Promise<void>;
	/**
	 * Changes documents on the server's own behalf (SPEC S10). Stores what is pending first, then
	 * runs `change` on copies of the documents, all at once: it sees exactly what is stored and must
	 * not await. What it changed is stored in one transaction, then applied and relayed like a
	 * client's edit (S3). Resolves once stored; rejects when storing failed.
	 */
	changeDocuments(names: readonly string[], change: (docs: Y.Doc[]) => void): Promise<void>;
	/** Number of rooms in memory, for health and benchmarks. */
	readonly roomCount: number;
	/** Stops accepting, stores what is pending, closes every connection. */
	close(): Promise<void>;
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
	const log = options.log ?? ((message: string) => console.error(message));
	const idleUnloadMs = options.idleUnloadMs ?? 30_000;
	const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
	const peers = options.peers ?? null;
	const commit = new GroupCommit({
		documents: options.documents,
		log,
		onStored: options.onStored,
		// Published only once stored (S3 holds across nodes): a peer never shows what a crash could lose.
		publish: peers
			? (room, updates) =>
					peers.publishUpdate(
						room,
						updates.length === 1 ? updates[0] : Y.mergeUpdates([...updates])
					)
			: undefined
	});
	// No permessage-deflate (ws's default, stated here because syncSocket relies on it): frames are
	// written to the TCP socket ready-made, and Yjs updates are small or already dense.
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_SYNC_FRAME_BYTES,
		perMessageDeflate: false
	});
	const rooms = new Map<string, Promise<Room>>();
	const unloadTimers = new Map<string, NodeJS.Timeout>();
	/** Rooms whose load finished, for the hibernation sweep. */
	const loaded = new Set<Room>();
	let closing = false;

	const sweep = setInterval(() => {
		const idleSince = performance.now() - HIBERNATE_AFTER_MS;
		for (const room of loaded) {
			if (room.materialised && room.changedAt < idleSince && !commit.hasPending(room)) {
				room.hibernate();
			}
		}
	}, HIBERNATE_SWEEP_MS);
	sweep.unref();

	function getRoom(name: string): Promise<Room> {
		const timer = unloadTimers.get(name);
		if (timer) {
			clearTimeout(timer);
			unloadTimers.delete(name);
		}
		let room = rooms.get(name);
		if (!room) {
			room = peers
				? loadFollowed({
						name,
						peers,
						load: loadRoom,
						read: (document) => options.documents.load(document),
						isLoaded: (room) => loaded.has(room),
						log
					})
				: loadRoom(name);
			// A failed load must not stay cached: the next client retries.
			room.catch(() => rooms.delete(name));
			rooms.set(name, room);
		}
		return room;
	}

	async function loadRoom(name: string): Promise<Room> {
		const updates = await options.documents.load(name);
		const room = new Room(name, commit);
		room.loadStored(updates, log);
		if (room.logRows >= COMPACT_AFTER_ROWS) commit.compactSoon(room);
		loaded.add(room);
		return room;
	}

	function scheduleUnload(room: Room): void {
		if (room.connections.size > 0 || unloadTimers.has(room.name)) return;
		const timer = setTimeout(() => {
			unloadTimers.delete(room.name);
			if (room.connections.size > 0 || commit.hasPending(room) || room.compacting) {
				scheduleUnload(room);
				return;
			}
			rooms.delete(room.name);
			loaded.delete(room);
			peers?.unfollow(room.name);
			room.destroy();
		}, idleUnloadMs);
		timer.unref();
		unloadTimers.set(room.name, timer);
	}

	async function accept(
		ws: WebSocket,
		raw: Duplex,
		request: IncomingMessage,
		url: URL
	): Promise<void> {
		const early: Uint8Array[] = [];
		let connection: Connection | null = null;
		let room: Room | null = null;
		const closeWith = (close: { code: number; reason: string }) =>
			ws.close(close.code, close.reason);

		ws.on('message', (data, isBinary) => {
			if (!isBinary) return closeWith(SYNC_CLOSE.badFrame);
			const frame = toUint8Array(data);
			if (!room || !connection) {
				if (early.length >= MAX_EARLY_FRAMES) return closeWith(SYNC_CLOSE.badFrame);
				early.push(frame);
				return;
			}
			receive(room, connection, frame);
		});
		ws.on('error', (error) => log(`[sync] socket error: ${error.message}`));
		ws.on('close', () => {
			if (room && connection) {
				room.leave(connection);
				scheduleUnload(room);
			}
		});

		if (url.searchParams.get(PROTOCOL_VERSION_PARAM) !== String(PROTOCOL_VERSION)) {
			return closeWith(SYNC_CLOSE.versionMismatch);
		}
		const ref = parseRoomName(url.pathname.slice(SYNC_PATH.length + 1));
		if (!ref) return closeWith(SYNC_CLOSE.notFound);

		const timeout = setTimeout(() => closeWith(SYNC_CLOSE.timeout), handshakeTimeoutMs);
		try {
			const access = await options.authorize(request, url, ref);
			if (typeof access === 'string') return closeWith(SYNC_CLOSE[denialClose[access]]);
			const ready = await getRoom(access.documentName ?? url.pathname.slice(SYNC_PATH.length + 1));
			if (ws.readyState !== ws.OPEN || closing) return;
			connection = new Connection(syncSocket(ws, raw), access);
			room = ready;
			room.join(connection);
			for (const frame of early.splice(0)) receive(room, connection, frame);
		} catch (error) {
			log(`[sync] accepting a connection failed: ${error}`);
			ws.close(1011, 'internal');
		} finally {
			clearTimeout(timeout);
		}
	}

	function receive(room: Room, connection: Connection, frame: Uint8Array): void {
		try {
			room.receive(connection, frame);
		} catch (error) {
			if (!(error instanceof FrameError)) log(`[sync] ${room.name}: ${error}`);
			connection.socket.close(SYNC_CLOSE.badFrame.code, SYNC_CLOSE.badFrame.reason);
		}
	}

	return {
		handleUpgrade(request, socket, head) {
			const url = new URL(request.url ?? '/', 'http://localhost');
			if (url.pathname !== SYNC_PATH && !url.pathname.startsWith(`${SYNC_PATH}/`)) return false;
			if (closing) {
				socket.destroy();
				return true;
			}
			wss.handleUpgrade(request, socket, head, (ws) => {
				accept(ws, socket, request, url).catch((error: unknown) => {
					log(`[sync] ${error}`);
					ws.close(1011, 'internal');
				});
			});
			return true;
		},

		disconnect(match, close) {
			const { code, reason } = SYNC_CLOSE[close];
			for (const pending of rooms.values()) {
				void pending.then(
					(room) => {
						for (const connection of room.connections) {
							if (match(room.name, connection.access)) connection.socket.close(code, reason);
						}
					},
					() => undefined
				);
			}
		},

		flush: () => commit.flush(),

		async changeDocuments(names, change) {
			const loading = await Promise.allSettled(names.map((name) => getRoom(name)));
			const held = loading.flatMap((result) =>
				result.status === 'fulfilled' ? [result.value] : []
			);
			try {
				const failed = loading.find((result) => result.status === 'rejected');
				if (failed) throw failed.reason;
				await commit.flush();
				const copies = held.map((room) => {
					const copy = new Y.Doc();
					Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc), TX_ORIGIN.server);
					return copy;
				});
				const updates = copies.map((copy) => {
					const collected: Uint8Array[] = [];
					copy.on('update', (update: Uint8Array) => collected.push(update));
					return collected;
				});
				try {
					change(copies);
				} finally {
					for (const copy of copies) copy.destroy();
				}
				await commit.storeAll(
					held.flatMap((room, i) =>
						updates[i].length > 0 ? [{ room, update: Y.mergeUpdates(updates[i]) }] : []
					)
				);
			} finally {
				for (const room of held) scheduleUnload(room);
			}
		},

		get roomCount() {
			return rooms.size;
		},

		async close() {
			closing = true;
			await commit.flush();
			const { code, reason } = SYNC_CLOSE.shuttingDown;
			for (const ws of wss.clients) ws.close(code, reason);
			for (const timer of unloadTimers.values()) clearTimeout(timer);
			unloadTimers.clear();
			clearInterval(sweep);
			const settled = await Promise.allSettled(rooms.values());
			for (const result of settled) {
				if (result.status !== 'fulfilled') continue;
				peers?.unfollow(result.value.name);
				result.value.destroy();
			}
			rooms.clear();
			loaded.clear();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
		}
	};
}

const denialClose = {
	unauthorised: 'unauthorised',
	forbidden: 'forbidden',
	not_found: 'notFound'
} as const satisfies Record<SyncDenial, keyof typeof SYNC_CLOSE>;

/**
 * A `ws` socket as a room sees it, plus the TCP socket underneath (the one this server handed to
 * ws in handleUpgrade): ready frames (Outgoing.wire) are written to it as they are, so a message a
 * room sends many connections is framed once and costs each of them one write. This is safe with
 * ws because the server negotiates no permessage-deflate: ws then writes every frame of its own
 * (pongs, close) to the same socket synchronously, never between the parts of one of ours, and
 * counts what is queued in the socket in bufferedAmount.
 */
function syncSocket(ws: WebSocket, raw: Duplex): SyncSocket {
	return {
		get readyState() {
			return ws.readyState;
		},
		get bufferedAmount() {
			return ws.bufferedAmount;
		},
		send: (data) => {
			if (ws.readyState === ws.OPEN) raw.write(wsBinaryFrame(data));
		},
		write: (wire) => {
			if (ws.readyState === ws.OPEN) raw.write(wire);
		},
		close: (code, reason) => ws.close(code, reason),
		cork: () => raw.cork(),
		uncork: () => raw.uncork()
	};
}

function toUint8Array(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
