import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DocumentStore, DocumentUpdate } from '#server/storage/storage.ts';
import { Connection, SOCKET_OPEN, type SyncSocket } from './connection.ts';
import { COMMIT_INTERVAL_MS, GroupCommit } from './group-commit.ts';
import { MESSAGE, encodeUpdate } from './messages.ts';
import { UPDATE_RELAY_INTERVAL_MS } from './relay.ts';
import { Room, stateVectorOfParts } from './room.ts';

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

/** What a stock provider does with the server's frames: apply sync messages, answer step 1. */
function applyFrames(doc: Y.Doc, frames: Uint8Array[]): { step1s: number } {
	let step1s = 0;
	for (const frame of frames) {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MESSAGE.sync) continue;
		const step = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (step === 0) step1s++;
		else Y.applyUpdate(doc, payload);
	}
	return { step1s };
}

function step1Of(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE.sync);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
	return encoding.toUint8Array(encoder);
}

/** A stored log as the server writes it: a snapshot, then small updates. */
function storedLog(): { rows: Uint8Array[]; text: string } {
	const author = new Y.Doc();
	const rows: Uint8Array[] = [];
	author.getText('t').insert(0, 'snapshot');
	rows.push(Y.encodeStateAsUpdate(author));
	author.on('update', (update: Uint8Array) => rows.push(update));
	for (const char of ' and tail') author.getText('t').insert(author.getText('t').length, char);
	return { rows, text: author.getText('t').toString() };
}

describe('room loaded from storage', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	function loaded(rows: Uint8Array[]) {
		const store = new MemoryStore();
		const commit = new GroupCommit({ documents: store, log: () => undefined });
		const room = new Room('workshop/abcdefgh12345678/table/1', commit);
		room.loadStored(rows, () => undefined);
		return { store, commit, room };
	}

	function connect(room: Room) {
		const socket = new RecordingSocket();
		const connection = new Connection(socket, writer);
		room.join(connection);
		return { socket, connection };
	}

	it('[S1] serves a fresh client the stored log in one write without making the Y.Doc', async () => {
		const { rows, text } = storedLog();
		const { room } = loaded(rows);
		const { socket, connection } = connect(room);
		room.receive(connection, step1Of(new Y.Doc()));
		expect(room.materialised).toBe(false);
		expect(socket.writes).toBe(1);
		const client = new Y.Doc();
		applyFrames(client, socket.sent);
		expect(client.getText('t').toString()).toBe(text);

		// It said it holds nothing, so the server asks it for nothing: no step 1, no state vector made.
		socket.sent = [];
		await vi.advanceTimersByTimeAsync(0);
		expect(applyFrames(new Y.Doc(), socket.sent).step1s).toBe(0);
		expect(room.materialised).toBe(false);
	});

	it('[S1] sends its own step 1, from the stored parts, to a client that has not said it holds nothing', async () => {
		const { rows } = storedLog();
		const { room } = loaded(rows);
		const { socket } = connect(room);
		await vi.advanceTimersByTimeAsync(0);
		expect(room.materialised).toBe(false);
		const step1s = socket.sent.filter((frame) => frame[0] === MESSAGE.sync && frame[1] === 0);
		expect(step1s).toHaveLength(1);
		const decoder = decoding.createDecoder(step1s[0]);
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		const whole = new Y.Doc();
		for (const row of rows) Y.applyUpdate(whole, row);
		expect(Y.decodeStateVector(decoding.readVarUint8Array(decoder))).toEqual(
			Y.decodeStateVector(Y.encodeStateVector(whole))
		);
	});

	it('[S1] the state vector of stored parts never counts what follows a gap', () => {
		const author = new Y.Doc();
		const updates: Uint8Array[] = [];
		author.on('update', (update: Uint8Array) => updates.push(update));
		for (const char of 'abcdef') author.getText('t').insert(author.getText('t').length, char);
		const other = new Y.Doc();
		other.getMap('m').set('k', 1);
		const snapshot = Y.mergeUpdates(updates.slice(0, 2));
		// The tail lacks update 2 (a gap), then has 3–5 and another client's update.
		const tail = Y.mergeUpdates([...updates.slice(3), Y.encodeStateAsUpdate(other)]);
		const vector = Y.decodeStateVector(stateVectorOfParts([snapshot, tail]));
		expect(vector.get(author.clientID)).toBe(2);
		expect(vector.get(other.clientID)).toBe(1);
		const complete = Y.mergeUpdates(updates.slice(2, 3));
		const full = Y.decodeStateVector(stateVectorOfParts([snapshot, complete, tail]));
		expect(full.get(author.clientID)).toBe(6);
	});

	it('[S1] makes the Y.Doc for an edit and for a client that already holds part of the document', async () => {
		const { rows, text } = storedLog();
		const { room } = loaded(rows);
		const returning = new Y.Doc();
		Y.applyUpdate(returning, rows[0]);
		const { socket, connection } = connect(room);
		room.receive(connection, step1Of(returning));
		expect(room.materialised).toBe(true);
		applyFrames(returning, socket.sent);
		expect(returning.getText('t').toString()).toBe(text);

		const peer = connect(room);
		let update: Uint8Array | null = null;
		returning.on('update', (u: Uint8Array) => (update = u));
		returning.getText('t').insert(0, '!');
		room.receive(connection, encodeUpdate(update!));
		await vi.advanceTimersByTimeAsync(UPDATE_RELAY_INTERVAL_MS);
		const seen = new Y.Doc();
		applyFrames(seen, [...socket.sent, ...peer.socket.sent]);
		expect(room.doc.getText('t').toString()).toBe(`!${text}`);
	});

	it('[S1] a hibernated room keeps its document, serves it, and relays the next edit', async () => {
		const { rows, text } = storedLog();
		const { room } = loaded(rows);
		const author = new Y.Doc();
		const first = connect(room);
		room.receive(first.connection, step1Of(author));
		applyFrames(author, first.socket.sent);
		expect(room.doc.getText('t').toString()).toBe(text);

		room.hibernate();
		expect(room.materialised).toBe(false);
		const fresh = connect(room);
		room.receive(fresh.connection, step1Of(new Y.Doc()));
		const freshDoc = new Y.Doc();
		applyFrames(freshDoc, fresh.socket.sent);
		expect(freshDoc.getText('t').toString()).toBe(text);

		let update: Uint8Array | null = null;
		author.on('update', (u: Uint8Array) => (update = u));
		author.getText('t').insert(0, '>');
		fresh.socket.sent = [];
		room.receive(first.connection, encodeUpdate(update!));
		await vi.advanceTimersByTimeAsync(UPDATE_RELAY_INTERVAL_MS);
		applyFrames(freshDoc, fresh.socket.sent);
		expect(freshDoc.getText('t').toString()).toBe(`>${text}`);
	});

	it('[S1] relays stored updates as sent, even one that waits on a dependency, and everyone converges', async () => {
		const { room } = loaded([]);
		const a = connect(room);
		const b = connect(room);
		const watcher = connect(room);
		// Two edits of one author, the second building on the first; they reach the server reversed.
		const author = new Y.Doc();
		const updates: Uint8Array[] = [];
		author.on('update', (u: Uint8Array) => updates.push(u));
		author.getText('t').insert(0, 'first');
		author.getText('t').insert(5, ' second');
		room.receive(a.connection, encodeUpdate(updates[1]));
		await vi.advanceTimersByTimeAsync(COMMIT_INTERVAL_MS + UPDATE_RELAY_INTERVAL_MS);
		expect(room.doc.getText('t').toString()).toBe('');
		room.receive(b.connection, encodeUpdate(updates[0]));
		await vi.advanceTimersByTimeAsync(COMMIT_INTERVAL_MS + UPDATE_RELAY_INTERVAL_MS);
		expect(room.doc.getText('t').toString()).toBe('first second');
		for (const { socket } of [a, b, watcher]) {
			const doc = new Y.Doc();
			applyFrames(doc, socket.sent);
			// a and b each hold their own edit already; what the server relayed completes it.
			if (socket === a.socket) Y.applyUpdate(doc, updates[1]);
			if (socket === b.socket) Y.applyUpdate(doc, updates[0]);
			expect(doc.getText('t').toString()).toBe('first second');
		}
	});

	it('[S3] commits updates arriving within the commit interval together, the first one at once', async () => {
		const { store, room } = loaded([]);
		const { connection } = connect(room);
		const author = new Y.Doc();
		const updates: Uint8Array[] = [];
		author.on('update', (u: Uint8Array) => updates.push(u));
		const type = (char: string) => {
			author.getText('t').insert(author.getText('t').length, char);
			room.receive(connection, encodeUpdate(updates.at(-1)!));
		};
		type('a');
		await vi.advanceTimersByTimeAsync(0);
		expect(store.batches.map((batch) => batch.length)).toEqual([1]);
		type('b');
		type('c');
		await vi.advanceTimersByTimeAsync(0);
		expect(store.batches).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(COMMIT_INTERVAL_MS);
		expect(store.batches.map((batch) => batch.length)).toEqual([1, 2]);
	});
});
