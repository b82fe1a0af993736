import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { DocumentStore } from '#server/storage/storage.ts';
import { GroupCommit } from './group-commit.ts';
import { loadFollowed } from './peer-rooms.ts';
import type { PeerDelivery, SyncPeers } from './peers.ts';
import { Room } from './room.ts';

/** Other nodes as a test drives them: what this node published, and a way to deliver to it. */
class MemoryPeers implements SyncPeers {
	readonly calls: string[] = [];
	readonly deliveries = new Map<string, PeerDelivery>();
	readonly published: { kind: 'update' | 'awareness' | 'presence'; document: string }[] = [];
	async follow(document: string, delivery: PeerDelivery) {
		this.calls.push(`follow ${document}`);
		this.deliveries.set(document, delivery);
	}
	unfollow(document: string) {
		this.calls.push(`unfollow ${document}`);
		this.deliveries.delete(document);
	}
	publishUpdate(document: string) {
		this.published.push({ kind: 'update', document });
	}
	publishAwareness(document: string) {
		this.published.push({ kind: 'awareness', document });
	}
	requestPresence(document: string) {
		this.published.push({ kind: 'presence', document });
	}
}

const store: DocumentStore = {
	load: async () => [],
	append: async () => {},
	countUpdates: async () => 0,
	compact: async () => 0
};

/** An update that adds `key` to a map, as another node's client would make it. */
function peerUpdate(key: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('m').set(key, true);
	return Y.encodeStateAsUpdate(doc);
}

function setup(stored: Uint8Array[] = []) {
	const peers = new MemoryPeers();
	const commit = new GroupCommit({ documents: store, log: () => {} });
	let finishLoad: () => void = () => {};
	const reads: string[] = [];
	const rooms = new Set<Room>();
	const loading = loadFollowed({
		name: 'doc',
		peers,
		load: async (name) => {
			peers.calls.push(`load ${name}`);
			await new Promise<void>((resolve) => (finishLoad = resolve));
			const room = new Room(name, commit);
			room.loadStored(stored, () => {});
			rooms.add(room);
			return room;
		},
		read: async (name) => {
			reads.push(name);
			return stored;
		},
		isLoaded: (room) => rooms.has(room),
		log: () => {}
	});
	return { peers, loading, reads, finish: () => finishLoad() };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('rooms that other nodes also serve (SPEC S12)', () => {
	it('[S12] listens before it reads storage and applies what arrived while it read', async () => {
		const { peers, loading, finish } = setup([peerUpdate('stored')]);
		await flush();
		expect(peers.calls).toEqual(['follow doc', 'load doc']);
		peers.deliveries.get('doc')!.update(peerUpdate('while-loading'));
		finish();
		const room = await loading;
		expect([...room.doc.getMap('m').keys()].sort()).toEqual(['stored', 'while-loading']);
		peers.deliveries.get('doc')!.update(peerUpdate('later'));
		expect(room.doc.getMap('m').has('later')).toBe(true);
		// Another node's update is never published again.
		expect(peers.published.filter((p) => p.kind === 'update')).toEqual([]);
		expect(peers.published).toContainEqual({ kind: 'presence', document: 'doc' });
		room.destroy();
	});

	it('[S12] a resync asked for while loading reads the stored log again once loaded', async () => {
		const { peers, loading, reads, finish } = setup([peerUpdate('stored')]);
		await flush();
		peers.deliveries.get('doc')!.resync();
		expect(reads).toEqual([]);
		finish();
		const room = await loading;
		await flush();
		expect(reads).toEqual(['doc']);
		room.destroy();
	});

	it("[S12] publishes its own clients' presence and relays, but never republishes, a peer's", async () => {
		const { peers, loading, finish } = setup();
		await flush();
		finish();
		const room = await loading;
		const remote = new awarenessProtocol.Awareness(new Y.Doc());
		remote.setLocalState({ user: 'elsewhere' });
		peers.deliveries
			.get('doc')!
			.awareness(awarenessProtocol.encodeAwarenessUpdate(remote, [remote.clientID]));
		expect(room.awareness.getStates().get(remote.clientID)).toEqual({ user: 'elsewhere' });
		expect(peers.published.filter((p) => p.kind === 'awareness')).toEqual([]);

		const local = new awarenessProtocol.Awareness(new Y.Doc());
		local.setLocalState({ user: 'here' });
		awarenessProtocol.applyAwarenessUpdate(
			room.awareness,
			awarenessProtocol.encodeAwarenessUpdate(local, [local.clientID]),
			'a local connection'
		);
		expect(peers.published.filter((p) => p.kind === 'awareness')).toHaveLength(1);
		room.destroy();
		remote.destroy();
		local.destroy();
	});
});
