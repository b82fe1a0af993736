/**
 * What a room sends many connections: the same bytes for all of them, framed for the WebSocket
 * wire once (RFC 6455 §5.2) instead of once per connection. A socket that can take ready frames
 * (SyncSocket.write, the server's TCP socket) gets all of an Outgoing's messages in one write, a
 * single system call and no per-connection allocation; other sockets get each message by send().
 */
export class Outgoing {
	/** y-websocket messages, each its own WebSocket message, in order. */
	readonly messages: readonly Uint8Array[];
	#wire: Uint8Array | null = null;

	constructor(...messages: Uint8Array[]) {
		this.messages = messages;
	}

	/** Both outgoings' messages, in order, written together (their frames are reused). */
	static join(first: Outgoing, second: Outgoing): Outgoing {
		const joined = new Outgoing(...first.messages, ...second.messages);
		joined.#wire = Buffer.concat([first.wire, second.wire]);
		return joined;
	}

	/** The messages as unmasked binary WebSocket frames, back to back, made on first use. */
	get wire(): Uint8Array {
		if (this.#wire) return this.#wire;
		if (this.messages.length === 1) this.#wire = wsBinaryFrame(this.messages[0]);
		else this.#wire = Buffer.concat(this.messages.map(wsBinaryFrame));
		return this.#wire;
	}
}

/** Payloads up to this length fit the 7-bit length field of a frame header. */
const SHORT_PAYLOAD = 125;
const MEDIUM_PAYLOAD = 0xffff;
/** FIN set, opcode 2 (binary): one complete binary message. */
const FIN_BINARY = 0x82;

/**
 * One server-to-client WebSocket frame holding `payload` as a complete binary message: unmasked
 * (servers never mask), no extension bits (the server negotiates no permessage-deflate).
 */
export function wsBinaryFrame(payload: Uint8Array): Buffer {
	const length = payload.length;
	const headerLength = length <= SHORT_PAYLOAD ? 2 : length <= MEDIUM_PAYLOAD ? 4 : 10;
	const frame = Buffer.allocUnsafe(headerLength + length);
	frame[0] = FIN_BINARY;
	if (headerLength === 2) frame[1] = length;
	else if (headerLength === 4) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	frame.set(payload, headerLength);
	return frame;
}
