import * as awarenessProtocol from 'y-protocols/awareness';
import type { PeerDelivery, SyncPeers } from './peers.ts';
import type { Room } from './room.ts';

/** Origin of awareness changes that came from another node: relayed here, never sent back. */
const PEER_ORIGIN = Symbol('peer');

/**
 * Loads a room that other nodes also serve (SPEC S12). Listens to them before reading storage, so
 * an update stored elsewhere is either in what is read or arrives by Redis (or both: applying an
 * update twice changes nothing). What arrives while loading waits and is applied after. From then
 * on the room applies and relays the other nodes' updates and presence, and publishes its own
 * clients' presence.
 */
export async function loadFollowed(options: {
	name: string;
	peers: SyncPeers;
	/** Reads the document from storage into a new room (the single-node load). */
	load: (name: string) => Promise<Room>;
	/** Reads the stored log again, to resynchronise. */
	read: (name: string) => Promise<Uint8Array[]>;
	/** False once the room has left memory: nothing is applied to it any more. */
	isLoaded: (room: Room) => boolean;
	log: (message: string) => void;
}): Promise<Room> {
	const { name, peers, log } = options;
	let room: Room | null = null;
	const early: Uint8Array[] = [];
	let resyncWanted = false;

	const apply = (target: Room, updates: Uint8Array[], what: string) => {
		if (!options.isLoaded(target)) return false;
		try {
			target.applyStored(updates);
			return true;
		} catch (error) {
			log(`[sync] ${name}: ${what} failed to apply: ${error}`);
			return false;
		}
	};
	/** Reads the stored log again and applies it: what Redis may have dropped is in storage. */
	const resync = (target: Room) => {
		options.read(name).then(
			(updates) => {
				if (updates.length > 0) apply(target, updates, 'the stored log');
			},
			(error: unknown) => log(`[sync] ${name}: reading storage to resynchronise failed: ${error}`)
		);
	};
	const fromPeer = (target: Room, updates: Uint8Array[]) => {
		// Stored by a peer but not applicable here: the stored log is the truth, read it again.
		if (!apply(target, updates, 'an update from a peer') && options.isLoaded(target)) {
			resync(target);
		}
	};

	const delivery: PeerDelivery = {
		update: (update) => (room ? fromPeer(room, [update]) : early.push(update)),
		awareness: (update) => {
			if (!room) return;
			try {
				awarenessProtocol.applyAwarenessUpdate(room.awareness, update, PEER_ORIGIN);
			} catch (error) {
				log(`[sync] ${name}: presence from a peer does not decode: ${error}`);
			}
		},
		resync: () => (room ? resync(room) : (resyncWanted = true)),
		presenceWanted: () => {
			if (room) publishPresence(room, peers, ownAwarenessIds(room));
		}
	};

	await peers.follow(name, delivery);
	let loaded: Room;
	try {
		loaded = await options.load(name);
	} catch (error) {
		peers.unfollow(name);
		throw error;
	}
	room = loaded;
	loaded.awareness.on(
		'update',
		(change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
			if (origin === PEER_ORIGIN) return;
			publishPresence(loaded, peers, [...change.added, ...change.updated, ...change.removed]);
		}
	);
	if (early.length > 0) fromPeer(loaded, early.splice(0));
	if (resyncWanted) resync(loaded);
	peers.requestPresence(name);
	return loaded;
}

/** Awareness client ids of this node's own connections to a room. */
function ownAwarenessIds(room: Room): number[] {
	const ids: number[] = [];
	for (const connection of room.connections) ids.push(...connection.awarenessIds);
	return ids;
}

function publishPresence(room: Room, peers: SyncPeers, ids: readonly number[]): void {
	if (ids.length === 0) return;
	peers.publishAwareness(
		room.name,
		awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...ids])
	);
}
