import fc from 'fast-check';
import { WebSocket } from 'ws';
import { CONTROL_PATH, controlSchemas, type ControlEvent } from '#shared/protocol/control.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';

/** Every event the control plane accepts: the keys of ClientToServerEvents, from their schemas. */
export const CONTROL_EVENTS = Object.keys(controlSchemas).filter(
	(name) => name !== 'handshake'
) as ControlEvent[];

/**
 * A plausible payload per event, for mutation; `workshopId` is filled in by the caller. An event
 * missing here is still fuzzed (CONTROL_EVENTS comes from the schemas), from `{ workshopId }`.
 */
const VALID: Partial<Record<ControlEvent, Record<string, unknown>>> = {
	'workshop:subscribe': {},
	'phase:go': { index: 1 },
	'timer:start': { durationMs: 60_000 },
	'timer:pause': {},
	'timer:resume': {},
	'timer:extend': { ms: 60_000 },
	'board:lock': { table: 1, locked: false },
	'workshop:start': {},
	'plenary:set': { plenary: false },
	'screens:pause': { paused: false, message: '' },
	'message:broadcast': { text: 'hei' },
	'message:clear': {},
	'table:signal': { signal: null },
	'table:clear-signal': { table: 1 },
	'table:spotlight': { table: null }
};

/** Values that have broken JSON-ish handlers elsewhere: prototypes, huge numbers, odd types. */
const nasty = fc.constantFrom<unknown>(
	null,
	'',
	'__proto__',
	'constructor',
	-1,
	1e308,
	Number.MAX_SAFE_INTEGER + 2,
	-0,
	0.5,
	true,
	[],
	{},
	{ __proto__: { polluted: true } },
	JSON.parse('{"__proto__":{"polluted":true}}'),
	'x'.repeat(70_000),
	'\u0000\ud800',
	Buffer.from([0, 1, 2])
);

const value: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
	{ arbitrary: nasty, weight: 3 },
	{ arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)), weight: 1 }
);

/** A payload for `event`: anything at all, or its valid shape with a field broken or added. */
export function payloadArb(workshopIds: string[]): fc.Arbitrary<{
	event: string;
	payload: unknown;
	withAck: boolean;
	extra: unknown[];
}> {
	const event = fc.oneof(
		{ arbitrary: fc.constantFrom(...CONTROL_EVENTS), weight: 12 },
		{
			arbitrary: fc.constantFrom('toString', '__proto__', 'constructor', 'hasOwnProperty', 'nope'),
			weight: 1
		}
	);
	return fc
		.record({
			event,
			workshopId: fc.oneof(fc.constantFrom(...workshopIds), value),
			mode: fc.constantFrom('anything', 'mutate', 'extra-key', 'valid'),
			field: fc.string({ maxLength: 12 }),
			broken: value,
			withAck: fc.boolean(),
			extra: fc.array(value, { maxLength: 2 })
		})
		.map(({ event, workshopId, mode, field, broken, withAck, extra }) => {
			const valid = { workshopId, ...(VALID[event as ControlEvent] ?? {}) };
			const keys = Object.keys(valid);
			let payload: unknown;
			if (mode === 'anything') payload = broken;
			else if (mode === 'valid') payload = valid;
			else if (mode === 'extra-key') payload = { ...valid, [field]: broken };
			else payload = { ...valid, [keys[field.length % keys.length]]: broken };
			return { event, payload, withAck, extra };
		});
}

/** Raw socket.io packets (engine.io message type 4 + socket.io packet), well-formed or not. */
export function rawPacketArb(): fc.Arbitrary<string | Buffer> {
	const event = fc.oneof(
		fc.constantFrom(...CONTROL_EVENTS),
		fc.constantFrom('disconnect', 'disconnecting', 'error', 'connect', 'newListener', '')
	);
	const json = (x: unknown) => {
		try {
			return JSON.stringify(x) ?? 'null';
		} catch {
			return 'null';
		}
	};
	return fc.oneof(
		// A reserved or known event name with any arguments, with or without an ack id.
		fc
			.tuple(event, fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.option(fc.nat()))
			.map(([name, args, id]) => `42${id ?? ''}${json([name, ...args])}`),
		// Any socket.io packet type with a random body.
		fc.tuple(fc.nat(9), fc.string({ maxLength: 40 })).map(([type, body]) => `4${type}${body}`),
		// A binary event announcing attachments that never come, or too many.
		fc
			.tuple(fc.nat(1_000_000), event)
			.map(([count, name]) => `45${count}-${json([name, { _placeholder: true, num: count + 1 }])}`),
		// Truncated JSON, engine.io noise, and a stray binary frame.
		fc.string({ maxLength: 40 }).map((body) => `42["${body}`),
		fc.constantFrom('4', '42', '2', '3', '6', '5', '1', '0', '', '4/nope,["x"]', '40{"v":'),
		fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b))
	);
}

/** What became of a raw control connection after the packets: acked the probe, or closed. */
export type RawOutcome = 'answered' | 'closed' | 'refused';

/**
 * Opens a raw engine.io WebSocket, connects to the default namespace with a valid handshake,
 * sends `packets`, then a `workshop:subscribe` with an ack id. The server must either answer it
 * (every packet before it was handled without harm) or close the connection.
 */
export function sendRawPackets(options: {
	serverUrl: string;
	cookie?: string;
	token?: string;
	packets: (string | Buffer)[];
	timeoutMs?: number;
}): Promise<RawOutcome> {
	const url = `${options.serverUrl.replace(/^http/, 'ws')}${CONTROL_PATH}/?EIO=4&transport=websocket`;
	const timeoutMs = options.timeoutMs ?? 5_000;
	const probeId = 987654;
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, {
			headers: options.cookie ? { cookie: options.cookie } : {}
		});
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error(`control: no answer and no close within ${timeoutMs} ms`));
		}, timeoutMs);
		const done = (outcome: RawOutcome) => {
			clearTimeout(timer);
			resolve(outcome);
			ws.close();
		};
		ws.on('message', (data, isBinary) => {
			const text = isBinary ? '' : data.toString();
			if (text.startsWith('0')) {
				const auth = { v: PROTOCOL_VERSION, ...(options.token ? { token: options.token } : {}) };
				ws.send(`40${JSON.stringify(auth)}`);
			} else if (text === '2') ws.send('3');
			else if (text.startsWith('44')) done('refused');
			else if (text.startsWith('40')) {
				for (const packet of options.packets) ws.send(packet);
				ws.send(`42${probeId}${JSON.stringify(['workshop:subscribe', { workshopId: 'x' }])}`);
			} else if (text.startsWith(`43${probeId}`)) done('answered');
		});
		ws.on('close', () => {
			clearTimeout(timer);
			resolve('closed');
		});
		ws.on('error', () => undefined);
	});
}
