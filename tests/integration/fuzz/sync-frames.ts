import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MESSAGE } from '#server/sync/messages.ts';
import { createNote } from '#shared/model/board.ts';
import { DOC_ROOT, MAX_SYNC_FRAME_BYTES } from '#shared/protocol/sync.ts';

/** One frame as a client can put it on the wire: binary, or text (possibly invalid UTF-8). */
export type Frame = { binary: true; data: Uint8Array } | { binary: false; data: Buffer | string };

/** Close codes a hostile frame may earn (SPEC S5); anything else, or a dropped socket, is a fault. */
export const ALLOWED_SYNC_CLOSES = new Set([
	4400, // bad frame
	1009, // over MAX_SYNC_FRAME_BYTES
	1002, // ws protocol error (e.g. a reserved opcode bit)
	1007 // a text frame that is not UTF-8
]);

function message(type: number, ...parts: (number | Uint8Array)[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	for (const part of parts) {
		if (typeof part === 'number') encoding.writeVarUint(encoder, part);
		else encoding.writeVarUint8Array(encoder, part);
	}
	return encoding.toUint8Array(encoder);
}

/**
 * Valid y-websocket frames a client with `authorKey` could send: the seeds that truncation and
 * mutation start from. Some are valid and allowed (a note of its own), some valid but refused
 * (writing another root, an item of an unknown type).
 */
export function validFrames(authorKey: string): Uint8Array[] {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const id = createNote(doc, { actorType: 'ngo', authorKey, text: 'fuzz' });
	const text = doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).get(id)!.get('text') as Y.Text;
	text.insert(2, 'äö🍀');
	text.delete(0, 1);
	doc.getMap('evil').set('x', 'outside the board schema');
	const bogus = new Y.Map<unknown>();
	doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).set('bogus', bogus);
	bogus.set('type', 'unknown-kind');
	bogus.set('authorKey', authorKey);
	doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).delete(id);

	const awareness = new awarenessProtocol.Awareness(new Y.Doc());
	awareness.setLocalState({ user: { name: 'fuzz', color: '#123456' }, cursor: { x: 1, y: 2 } });
	const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
	awareness.destroy();

	return [
		message(MESSAGE.sync, 0, new Uint8Array([0])),
		message(MESSAGE.sync, 0, Y.encodeStateVector(doc)),
		message(MESSAGE.sync, 1, Y.encodeStateAsUpdate(doc)),
		message(MESSAGE.sync, 1, new Uint8Array([0, 0])),
		...updates.map((update) => message(MESSAGE.sync, 2, update)),
		message(MESSAGE.awareness, awarenessUpdate),
		message(MESSAGE.queryAwareness),
		message(MESSAGE.auth, 0, new TextEncoder().encode('permission denied'))
	];
}

const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

/** Frames around the frame cap and updates with giant strings: few, since each costs a megabyte. */
export function oversizedFrameArb(authorKey: string): fc.Arbitrary<Frame> {
	const giantNote = () => {
		const doc = new Y.Doc();
		const id = createNote(doc, { actorType: 'ngo', authorKey, text: '' });
		// createNote caps the text; a hostile client writes past the cap directly.
		const text = doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).get(id)!.get('text') as Y.Text;
		doc.transact(() => text.insert(0, 'x'.repeat(600_000)));
		return message(MESSAGE.sync, 2, Y.encodeStateAsUpdate(doc));
	};
	return fc.oneof(
		fc.constant({ binary: true, data: new Uint8Array(MAX_SYNC_FRAME_BYTES + 1) } as Frame),
		fc.constant({ binary: true, data: giantNote() } as Frame),
		fc
			.integer({ min: MAX_SYNC_FRAME_BYTES - 16, max: MAX_SYNC_FRAME_BYTES })
			.map((size) => ({ binary: true, data: new Uint8Array(size).fill(0x81) }) as Frame),
		fc.constant({ binary: false, data: 'x'.repeat(MAX_SYNC_FRAME_BYTES + 1) } as Frame)
	);
}

/** Random, truncated, mutated-valid and lying-length frames. */
export function frameArb(seeds: Uint8Array[]): fc.Arbitrary<Frame> {
	const seed = fc.constantFrom(...seeds);
	const binary = (data: Uint8Array): Frame => ({ binary: true, data });
	const random = bytes(256).map(binary);
	const truncated = seed.chain((frame) =>
		fc.nat(Math.max(0, frame.length - 1)).map((end) => binary(frame.slice(0, end)))
	);
	const mutated = fc
		.tuple(
			seed,
			fc.array(fc.tuple(fc.constantFrom('set', 'insert', 'delete'), fc.nat(), fc.nat(255)), {
				minLength: 1,
				maxLength: 6
			})
		)
		.map(([frame, edits]) => {
			const out = [...frame];
			for (const [kind, at, value] of edits) {
				const i = out.length === 0 ? 0 : at % out.length;
				if (kind === 'set') out[i] = value;
				else if (kind === 'insert') out.splice(i, 0, value);
				else out.splice(i, 1);
			}
			return binary(new Uint8Array(out));
		});
	// A known message type and step with a length that runs past the frame, or an absurd varint.
	const lying = fc
		.tuple(
			fc.constantFrom([0, 0], [0, 1], [0, 2], [1], [2, 0], [3], [0]),
			fc.constantFrom(
				[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
				[0xff, 0xff, 0xff, 0xff, 0x0f],
				[0xc8, 0x01]
			),
			bytes(32)
		)
		.map(([head, length, rest]) => binary(new Uint8Array([...head, ...length, ...rest])));
	const spliced = fc
		.tuple(seed, seed)
		.map(([a, b]) => binary(new Uint8Array([...a.slice(0, a.length >> 1), ...b])));
	const text = fc.oneof(
		fc.string({ maxLength: 64 }).map((data): Frame => ({ binary: false, data })),
		bytes(64).map((data): Frame => ({ binary: false, data: Buffer.from(data) }))
	);
	return fc.oneof(
		{ arbitrary: random, weight: 3 },
		{ arbitrary: truncated, weight: 3 },
		{ arbitrary: mutated, weight: 5 },
		{ arbitrary: lying, weight: 2 },
		{ arbitrary: spliced, weight: 1 },
		{ arbitrary: seed.map(binary), weight: 1 },
		{ arbitrary: text, weight: 1 }
	);
}

/** How one connection ended: still open after the server handled every frame, or a close code. */
export type SyncOutcome = { open: true } | { open: false; code: number };

/**
 * Opens a raw socket, sends `frames` (before the room is ready when `early`, else after the
 * server's first message), then a ping: ws answers a ping only after it handled every frame before
 * it, so a pong means the server took them all without closing.
 */
export function sendFrames(options: {
	url: string;
	frames: Frame[];
	early: boolean;
	/** e.g. a facilitator's session cookie */
	headers?: Record<string, string>;
	timeoutMs?: number;
}): Promise<SyncOutcome> {
	const { url, frames, early } = options;
	const timeoutMs = options.timeoutMs ?? 5_000;
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url, { headers: options.headers ?? {} });
		let pinged = false;
		const timer = setTimeout(() => {
			ws.terminate();
			reject(new Error(`no pong and no close within ${timeoutMs} ms`));
		}, timeoutMs);
		const sendFrames = () => {
			for (const frame of frames) ws.send(frame.data, { binary: frame.binary });
		};
		ws.on('open', () => {
			if (early) sendFrames();
		});
		ws.on('message', () => {
			if (pinged || ws.readyState !== ws.OPEN) return;
			pinged = true;
			if (!early) sendFrames();
			ws.ping();
		});
		ws.on('pong', () => {
			clearTimeout(timer);
			resolve({ open: true });
			ws.close();
		});
		ws.on('close', (code) => {
			clearTimeout(timer);
			resolve({ open: false, code });
		});
		ws.on('error', () => undefined);
	});
}
