import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import type { DocumentStore, DocumentUpdate } from '#server/storage/storage.ts';
import { Connection, SOCKET_OPEN, type SyncSocket } from './connection.ts';
import { GroupCommit } from './group-commit.ts';
import { MESSAGE, encodeUpdate } from './messages.ts';
import { AWARENESS_RELAY_INTERVAL_MS, UPDATE_RELAY_INTERVAL_MS } from './relay.ts';
import { Room } from './room.ts';

/** Records frames, and which of them were written together (between cork and uncork). */
class RecordingSocket implements SyncSocket {
	readyState = SOCKET_OPEN;
	bufferedAmount = 0;
	sent: Uint8Array[] = [];
	writes = 0;
	#corked = false;
	send(data: Uint8Array) {
		this.sent.push(data);
		if (!this.#corked) this.writes++;
	}
	close() {
		this.readyState = 3;
	}
	cork() {
		this.#corked = true;
	}
	uncork() {
		this.#corked = false;
		this.writes++;
	}
	/** Message types of the frames received (0 sync, 1 awareness, 2 auth). */
	types() {
		return this.sent.map((frame) => frame[0]);
	}
}

class MemoryStore implements DocumentStore {
	batches: DocumentUpdate[][] = [];
	load = async () => [];
	countUpdates = async () => 0;
	compact = async () => 0;
	async append(batch: readonly DocumentUpdate[]) {
		this.batches.push([...batch]);
	}
}

const writer = { mode: 'write' as const, principalKey: 'p', mayWriteNow: () => true };
const reader = { mode: 'read' as const, principalKey: 'r', mayWriteNow: () => false };

function setup(people = 3) {
	const store = new MemoryStore();
	const commit = new GroupCommit({ documents: store, log: () => undefined });
	const room = new Room('workshop/abcdefgh12345678/table/1', commit);
	const sockets = Array.from({ length: people }, () => new RecordingSocket());
	const connections = sockets.map((socket) => new Connection(socket, writer));
	connections.forEach((connection) => room.join(connection));
	const clear = () => sockets.forEach((socket) => ((socket.sent = []), (socket.writes = 0)));
	clear();
	return { store, commit, room, sockets, connections, clear };
}

/** A Yjs update by a client of its own, as a provider would send it. */
function edit(doc: Y.Doc, text: string): Uint8Array {
	let update: Uint8Array | null = null;
	const capture = (u: Uint8Array) => (update = u);
	doc.on('update', capture);
	doc.getText('t').insert(doc.getText('t').length, text);
	doc.off('update', capture);
	return update!;
}

/** The Yjs update inside a relayed sync frame. */
function updateOf(frame: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(frame);
	decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
	return decoding.readVarUint8Array(decoder);
}

function awarenessFrame(awareness: awarenessProtocol.Awareness): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.awareness);
	encoding.writeVarUint8Array(
		encoder,
		awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])
	);
	return encoding.toUint8Array(encoder);
}

describe('relay', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	const settle = async (ms = 0) => {
		await vi.advanceTimersByTimeAsync(ms);
	};

	it('[S1] relays the first update at once and merges those within the interval into one frame', async () => {
		const { room, sockets, connections } = setup();
		const [a, b] = [new Y.Doc(), new Y.Doc()];
		room.receive(connections[0], encodeUpdate(edit(a, 'one')));
		await settle();
		expect(sockets[2].sent).toHaveLength(1);

		room.receive(connections[0], encodeUpdate(edit(a, ' two')));
		await settle();
		room.receive(connections[1], encodeUpdate(edit(b, 'three')));
		await settle();
		expect(sockets[2].sent).toHaveLength(1);

		await settle(UPDATE_RELAY_INTERVAL_MS);
		expect(sockets[2].sent).toHaveLength(2);
		const seen = new Y.Doc();
		sockets[2].sent.forEach((frame) => Y.applyUpdate(seen, updateOf(frame)));
		expect(seen.getText('t').toString()).toContain('one two');
		expect(seen.getText('t').toString()).toContain('three');
	});

	it("[S1] does not send a lone sender's update back, but a batch of several senders to each", async () => {
		const { room, sockets, connections } = setup();
		const [a, b] = [new Y.Doc(), new Y.Doc()];
		room.receive(connections[0], encodeUpdate(edit(a, 'a')));
		await settle();
		expect(sockets.map((socket) => socket.sent.length)).toEqual([0, 1, 1]);

		room.receive(connections[0], encodeUpdate(edit(a, 'b')));
		room.receive(connections[1], encodeUpdate(edit(b, 'c')));
		await settle(UPDATE_RELAY_INTERVAL_MS);
		expect(sockets.map((socket) => socket.sent.length)).toEqual([1, 2, 2]);
	});

	it('[S1] sends the sender its update too when it released structs that waited for a dependency', async () => {
		const { room, sockets, connections } = setup(2);
		const origin = new Y.Doc();
		const first = edit(origin, 'x');
		const second = edit(origin, 'y');
		// The second edit arrives first (e.g. relayed by someone else): it waits for its dependency.
		room.applyStored([second], connections[1]);
		expect(room.doc.store.pendingStructs).not.toBeNull();
		room.receive(connections[0], encodeUpdate(first));
		await settle(UPDATE_RELAY_INTERVAL_MS);
		const seen = new Y.Doc();
		sockets[0].sent.forEach((frame) => Y.applyUpdate(seen, updateOf(frame)));
		expect(seen.getText('t').toString()).toBe('xy');
	});

	it('[S1] sends awareness changes within the interval as one frame, with an update in one write', async () => {
		const { room, sockets, connections, clear } = setup();
		const people = [0, 1].map(() => new awarenessProtocol.Awareness(new Y.Doc()));
		people[0].setLocalStateField('cursor', { x: 1 });
		room.receive(connections[0], awarenessFrame(people[0]));
		people[1].setLocalStateField('cursor', { x: 2 });
		room.receive(connections[1], awarenessFrame(people[1]));
		expect(sockets[2].types()).toEqual([]);
		await settle(AWARENESS_RELAY_INTERVAL_MS);
		expect(sockets[2].types()).toEqual([MESSAGE.awareness]);
		// Only its own cursor moved: the mover is not told.
		people[0].setLocalStateField('cursor', { x: 3 });
		room.receive(connections[0], awarenessFrame(people[0]));
		await settle(AWARENESS_RELAY_INTERVAL_MS);
		expect(sockets.map((socket) => socket.types().length)).toEqual([1, 2, 2]);

		clear();
		people[1].setLocalStateField('cursor', { x: 4 });
		room.receive(connections[1], awarenessFrame(people[1]));
		room.receive(connections[0], encodeUpdate(edit(new Y.Doc(), 'z')));
		await settle();
		expect(sockets[2].types()).toEqual([MESSAGE.sync, MESSAGE.awareness]);
		expect(sockets[2].writes).toBe(1);
		await settle(AWARENESS_RELAY_INTERVAL_MS);
		expect(sockets[2].types()).toHaveLength(2);
		people.forEach((awareness) => awareness.destroy());
	});

	it('[S1] a fresh client gets the whole document, encoded once until the document changes', async () => {
		const { room, connections } = setup(1);
		room.receive(connections[0], encodeUpdate(edit(new Y.Doc(), 'hei')));
		await settle();
		const fresh = () => {
			const socket = new RecordingSocket();
			const connection = new Connection(socket, reader);
			room.join(connection);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE.sync);
			encoding.writeVarUint(encoder, 0);
			encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
			room.receive(connection, encoding.toUint8Array(encoder));
			return socket.sent.find((frame) => frame[0] === MESSAGE.sync && frame[1] === 1)!;
		};
		const [first, second] = [fresh(), fresh()];
		expect(second).toBe(first);
		room.receive(connections[0], encodeUpdate(edit(new Y.Doc(), ' taas')));
		await settle(UPDATE_RELAY_INTERVAL_MS);
		const third = fresh();
		expect(third).not.toBe(first);
		const seen = new Y.Doc();
		Y.applyUpdate(seen, updateOf(third));
		expect(seen.getText('t').toString()).toContain('taas');
	});

	it('[S3][S6] neither stores nor refuses the empty update every stock client answers step 1 with', async () => {
		const { store, room, sockets } = setup(0);
		const socket = new RecordingSocket();
		const plenaryReader = new Connection(socket, reader);
		room.join(plenaryReader);
		socket.sent = [];
		room.receive(plenaryReader, encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc())));
		await settle(UPDATE_RELAY_INTERVAL_MS);
		expect(store.batches).toEqual([]);
		expect(socket.types()).toEqual([]);
		expect(sockets).toEqual([]);
	});
});
