import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io, type Socket } from 'socket.io-client';
import postgres from 'postgres';
import { loadConfig, type Config } from '#server/config.ts';
import { startRajapinta, type RunningServer } from '#server/app.ts';
import { PARTICIPANT_TOKEN_TTL_MS } from '#server/auth/tokens.ts';
import type { Services } from '#server/services.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { ActorType } from '#shared/model/actor.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import {
	CONTROL_PATH,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '#shared/protocol/control.ts';
import { DOC_ROOT, SYNC_PATH } from '#shared/protocol/sync.ts';
import { createNote, readNotes } from '#shared/model/board.ts';

/** y-websocket's message type for auth messages; 0 inside it is "permission denied". */
const MESSAGE_AUTH = 2;

/** Where the integration suites keep their data: 'embedded' (SQLite) or 'postgres'. */
export type StoreKind = 'embedded' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['embedded', 'postgres'];
export const POSTGRES_URL =
	process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh place to keep data: a temp folder, or a throwaway PostgreSQL schema. */
export interface TestStore {
	kind: StoreKind;
	env: Record<string, string>;
	drop(): Promise<void>;
}

export function newStore(kind: StoreKind): TestStore {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-it-'));
	const schema = `it_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const env: Record<string, string> = { DATA_DIR: dataDir };
	if (kind === 'postgres')
		Object.assign(env, { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema });
	return {
		kind,
		env,
		async drop() {
			rmSync(dataDir, { recursive: true, force: true });
			if (kind === 'postgres') {
				const sql = postgres(POSTGRES_URL, { onnotice: () => {} });
				await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
				await sql.end();
			}
		}
	};
}

function testConfig(store: TestStore): Config {
	return loadConfig({
		PORT: '0',
		HOST: '127.0.0.1',
		SEED_DEMO: 'false',
		LOG_LEVEL: 'quiet',
		// Fixture workshops have fixed dates: once those age past retention, a start-up sweep
		// would erase participants a test relies on (privacy.test.ts and retention.spec.ts test it).
		RETENTION_JOB: 'false',
		...store.env
	});
}

/** The real server in this process on a random port, with a 404 handler in place of SvelteKit. */
export async function startServer(store: TestStore): Promise<RunningServer> {
	return startRajapinta({
		config: testConfig(store),
		handler: (_request, response) => {
			response.statusCode = 404;
			response.end();
		}
	});
}

/**
 * The real server in this process with the app's own routes (SvelteKit served by Vite, so no
 * build is needed): for tests of pages, form actions and downloads. `close` stops both.
 */
export async function startAppServer(store: TestStore): Promise<RunningServer> {
	const { createServer } = await import('vite');
	const vite = await createServer({
		configFile: 'vite.config.ts',
		server: { middlewareMode: true, hmr: false, ws: false },
		appType: 'custom',
		logLevel: 'silent'
	});
	const server = await startRajapinta({
		config: testConfig(store),
		handler: (request, response, next) => vite.middlewares(request, response, next)
	});
	return {
		...server,
		async close() {
			await server.close();
			await vite.close();
		}
	};
}

/** A form action posted as a browser with JavaScript does: SvelteKit answers with JSON. */
export async function postAction(
	server: RunningServer,
	path: string,
	fields: Record<string, string>,
	cookie: string
): Promise<{ status: number; type?: string; data?: string }> {
	const response = await fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: {
			cookie,
			origin: server.url,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});
	const body = (await response.json().catch(() => ({}))) as { type?: string; data?: string };
	return { status: response.status, ...body };
}

/** The server as a child process (for kill -9); resolves once it listens. */
export async function spawnServer(
	store: TestStore,
	port = 0
): Promise<{ child: ChildProcess; url: string; port: number }> {
	const entry = path.resolve(import.meta.dirname, 'server-process.ts');
	const child = spawn(process.execPath, [entry], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			SEED_DEMO: 'false',
			RETENTION_JOB: 'false',
			...store.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
		child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
		let stdout = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: match[1], port: Number(new URL(match[1]).port) });
			}
		});
	});
}

export function killHard(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null) return resolve();
		child.removeAllListeners('exit');
		child.once('exit', () => resolve());
		child.kill('SIGKILL');
	});
}

/** A facilitator with a session, a workshop, and a way to seat participants in it. */
export async function seedWorkshop(
	services: Services,
	options: { tableCount?: number; tablesSeeEachOther?: boolean } = {}
): Promise<{ workshop: WorkshopRecord; facilitatorCookie: string }> {
	const session = await services.accounts.signUp({
		email: `f${Math.random().toString(36).slice(2)}@example.fi`,
		password: 'correct horse battery',
		displayName: 'Fasilitoija'
	});
	const workshop = await services.workshops.create(session.user.id, {
		title: 'Testipaja',
		locality: 'Kuopio',
		date: '2026-11-23',
		duration: 'full_day',
		tableCount: options.tableCount ?? 2,
		tablesSeeEachOther: options.tablesSeeEachOther
	});
	return { workshop, facilitatorCookie: `rp_session=${session.token}` };
}

/** Seats a participant and returns their signed token and table. */
export async function joinParticipant(
	services: Services,
	workshop: WorkshopRecord,
	actorType: ActorType = 'education'
): Promise<{ token: string; table: number; authorKey: string }> {
	const participant = await services.workshops.join(workshop, {
		displayName: null,
		organisation: `Org ${Math.random().toString(36).slice(2, 6)}`,
		actorType
	});
	const token = services.tokens.sign({
		participantId: participant.id,
		workshopId: workshop.id,
		expiresAt: Date.now() + PARTICIPANT_TOKEN_TTL_MS
	});
	return { token, table: participant.table, authorKey: services.tokens.authorKey(participant.id) };
}

/**
 * Adds a note by `authorKey` and returns its text. Participants may write only items of their
 * own on a board (server/sync/SPEC.md S9), so tests edit notes, never free-form roots.
 */
export function addNote(doc: Y.Doc, authorKey: string, text = ''): Y.Text {
	const id = createNote(doc, { actorType: 'education', authorKey, text });
	return doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).get(id)!.get('text') as Y.Text;
}

/** The texts of every note on a board, sorted, to compare what two clients see. */
export function noteTexts(doc: Y.Doc): string[] {
	return readNotes(doc)
		.map((note) => note.text)
		.sort();
}

/** A `ws` WebSocket class that sends extra headers (a Cookie, an Origin) like a browser would. */
export function webSocketWithHeaders(headers: Record<string, string>) {
	return class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, { headers });
		}
	};
}

/** A stock y-websocket client, exactly as a browser would use it (plus a Node WebSocket). */
export function stockClient(options: {
	serverUrl: string;
	room: string;
	token?: string;
	cookie?: string;
	origin?: string;
	version?: string;
}): {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: { code: number; reason: string }[];
	/** Reasons of the "permission denied" messages the server sent (SPEC S6, S9, S13). */
	denials: string[];
} {
	const doc = new Y.Doc();
	const params: Record<string, string> = { v: options.version ?? String(PROTOCOL_VERSION) };
	if (options.token) params.token = options.token;
	const provider = new WebsocketProvider(
		options.serverUrl.replace(/^http/, 'ws') + SYNC_PATH,
		options.room,
		doc,
		{
			params,
			disableBc: true,
			WebSocketPolyfill: webSocketWithHeaders({
				...(options.cookie ? { cookie: options.cookie } : {}),
				...(options.origin ? { origin: options.origin } : {})
			}) as never,
			maxBackoffTime: 200
		}
	);
	const closes: { code: number; reason: string }[] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	const denials: string[] = [];
	provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
		if (decoding.readVarUint(decoder) === 0) denials.push(decoding.readVarString(decoder));
	};
	return { doc, provider, closes, denials };
}

export function controlClient(options: {
	serverUrl: string;
	token?: string;
	cookie?: string;
	origin?: string;
	version?: number;
}): Socket<ServerToClientEvents, ClientToServerEvents> {
	return io(options.serverUrl, {
		path: CONTROL_PATH,
		transports: ['websocket'],
		auth: {
			v: options.version ?? PROTOCOL_VERSION,
			...(options.token ? { token: options.token } : {})
		},
		extraHeaders: {
			...(options.cookie ? { cookie: options.cookie } : {}),
			...(options.origin ? { origin: options.origin } : {})
		},
		reconnection: false,
		forceNew: true
	});
}

/** Polls until `check` returns true or the time runs out (then throws with `what`). */
export async function waitFor(
	check: () => boolean,
	what: string,
	timeoutMs = 5_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
