import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { ACTOR_TYPE_LIST } from '#shared/model/actor.ts';
import { NOTE_COLOURS, createNote, itemsOf } from '#shared/model/board.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';

/** Words for note texts; two of them make a sticky-note of ~15 characters. */
const WORDS = ['kela', 'koulu', 'TE-palvelut', 'nuoret', 'järjestö', 'kunta', 'ohjaus', 'pilotti'];

/**
 * A board document written by a table of `authors` people, one note per transaction as the client
 * makes them, with short texts: 2,000 such notes are ≈ 440 kB of Yjs state. `authorKeys`, when
 * given, are the writers' author keys (note i by key i % length), so a seated participant may
 * change their own notes under the sync server's rights check (SPEC S9).
 */
export function buildBoard(
	notes: number,
	authors = 6,
	authorKeys: readonly string[] = []
): Uint8Array {
	const docs = Array.from({ length: authors }, () => new Y.Doc());
	for (let i = 0; i < notes; i++) {
		createNote(docs[i % authors], {
			actorType: ACTOR_TYPE_LIST[i % ACTOR_TYPE_LIST.length],
			...(authorKeys.length ? { authorKey: authorKeys[i % authorKeys.length] } : {}),
			text: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]} ${i}`,
			x: (i % 50) * 220,
			y: Math.floor(i / 50) * 220,
			colour: NOTE_COLOURS[i % NOTE_COLOURS.length],
			now: 1_790_000_000_000 + i * 1000
		});
	}
	const board = new Y.Doc();
	for (const doc of docs) Y.applyUpdate(board, Y.encodeStateAsUpdate(doc));
	const state = Y.encodeStateAsUpdate(board);
	for (const doc of [...docs, board]) doc.destroy();
	return state;
}

/** A stock provider as the browser makes it (disableBc, ws for WebSocket, token in the query). */
export function openProvider(options: {
	syncUrl: string;
	room: string;
	token: string;
	doc?: Y.Doc;
}): { doc: Y.Doc; provider: WebsocketProvider } {
	const doc = options.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(options.syncUrl, options.room, doc, {
		params: { v: String(PROTOCOL_VERSION), token: options.token },
		disableBc: true,
		WebSocketPolyfill: WebSocket as never,
		maxBackoffTime: 1000
	});
	return { doc, provider };
}

/** Resolves once the provider has synced; rejects after `timeoutMs`. */
export function whenSynced(provider: WebsocketProvider, timeoutMs: number): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			provider.off('sync', onSync);
			reject(new Error('[bench] provider did not sync in time'));
		}, timeoutMs);
		const onSync = (synced: boolean) => {
			if (!synced) return;
			clearTimeout(timer);
			provider.off('sync', onSync);
			resolve();
		};
		provider.on('sync', onSync);
	});
}

/**
 * Time for a fresh client to have every note: from creating the provider (connect, auth, the
 * server's load if cold, sync step 2, applying it) until the synced document holds `notes` items, ms.
 */
export async function timeFreshLoad(options: {
	syncUrl: string;
	room: string;
	token: string;
	notes: number;
	timeoutMs: number;
}): Promise<number> {
	const started = performance.now();
	const { doc, provider } = openProvider(options);
	try {
		await whenSynced(provider, options.timeoutMs);
		const size = itemsOf(doc).size;
		if (size < options.notes) {
			throw new Error(`[bench] ${options.room} synced with ${size} of ${options.notes} notes`);
		}
		return performance.now() - started;
	} finally {
		provider.destroy();
		doc.destroy();
	}
}
