import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Outgoing, wsBinaryFrame } from './outgoing.ts';

describe('Outgoing frames', () => {
	let server: WebSocketServer | null = null;
	afterEach(() => server?.close());

	/** Writes `wires` to a fresh connection's TCP socket; resolves with what a ws client received. */
	async function receive(wires: Uint8Array[], count: number): Promise<Buffer[]> {
		server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
		server.on('connection', (ws) => {
			const raw = (ws as unknown as { _socket: Duplex })._socket;
			for (const wire of wires) raw.write(wire);
		});
		await new Promise((resolve) => server!.once('listening', resolve));
		const { port } = server.address() as AddressInfo;
		const client = new WebSocket(`ws://127.0.0.1:${port}`);
		const received: Buffer[] = [];
		await new Promise<void>((resolve, reject) => {
			client.on('message', (data: Buffer, isBinary) => {
				if (!isBinary) reject(new Error('text frame'));
				received.push(data);
				if (received.length === count) resolve();
			});
			client.on('close', () => reject(new Error('closed')));
		});
		client.close();
		return received;
	}

	it('frames every payload length class (7-bit, 16-bit, 64-bit) as a stock ws client reads it', async () => {
		const lengths = [0, 1, 125, 126, 65_535, 65_536, 700_000];
		const payloads = lengths.map((n, i) => new Uint8Array(n).fill(i + 1));
		const received = await receive(payloads.map(wsBinaryFrame), payloads.length);
		expect(received.map((data) => data.length)).toEqual(lengths);
		received.forEach((data, i) => expect(new Uint8Array(data)).toEqual(payloads[i]));
	});

	it('writes joined messages back to back, in order, as separate messages', async () => {
		const update = new Outgoing(new Uint8Array([0, 2, 1, 9]));
		const presence = new Outgoing(new Uint8Array([1, 1, 7]));
		const both = Outgoing.join(update, presence);
		expect(both.messages).toEqual([...update.messages, ...presence.messages]);
		const received = await receive([both.wire, update.wire], 3);
		expect(received.map((data) => [...data])).toEqual([
			[0, 2, 1, 9],
			[1, 1, 7],
			[0, 2, 1, 9]
		]);
	});
});
