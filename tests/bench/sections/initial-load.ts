import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { DocumentStore } from '#server/storage/storage.ts';
import { COMPACT_AFTER_ROWS } from '#server/sync/group-commit.ts';
import { itemsOf, readNotes } from '#shared/model/board.ts';
import { TX_ORIGIN } from '#shared/protocol/sync.ts';
import { quantiles, round, type LatencySummary } from '../histogram.ts';
import { openServices, seedTables } from '../seed.ts';
import { spawnServer } from '../servers.ts';
import { buildBoard, openProvider, timeFreshLoad, whenSynced } from './board-docs.ts';

export interface InitialLoadOptions {
	notes: number;
	/** Small updates written through the server into the "day" room (100,000 in full mode). */
	dayUpdates: number;
	/** Server restarts; each gives one cold and one warm sample per room. */
	samples: number;
	log: (line: string) => void;
}

export interface RoomLoad {
	/** Bytes of the document's Yjs state. */
	stateBytes: number;
	/** Rows of its stored log when the samples were taken, and their bytes. */
	logRows: number;
	logBytes: number;
	/** Document only in storage: the first client after a server (re)start. */
	cold: LatencySummary;
	/** Document in server memory. */
	warm: LatencySummary;
}

export interface InitialLoadResult {
	notes: number;
	dayUpdates: number;
	/** Time to write the day's updates through the server (each stored before it was relayed). */
	dayWriteS: number;
	/** 2,000 notes, stored as one update. */
	board: RoomLoad;
	/** The same board after `dayUpdates` small updates through the server (log + compaction). */
	afterDay: RoomLoad;
	/** Control: the after-day state stored as one snapshot (what perfect compaction would give). */
	afterDaySnapshot: RoomLoad;
	/** readNotes() over the synced document, what the board renders from, ms (p50). */
	readNotesMs: number;
	/** afterDay ÷ board, p50: the target is 0.8–1.2. */
	dayRatio: { cold: number; warm: number };
	/**
	 * afterDay ÷ afterDaySnapshot, p50: what the log and its compaction add to loading the day's
	 * state, apart from the state itself having grown over the day (text typed, moves' deleted
	 * values that Yjs keeps); 1 is perfect compaction.
	 */
	logRatio: { cold: number; warm: number };
	/** afterDaySnapshot ÷ board, p50: how much costlier the day's state itself is to load. */
	stateGrowth: { cold: number; warm: number };
}

const WRITERS = 4;
/** Updates beyond `dayUpdates`: a log tail the last compaction has not taken yet. */
const DAY_TAIL = Math.round(COMPACT_AFTER_ROWS * 0.8);
/** Updates each writer sends before waiting for the server to relay them (flow control). */
const ROUND = 25;
const TIMEOUT_MS = 30_000;

export async function runInitialLoadSection(
	options: InitialLoadOptions
): Promise<InitialLoadResult> {
	const { log } = options;
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-bench-load-'));
	const env = { DATA_DIR: dataDir };
	try {
		// Tables: 1 board, 2 after a day, 3 its snapshot, 4 a copy of the board to warm the server up.
		const tables = await seedTables({
			env,
			tables: 4,
			seatsPerTable: WRITERS + 1,
			tablesSeeEachOther: false
		});
		const [board, day, snapshot, warmup] = tables.map((table) => table.room);
		// Each room is read with a token of its own table: a read-only connection would be told
		// "permission denied" for the empty update a stock client answers the server's step 1 with.
		const tokenOf = (room: string) => tables.find((table) => table.room === room)!.tokens[0];
		// Signed by the day's writers (seats 1…WRITERS of the day's table), who edit only their own.
		const state = buildBoard(options.notes, 6, tables[1].authorKeys.slice(1, 1 + WRITERS));
		await withDocuments(env, (documents) =>
			documents.append([
				{ name: board, update: state },
				{ name: day, update: state },
				{ name: warmup, update: state }
			])
		);
		log(
			`load: board of ${options.notes} notes = ${round(state.length / 1000, 1)} kB; writing ${options.dayUpdates} small updates…`
		);

		const server = await spawnServer({ kind: 'rajapinta', dataDir });
		let dayState: Uint8Array;
		// A few hundred more than a multiple of the compaction threshold, so the log is loaded as a
		// snapshot plus an uncompacted tail, as it usually is.
		const dayStarted = performance.now();
		try {
			dayState = await writeDay({
				syncUrl: server.syncUrl,
				room: day,
				tokens: tables[1].tokens,
				authorKeys: tables[1].authorKeys,
				updates: options.dayUpdates + DAY_TAIL
			});
		} finally {
			await server.stop();
		}
		const dayWriteS = (performance.now() - dayStarted) / 1000;
		await withDocuments(env, (documents) =>
			documents.append([{ name: snapshot, update: dayState }])
		);
		const logs = await withDocuments(env, async (documents) =>
			Promise.all(
				[board, day, snapshot].map(async (room) => {
					const rows = await documents.load(room);
					return { rows: rows.length, bytes: rows.reduce((n, row) => n + row.length, 0) };
				})
			)
		);
		log(
			`load: day written in ${round(dayWriteS, 1)} s; its log has ${logs[1].rows} rows (compaction at ${COMPACT_AFTER_ROWS})`
		);

		const samples = {
			board: { cold: [] as number[], warm: [] as number[] },
			day: { cold: [] as number[], warm: [] as number[] },
			snapshot: { cold: [] as number[], warm: [] as number[] }
		};
		const readNotesMs: number[] = [];
		for (let i = 0; i < options.samples; i++) {
			const running = await spawnServer({ kind: 'rajapinta', dataDir });
			try {
				const load = (room: string, notes = options.notes) =>
					timeFreshLoad({
						syncUrl: running.syncUrl,
						room,
						token: tokenOf(room),
						notes,
						timeoutMs: TIMEOUT_MS
					});
				// A fresh process first compiles Yjs's hot paths (JIT), which a server that has been up a
				// while has done; "cold" means only that the document is not in memory yet.
				await load(warmup);
				for (const [key, room] of [
					['board', board],
					['day', day],
					['snapshot', snapshot]
				] as const) {
					samples[key].cold.push(await load(room));
					samples[key].warm.push(await load(room));
				}
				readNotesMs.push(await timeReadNotes(running.syncUrl, board, tokenOf(board)));
			} finally {
				await running.stop();
			}
		}
		const roomLoad = (key: keyof typeof samples, index: number, bytes: number): RoomLoad => ({
			stateBytes: bytes,
			logRows: logs[index].rows,
			logBytes: logs[index].bytes,
			cold: quantiles(samples[key].cold),
			warm: quantiles(samples[key].warm)
		});
		const result: InitialLoadResult = {
			notes: options.notes,
			dayUpdates: options.dayUpdates,
			dayWriteS: round(dayWriteS, 1),
			board: roomLoad('board', 0, state.length),
			afterDay: roomLoad('day', 1, dayState.length),
			afterDaySnapshot: roomLoad('snapshot', 2, dayState.length),
			readNotesMs: quantiles(readNotesMs).p50,
			dayRatio: { cold: 0, warm: 0 },
			logRatio: { cold: 0, warm: 0 },
			stateGrowth: { cold: 0, warm: 0 }
		};
		const ratio = (a: RoomLoad, b: RoomLoad) => ({
			cold: round(a.cold.p50 / b.cold.p50),
			warm: round(a.warm.p50 / b.warm.p50)
		});
		result.dayRatio = ratio(result.afterDay, result.board);
		result.logRatio = ratio(result.afterDay, result.afterDaySnapshot);
		result.stateGrowth = ratio(result.afterDaySnapshot, result.board);
		return result;
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

async function withDocuments<T>(
	env: Record<string, string>,
	use: (documents: DocumentStore) => Promise<T>
): Promise<T> {
	const services = await openServices(env);
	try {
		return await use(services.storage.documents);
	} finally {
		await services.storage.close();
	}
}

/**
 * A day of edits at one table: `updates` small updates (typing and deleting characters in notes,
 * moving notes) from four writers through the server, so every one is stored, logged and compacted
 * as in production. Returns the final document state.
 */
async function writeDay(options: {
	syncUrl: string;
	room: string;
	tokens: string[];
	/** The seats' author keys, by token. */
	authorKeys: string[];
	updates: number;
}): Promise<Uint8Array> {
	const clients = options.tokens.map((token) =>
		openProvider({ syncUrl: options.syncUrl, room: options.room, token })
	);
	try {
		await Promise.all(clients.map((client) => whenSynced(client.provider, TIMEOUT_MS)));
		const [observer, ...writers] = clients;
		const writerDocs = writers.slice(0, WRITERS).map((client) => client.doc);
		// Participants may change only their own notes (SPEC S9): each writer edits those signed with
		// its seat's author key (the board is built with the writers' keys).
		const items = itemsOf(observer.doc);
		const idsOf = options.authorKeys
			.slice(1, 1 + writerDocs.length)
			.map((key) => [...items.keys()].filter((id) => items.get(id)?.get('authorKey') === key));
		if (idsOf.some((ids) => ids.length === 0)) throw new Error('[bench] a day writer has no notes');
		let sent = 0;
		let seed = 1;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const writing = writerDocs.map((_, w) => ({ id: idsOf[w][0], left: 0 }));
		while (sent < options.updates) {
			for (const [w, doc] of writerDocs.entries()) {
				for (let i = 0; i < ROUND && sent < options.updates; i++, sent++) {
					smallEdit(doc, writing[w], idsOf[w], random);
				}
			}
			await caughtUp(observer.doc, writerDocs);
		}
		return Y.encodeStateAsUpdate(observer.doc);
	} finally {
		for (const client of clients) {
			client.provider.destroy();
			// Also stops the Awareness the provider made, whose timer would keep the process alive.
			client.doc.destroy();
		}
	}
}

/**
 * One small update as people make them over a day: 80 % type a character at the end of the note a
 * writer is working on (a burst of 5–35 characters per note), 10 % delete the last character, 10 %
 * move a note. The document grows, as a real board does: mostly by the text typed.
 */
function smallEdit(
	doc: Y.Doc,
	writing: { id: string; left: number },
	ids: string[],
	random: () => number
): void {
	if (writing.left <= 0) {
		writing.id = ids[Math.floor(random() * ids.length)];
		writing.left = 5 + Math.floor(random() * 30);
	}
	writing.left--;
	const item = itemsOf(doc).get(writing.id);
	if (!item) return;
	const text = item.get('text') as Y.Text;
	const roll = random();
	doc.transact(() => {
		if (roll < 0.8) text.insert(text.length, 'abcdefghij'[Math.floor(random() * 10)]);
		else if (roll < 0.9) {
			if (text.length > 0) text.delete(text.length - 1, 1);
		} else {
			item.set('x', Math.round(random() * 10_000));
			item.set('y', Math.round(random() * 10_000));
		}
	}, TX_ORIGIN.local);
}

/** Waits until `observer` holds everything the writers wrote (the server stored and relayed it). */
async function caughtUp(observer: Y.Doc, writers: Y.Doc[]): Promise<void> {
	const started = performance.now();
	const done = () => {
		const have = Y.decodeStateVector(Y.encodeStateVector(observer));
		return writers.every(
			(doc) =>
				(have.get(doc.clientID) ?? 0) >=
				(Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0)
		);
	};
	while (!done()) {
		if (performance.now() - started > TIMEOUT_MS)
			throw new Error('[bench] the server stopped relaying the day');
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
}

async function timeReadNotes(syncUrl: string, room: string, token: string): Promise<number> {
	const { doc, provider } = openProvider({ syncUrl, room, token });
	try {
		await whenSynced(provider, TIMEOUT_MS);
		const started = performance.now();
		readNotes(doc);
		return performance.now() - started;
	} finally {
		provider.destroy();
		doc.destroy();
	}
}
