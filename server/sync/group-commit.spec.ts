import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore, DocumentUpdate } from '#server/storage/storage.ts';
import { Connection, SOCKET_OPEN, type SyncSocket } from './connection.ts';
import { GroupCommit } from './group-commit.ts';
import { encodeUpdate } from './messages.ts';
import { Room } from './room.ts';

/** A socket that records what the server sends; nothing goes over a network. */
class RecordingSocket implements SyncSocket {
	readyState = SOCKET_OPEN;
	bufferedAmount = 0;
	sent: Uint8Array[] = [];
	closed: { code?: number; reason?: string } | null = null;
	send(data: Uint8Array) {
		this.sent.push(data);
	}
	close(code?: number, reason?: string) {
		this.closed = { code, reason };
		this.readyState = 3;
	}
}

/** A document store whose appends wait until the test releases or fails them. */
class GatedStore implements DocumentStore {
	batches: DocumentUpdate[][] = [];
	#gates: { resolve: () => void; reject: (error: Error) => void }[] = [];
	load = async () => [];
	countUpdates = async () => 0;
	compact = async () => 0;
	append(batch: readonly DocumentUpdate[]): Promise<void> {
		this.batches.push([...batch]);
		return new Promise((resolve, reject) => this.#gates.push({ resolve, reject }));
	}
	release() {
		this.#gates.shift()!.resolve();
	}
	fail() {
		this.#gates.shift()!.reject(new Error('disk full'));
	}
}

const writer = { mode: 'write' as const, principalKey: 'p', mayWriteNow: () => true };
const tick = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
	const store = new GatedStore();
	const commit = new GroupCommit({ documents: store, log: () => undefined });
	const room = new Room('workshop/abcdefgh12345678/table/1', commit);
	const sockets = [new RecordingSocket(), new RecordingSocket()];
	const [author, peer] = sockets.map((socket) => new Connection(socket, writer));
	room.join(author);
	room.join(peer);
	sockets.forEach((socket) => (socket.sent = []));
	return { store, commit, room, author, peer, sockets };
}

function edit(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

describe('group commit', () => {
	it('[S3] relays an update only after storage confirmed it', async () => {
		const { store, commit, room, author, sockets } = setup();
		room.receive(author, encodeUpdate(edit('hei')));
		await tick();
		expect(store.batches).toHaveLength(1);
		expect(sockets[1].sent).toEqual([]);
		expect(room.doc.getText('t').toString()).toBe('');

		store.release();
		await commit.flush();
		expect(room.doc.getText('t').toString()).toBe('hei');
		expect(sockets[1].sent).toHaveLength(1);
	});

	it('[S3] stores updates of one turn, and those arriving during a write, in one batch each', async () => {
		const { store, commit, room, author, peer } = setup();
		room.receive(author, encodeUpdate(edit('a')));
		room.receive(peer, encodeUpdate(edit('b')));
		await tick();
		room.receive(author, encodeUpdate(edit('c')));
		room.receive(peer, encodeUpdate(edit('d')));
		room.receive(author, encodeUpdate(edit('e')));
		store.release();
		await tick();
		await tick();
		store.release();
		await commit.flush();
		expect(store.batches.map((batch) => batch.length)).toEqual([2, 3]);
		expect(room.doc.getText('t').length).toBe(5);
	});

	it('[S3] a failed write relays nothing and closes the writers so they resend', async () => {
		const { store, commit, room, author, sockets } = setup();
		room.receive(author, encodeUpdate(edit('lost?')));
		await tick();
		store.fail();
		await commit.flush();
		expect(room.doc.getText('t').toString()).toBe('');
		expect(sockets[1].sent).toEqual([]);
		expect(sockets.map((socket) => socket.closed?.code)).toEqual([1011, 1011]);
	});

	it("[S10] the server's own updates of several rooms share one transaction and reach every connection", async () => {
		const { store, commit, room, sockets } = setup();
		const other = new Room('workshop/abcdefgh12345678/private/p1', commit);
		const stored = commit.storeAll([
			{ room, update: edit('julki') },
			{ room: other, update: edit('') }
		]);
		await tick();
		expect(store.batches.map((batch) => batch.map((row) => row.name))).toEqual([
			[room.name, other.name]
		]);
		store.release();
		await stored;
		expect(room.doc.getText('t').toString()).toBe('julki');
		expect(sockets.map((socket) => socket.sent.length)).toEqual([1, 1]);
	});

	it('[S10] storeAll rejects when storing failed, so a reveal can be sent again', async () => {
		const { store, commit, room } = setup();
		const stored = commit.storeAll([{ room, update: edit('ei tallennettu') }]);
		await tick();
		store.fail();
		await expect(stored).rejects.toThrow(/failed/);
		expect(room.doc.getText('t').toString()).toBe('');
	});
});
