import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import { round } from '../histogram.ts';
import { EditMaker, encodeUpdateFrame } from '../load/edits.ts';
import { openServices, seedTables } from '../seed.ts';
import { spawnServer } from '../servers.ts';
import { buildBoard } from './board-docs.ts';

export interface MemoryOptions {
	/** Documents opened (each a table board of `notes` notes). */
	documents: number;
	notes: number;
	log: (line: string) => void;
}

/** A workshop of 30 people at 5 tables of 6: 5 table boards + the plenary, 30 connections. */
const WORKSHOP = { documents: 6, connections: 30 } as const;
const GIB_MIB = 1024;
const SETTLE_MS = 3_000;
const EXTRA_CONNECTIONS = 5;

export interface MemoryResult {
	documents: number;
	notesPerDocument: number;
	documentStateBytes: number;
	/**
	 * Server RSS with the documents closed; with one idle client each; with five; and with a sixth
	 * client each that made one edit. MiB.
	 */
	rssMiB: {
		baseline: number;
		oneClientEach: number;
		fiveClientsEach: number;
		sixClientsEach: number;
	};
	/** RSS per open document just after an edit (its Y.Doc in memory), without connections, KiB. */
	perActiveDocumentKiB: number;
	/**
	 * RSS per idle open document (room, awareness, the document as stored bytes), KiB. A room that
	 * was edited returns to this once it hibernates (HIBERNATE_AFTER_MS without an edit; checked in
	 * server/sync/room.spec.ts, not here: RSS does not shrink when V8 frees heap).
	 */
	perDocumentKiB: number;
	/** RSS per idle connection, KiB. */
	perConnectionKiB: number;
	/** 6 documents + 30 connections (see WORKSHOP), MiB, and how many fit in 1 GiB. */
	perWorkshopMiB: number;
	workshopsPerGiB: number;
}

/**
 * RSS of open workshop documents: open `documents` stored boards with one idle connection
 * each, then four more each, then a sixth each that makes one edit, and divide the growth. RSS is what the kernel reports, read after the server has been quiet for a few
 * seconds and has collected its garbage (memory-server.ts).
 */
export async function runMemorySection(options: MemoryOptions): Promise<MemoryResult> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-bench-mem-'));
	const env = { DATA_DIR: dataDir };
	const sockets: WebSocket[] = [];
	try {
		const tables = await seedTables({
			env,
			tables: options.documents + 1,
			seatsPerTable: 1 + EXTRA_CONNECTIONS
		});
		const state = buildBoard(options.notes);
		const services = await openServices(env);
		try {
			await services.storage.documents.append(
				tables.slice(1).map((table) => ({ name: table.room, update: state }))
			);
		} finally {
			await services.storage.close();
		}
		const server = await spawnServer({ kind: 'rajapinta', dataDir, gcHook: true });
		try {
			const open = async (table: (typeof tables)[number], seat: number, edit = false) => {
				const url = `${server.syncUrl}/${table.room}?v=${PROTOCOL_VERSION}&token=${encodeURIComponent(table.tokens[seat])}`;
				const ws = new WebSocket(url, { perMessageDeflate: false });
				sockets.push(ws);
				// The server's first message (sync step 1) means the room is loaded and joined.
				await new Promise<void>((resolve, reject) => {
					ws.once('message', () => resolve());
					ws.once('error', reject);
					ws.once('close', (code) => reject(new Error(`[bench] closed ${code}`)));
				});
				if (edit) {
					// One note moved or added, so the server makes the room's Y.Doc as an edit does.
					const doc = new Y.Doc();
					let update: Uint8Array | null = null;
					doc.on('update', (u: Uint8Array) => (update = u));
					const authorKey = table.authorKeys[seat];
					new EditMaker({ doc, seat, authorKey }).edit(performance.now() * 1000);
					ws.send(encodeUpdateFrame(update!));
					doc.destroy();
				}
			};
			// Warm the process up (code paths, first allocation of the heap) on a spare room.
			await open(tables[0], 0);
			const settle = async () => {
				await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
				await server.collect();
				return server.sample().rssMiB;
			};
			const baseline = await settle();
			for (const table of tables.slice(1)) await open(table, 0);
			const oneEach = await settle();
			for (const table of tables.slice(1)) {
				for (let seat = 1; seat < EXTRA_CONNECTIONS; seat++) await open(table, seat);
			}
			const idle = await settle();
			// One edit per room: the server now holds each room's Y.Doc until it hibernates.
			for (const table of tables.slice(1)) await open(table, EXTRA_CONNECTIONS, true);
			const edited = await settle();
			const perConnectionKiB =
				((idle - oneEach) * 1024) / (options.documents * (EXTRA_CONNECTIONS - 1));
			const perDocumentKiB = ((oneEach - baseline) * 1024) / options.documents - perConnectionKiB;
			const perActiveDocumentKiB =
				((edited - idle) * 1024) / options.documents - perConnectionKiB + perDocumentKiB;
			const perWorkshopMiB =
				(WORKSHOP.documents * perDocumentKiB + WORKSHOP.connections * perConnectionKiB) / 1024;
			options.log(
				`memory: ${round(perDocumentKiB, 0)} KiB per idle document, ${round(perActiveDocumentKiB, 0)} KiB after an edit, ${round(perConnectionKiB, 0)} KiB per connection`
			);
			return {
				documents: options.documents,
				notesPerDocument: options.notes,
				documentStateBytes: state.length,
				rssMiB: {
					baseline: round(baseline, 1),
					oneClientEach: round(oneEach, 1),
					fiveClientsEach: round(idle, 1),
					sixClientsEach: round(edited, 1)
				},
				perActiveDocumentKiB: round(perActiveDocumentKiB, 1),
				perDocumentKiB: round(perDocumentKiB, 1),
				perConnectionKiB: round(perConnectionKiB, 1),
				perWorkshopMiB: round(perWorkshopMiB, 2),
				workshopsPerGiB: Math.floor(GIB_MIB / perWorkshopMiB)
			};
		} finally {
			for (const ws of sockets) ws.terminate();
			await server.stop();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
