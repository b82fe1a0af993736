import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import postgres from 'postgres';
import { openStorage } from '#server/storage/index.ts';
import type { DocumentStore, Storage } from '#server/storage/storage.ts';
import { Connection, type SyncSocket } from '#server/sync/connection.ts';
import { GroupCommit } from '#server/sync/group-commit.ts';
import { Room } from '#server/sync/room.ts';
import { round } from '../histogram.ts';
import { EditMaker, encodeUpdateFrame } from '../load/edits.ts';
import { quietly } from '../seed.ts';

export const POSTGRES_URL =
	process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface StorageOptions {
	/** Updates per measurement. */
	updates: number;
	documents: number;
	batchSizes: number[];
	/** Updates arriving per event-loop turn in the group-commit run (frames read in one turn). */
	arrivalsPerTurn: number[];
	log: (line: string) => void;
}

export interface StoreResult {
	store: 'embedded' | 'postgres';
	/** DocumentStore.append with fixed batch sizes, one after the other. */
	append: { batchSize: number; updatesPerS: number }[];
	/**
	 * The sync core end to end without the network: Room.receive (decode, validate) → GroupCommit →
	 * append → apply → relay, with `arrivalsPerTurn` frames arriving per event-loop turn.
	 */
	groupCommit: {
		arrivalsPerTurn: number;
		updatesPerS: number;
		transactions: number;
		meanRowsPerTransaction: number;
	}[];
	skipped?: string;
}

export interface StorageResult {
	updateBytes: number;
	stores: StoreResult[];
}

export async function runStorageSection(options: StorageOptions): Promise<StorageResult> {
	const frames = makeFrames(options.updates, options.documents);
	const updateBytes = Math.round(
		frames.reduce((n, frame) => n + frame.update.length, 0) / frames.length
	);
	const stores: StoreResult[] = [];
	for (const kind of ['embedded', 'postgres'] as const) {
		options.log(`storage: ${kind}…`);
		stores.push(await measureStore(kind, frames, options));
	}
	return { updateBytes, stores };
}

interface Frame {
	document: number;
	update: Uint8Array;
	frame: Uint8Array;
}

/** Valid board edits of six participants per document, as their clients would send them. */
function makeFrames(count: number, documents: number): Frame[] {
	const makers = Array.from({ length: documents * 6 }, (_, i) => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		return { maker: new EditMaker({ doc, seat: i % 6 }), updates, document: Math.floor(i / 6) };
	});
	const frames: Frame[] = [];
	for (let i = 0; frames.length < count; i++) {
		const { maker, updates, document } = makers[i % makers.length];
		maker.edit(performance.now() * 1000);
		const update = updates.pop()!;
		frames.push({ document, update, frame: encodeUpdateFrame(update) });
	}
	return frames;
}

async function open(
	kind: 'embedded' | 'postgres'
): Promise<{ storage: Storage; drop(): Promise<void> }> {
	if (kind === 'embedded') {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-bench-store-'));
		const storage = await quietly(() => openStorage({ databaseUrl: null, dataDir }));
		return { storage, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
	}
	const schema = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
	const storage = await openStorage({ databaseUrl: POSTGRES_URL, dataDir: os.tmpdir(), schema });
	return {
		storage,
		drop: async () => {
			const sql = postgres(POSTGRES_URL, { onnotice: () => {} });
			try {
				await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			} finally {
				await sql.end();
			}
		}
	};
}

async function measureStore(
	kind: 'embedded' | 'postgres',
	frames: Frame[],
	options: StorageOptions
): Promise<StoreResult> {
	let opened: Awaited<ReturnType<typeof open>>;
	try {
		opened = await open(kind);
	} catch (error) {
		return { store: kind, append: [], groupCommit: [], skipped: String(error) };
	}
	try {
		const append: StoreResult['append'] = [];
		for (const batchSize of options.batchSizes) {
			const documents = opened.storage.documents;
			const started = performance.now();
			for (let i = 0; i < frames.length; i += batchSize) {
				await documents.append(
					frames
						.slice(i, i + batchSize)
						.map((f) => ({ name: `append-${batchSize}-${f.document}`, update: f.update }))
				);
			}
			append.push({
				batchSize,
				updatesPerS: round(frames.length / ((performance.now() - started) / 1000), 0)
			});
		}
		const groupCommit: StoreResult['groupCommit'] = [];
		for (const arrivalsPerTurn of options.arrivalsPerTurn) {
			groupCommit.push(await measureGroupCommit(opened.storage.documents, frames, arrivalsPerTurn));
		}
		return { store: kind, append, groupCommit };
	} finally {
		await opened.storage.close();
		await opened.drop();
	}
}

const NULL_SOCKET: SyncSocket = {
	readyState: 1,
	bufferedAmount: 0,
	send: () => {},
	close: () => {}
};

async function measureGroupCommit(
	store: DocumentStore,
	frames: Frame[],
	arrivalsPerTurn: number
): Promise<StoreResult['groupCommit'][number]> {
	let transactions = 0;
	const counting: DocumentStore = {
		...store,
		load: (name) => store.load(name),
		countUpdates: (name) => store.countUpdates(name),
		compact: (name, merge) => store.compact(name, merge),
		append: (batch) => {
			transactions++;
			return store.append(batch);
		}
	};
	const commit = new GroupCommit({ documents: counting, log: (line) => console.error(line) });
	const prefix = `gc-${arrivalsPerTurn}-${Math.random().toString(36).slice(2, 6)}`;
	const rooms = new Map<number, { room: Room; connection: Connection }>();
	for (const frame of frames) {
		if (rooms.has(frame.document)) continue;
		const room = new Room(`${prefix}-${frame.document}`, commit);
		const connection = new Connection(NULL_SOCKET, {
			mode: 'write',
			mayWriteNow: () => true,
			principalKey: 'bench'
		});
		room.join(connection);
		rooms.set(frame.document, { room, connection });
	}
	const started = performance.now();
	for (let i = 0; i < frames.length; i += arrivalsPerTurn) {
		for (const frame of frames.slice(i, i + arrivalsPerTurn)) {
			const { room, connection } = rooms.get(frame.document)!;
			room.receive(connection, frame.frame);
		}
		await new Promise((resolve) => setImmediate(resolve));
	}
	await commit.flush();
	const seconds = (performance.now() - started) / 1000;
	for (const { room } of rooms.values()) room.destroy();
	return {
		arrivalsPerTurn,
		updatesPerS: round(frames.length / seconds, 0),
		transactions,
		meanRowsPerTransaction: round(frames.length / Math.max(1, transactions), 1)
	};
}
