import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ServerAck } from './server-ack.ts';

/** A server document and a client that joined it, as the y-websocket handshake leaves them. */
function joined() {
	const server = new Y.Doc();
	server.getMap('items').set('seed', 'from the template');
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const ack = new ServerAck(client);
	ack.serverStateVector(Y.encodeStateVector(server));
	ack.serverUpdate(Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
	/** What a local edit sends to the server (the provider relays the doc's update events). */
	const sent: Uint8Array[] = [];
	client.on('update', (update: Uint8Array) => sent.push(update));
	/** The server stores what was sent, then answers a probe (step 1) with its step 2. */
	const deliver = () => {
		for (const update of sent.splice(0)) Y.applyUpdate(server, update);
	};
	const probe = () => ack.serverUpdate(Y.encodeStateAsUpdate(server, ack.probe()));
	return { server, client, ack, sent, deliver, probe };
}

describe('ServerAck', () => {
	it('[S1] nothing is pending right after the handshake', () => {
		expect(joined().ack.pending()).toBe(false);
	});

	it('[S3] an insert is pending until a probe shows the server stored it', () => {
		const { client, ack, deliver, probe } = joined();
		client.getMap('items').set('note', 'Yhteinen asiakas');
		expect(ack.pending()).toBe(true);
		probe();
		expect(ack.pending(), 'the server has not received it yet').toBe(true);
		deliver();
		probe();
		expect(ack.pending()).toBe(false);
	});

	it('a deletion is pending although it advances no clock', () => {
		const { client, ack, deliver, probe } = joined();
		const before = Y.encodeStateVector(client);
		client.getMap('items').delete('seed');
		expect(Y.encodeStateVector(client)).toEqual(before);
		expect(ack.pending()).toBe(true);
		probe();
		expect(ack.pending()).toBe(true);
		deliver();
		probe();
		expect(ack.pending()).toBe(false);
	});

	it('a deleted character of a text is tracked like a deleted note', () => {
		const { client, ack, deliver, probe } = joined();
		const text = new Y.Text('Asiakkaan polku');
		client.getMap('items').set('text', text);
		deliver();
		probe();
		expect(ack.pending()).toBe(false);
		text.delete(0, 9);
		expect(ack.pending()).toBe(true);
		deliver();
		probe();
		expect(ack.pending()).toBe(false);
	});

	it('updates relayed from others do not acknowledge local edits', () => {
		const { server, client, ack } = joined();
		client.getMap('items').set('mine', 'offline');
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
		other.on('update', (update: Uint8Array) => {
			Y.applyUpdate(server, update);
			Y.applyUpdate(client, update, 'remote');
			ack.serverUpdate(update);
		});
		other.getMap('items').set('theirs', 'online');
		expect(ack.pending()).toBe(true);
	});

	it('a relayed update past a gap does not advance what the server is known to hold', () => {
		const { server, ack } = joined();
		const other = new Y.Doc();
		const updates: Uint8Array[] = [];
		other.on('update', (update: Uint8Array) => updates.push(update));
		other.getMap('items').set('a', 1);
		other.getMap('items').set('b', 2);
		ack.serverUpdate(updates[1]);
		Y.applyUpdate(server, updates[0]);
		Y.applyUpdate(server, updates[1]);
		expect(Y.decodeStateVector(ack.probe()).get(other.clientID)).toBeUndefined();
		ack.serverUpdate(updates[0]);
		expect(Y.decodeStateVector(ack.probe()).get(other.clientID)).toBe(1);
	});

	it('[S6] edits the server dropped (a locked board) stay pending across probes', () => {
		const { client, ack, sent, probe } = joined();
		client.getMap('items').set('note', 'while locked');
		sent.length = 0;
		probe();
		probe();
		expect(ack.pending()).toBe(true);
	});

	it('edits loaded from an earlier session (another client id) count as pending', () => {
		const { server, client, ack, deliver, probe } = joined();
		const earlier = new Y.Doc();
		Y.applyUpdate(earlier, Y.encodeStateAsUpdate(server));
		earlier.getMap('items').set('offline', 'kept in the browser');
		Y.applyUpdate(client, Y.encodeStateAsUpdate(earlier), 'cache');
		expect(ack.pending()).toBe(true);
		deliver();
		probe();
		expect(ack.pending()).toBe(false);
	});
});
