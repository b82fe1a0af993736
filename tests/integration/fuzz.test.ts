import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { createServer, type ViteDevServer } from 'vite';
import type { Socket } from 'socket.io-client';
import type { RunningServer } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { startRajapinta } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { formatJoinCode } from '#shared/model/ids.ts';
import { controlSchemas, type ControlEvent } from '#shared/protocol/control.ts';
import { ERROR_CODES } from '#shared/protocol/errors.ts';
import { roomName, SYNC_PATH } from '#shared/protocol/sync.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import {
	addNote,
	controlClient,
	joinParticipant,
	newStore,
	noteTexts,
	seedWorkshop,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';
import {
	ALLOWED_SYNC_CLOSES,
	frameArb,
	oversizedFrameArb,
	sendFrames,
	validFrames,
	type Frame
} from './fuzz/sync-frames.ts';
import {
	CONTROL_EVENTS,
	payloadArb,
	rawPacketArb,
	sendRawPackets
} from './fuzz/control-payloads.ts';
import { exportRequestArb, formRequestArb, type FuzzRequest } from './fuzz/http-requests.ts';

/**
 * Hostile input against the real server (issue 7, SPEC S5 and C-rules): seeded and bounded, so a
 * failure replays exactly. Cases are drawn with fc.sample, not fc.assert: shrinking would replay
 * hundreds of cases against a stateful server. After every batch the server must still answer and
 * a stock client's notes at a table must be intact and still sync.
 */
const FUZZ_SEED = 0x7a7a_2026;
const CASES = {
	syncParticipant: 1500,
	syncFacilitator: 600,
	syncOversized: 6,
	controlTyped: 600,
	controlRaw: 300,
	httpForms: 300,
	httpExport: 100
} as const;
const BATCH = 50;
/** Per test: the case counts bound the work; this only keeps a loaded CI machine from flaking. */
const TEST_TIMEOUT_MS = 120_000;

const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number, offset: number): T[] =>
	fc.sample(arb, { seed: FUZZ_SEED + offset, numRuns });

const hex = (frame: Frame) =>
	frame.binary
		? Buffer.from(frame.data.subarray(0, 48)).toString('hex')
		: `text:${String(frame.data).slice(0, 48)}`;

describe('fuzz: hostile input against the real server', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let home: { workshop: WorkshopRecord; facilitatorCookie: string };
	let other: { workshop: WorkshopRecord; facilitatorCookie: string };
	let attacker: Awaited<ReturnType<typeof joinParticipant>>;
	let victim: ReturnType<typeof stockClient>;
	let victimKey: string;
	const victimNotes: string[] = [];
	const crashes: string[] = [];
	const serverLog: string[] = [];
	const tried = { sync: 0, control: 0, http: 0 };
	let batches = 0;
	let checkMs = 0;
	const syncOutcomes = new Map<string, number>();

	const onCrash = (kind: string) => (error: unknown) => crashes.push(`${kind}: ${error}`);
	const onRejection = onCrash('unhandledRejection');
	const onException = onCrash('uncaughtException');

	beforeAll(async () => {
		process.on('unhandledRejection', onRejection);
		process.on('uncaughtException', onException);
		store = newStore('embedded');
		vite = await createServer({
			configFile: 'vite.config.ts',
			server: { middlewareMode: true, hmr: false, ws: false },
			appType: 'custom',
			logLevel: 'silent'
		});
		server = await startRajapinta({
			config: loadConfig({
				PORT: '0',
				HOST: '127.0.0.1',
				SEED_DEMO: 'false',
				LOG_LEVEL: 'quiet',
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		home = await seedWorkshop(server.services, { tableCount: 1 });
		other = await seedWorkshop(server.services, { tableCount: 2 });
		attacker = await joinParticipant(server.services, home.workshop, 'ngo');
		const seated = await joinParticipant(server.services, home.workshop, 'education');
		victimKey = seated.authorKey;
		victim = stockClient({
			serverUrl: server.url,
			room: roomName({ kind: 'table', workshopId: home.workshop.id, table: 1 }),
			token: seated.token
		});
		await waitFor(() => victim.provider.synced, 'victim synced');
		for (const text of ['Äidinkielen tuki', 'työnvarjostus', '🍀']) {
			addNote(victim.doc, victimKey, text);
			victimNotes.push(text);
		}
		await waitFor(() => noteTexts(victim.doc).length === 3, 'victim notes');
		// Server lines on stderr are expected (refusals, bad frames); keep them for the summary.
		for (const method of ['error', 'warn'] as const) {
			vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				serverLog.push(args.map(String).join(' '));
			});
		}
		// The first SvelteKit request compiles the routes; not part of any batch.
		await request({ method: 'GET', path: '/join', headers: {} });
	}, 60_000);

	afterAll(async () => {
		vi.restoreAllMocks();
		victim?.provider.destroy();
		await server?.close();
		await vite?.close();
		await store?.drop();
		process.off('unhandledRejection', onRejection);
		process.off('uncaughtException', onException);
		const total = tried.sync + tried.control + tried.http;
		const distinct = [...new Set(serverLog.map((line) => line.slice(0, 100)))];
		console.log(
			[
				`[fuzz] seed ${FUZZ_SEED}: ${total} cases tried (sync ${tried.sync}, control ${tried.control}, http ${tried.http}) in ${batches} batches (checks after them took ${Math.round(checkMs)} ms); crashes ${crashes.length}`,
				`[fuzz] sync outcomes: ${JSON.stringify(Object.fromEntries(syncOutcomes))}`,
				`[fuzz] server logged ${serverLog.length} lines, ${distinct.length} distinct:`,
				...distinct.slice(0, 15).map((line) => `  ${line}`)
			].join('\n')
		);
	});

	function request(req: FuzzRequest): Promise<number> {
		const url = new URL(server.url);
		return new Promise((resolve, reject) => {
			const outgoing = http.request(
				{
					host: url.hostname,
					port: url.port,
					method: req.method,
					// Percent-encoded as a browser would; node refuses raw control characters in a path.
					path: req.path.replace(/[^\x21-\x7e]/gu, (c) =>
						[...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')
					),
					headers: req.body
						? { ...req.headers, 'content-length': String(req.body.length) }
						: req.headers,
					timeout: 10_000
				},
				(response) => {
					response.resume();
					response.on('end', () => resolve(response.statusCode ?? 0));
				}
			);
			outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.path}: no answer`)));
			outgoing.on('error', reject);
			outgoing.end(req.body);
		});
	}

	/** The invariant after every batch: the server answers, nothing crashed, the table is whole. */
	async function checkAfterBatch(what: string): Promise<void> {
		const started = performance.now();
		try {
			await checkInvariants(what);
		} finally {
			checkMs += performance.now() - started;
		}
	}

	async function checkInvariants(what: string): Promise<void> {
		batches++;
		expect(crashes, `after ${what}`).toEqual([]);
		expect(await request({ method: 'GET', path: '/healthz', headers: {} })).toBe(200);
		expect(await request({ method: 'GET', path: '/readyz', headers: {} })).toBe(200);
		for (const text of victimNotes) expect(noteTexts(victim.doc)).toContain(text);
		const marker = `batch ${batches}`;
		addNote(victim.doc, victimKey, marker);
		victimNotes.push(marker);
		const reader = stockClient({
			serverUrl: server.url,
			room: roomName({ kind: 'table', workshopId: home.workshop.id, table: 1 }),
			cookie: home.facilitatorCookie
		});
		try {
			await waitFor(
				() => reader.provider.synced && victimNotes.every((t) => noteTexts(reader.doc).includes(t)),
				`a fresh client sees every victim note after ${what}`
			);
		} finally {
			reader.provider.destroy();
		}
	}

	const syncUrl = (room: string, credential: string) =>
		`${server.url.replace(/^http/, 'ws')}${SYNC_PATH}/${room}?v=${PROTOCOL_VERSION}&${credential}`;

	async function fuzzSync(options: {
		name: string;
		cases: { frames: Frame[]; early: boolean; plenary: boolean }[];
		url: (plenary: boolean) => string;
		headers?: Record<string, string>;
		afterBatch?: () => Promise<void>;
	}): Promise<void> {
		for (let start = 0; start < options.cases.length; start += BATCH) {
			for (const [i, c] of options.cases.slice(start, start + BATCH).entries()) {
				const outcome = await sendFrames({
					url: options.url(c.plenary),
					frames: c.frames,
					early: c.early,
					headers: options.headers
				});
				tried.sync++;
				const key = outcome.open ? 'open' : String(outcome.code);
				syncOutcomes.set(key, (syncOutcomes.get(key) ?? 0) + 1);
				if (!outcome.open && !ALLOWED_SYNC_CLOSES.has(outcome.code)) {
					expect.fail(
						`${options.name} case ${start + i} closed with ${outcome.code}: ${c.frames.map(hex).join(' | ')}`
					);
				}
			}
			await options.afterBatch?.();
			await checkAfterBatch(`${options.name} cases ${start}..${start + BATCH - 1}`);
		}
	}

	const syncCase = (arb: fc.Arbitrary<Frame>, maxFrames: number) =>
		fc.record({
			frames: fc.array(arb, { minLength: 1, maxLength: maxFrames }),
			early: fc.boolean(),
			plenary: fc.boolean()
		});

	it(
		'[S5] random, truncated and mutated frames from a participant close only that connection',
		async () => {
			const table = roomName({ kind: 'table', workshopId: home.workshop.id, table: 1 });
			const plenary = roomName({ kind: 'plenary', workshopId: home.workshop.id });
			await fuzzSync({
				name: 'sync/participant',
				cases: sample(
					syncCase(frameArb(validFrames(attacker.authorKey)), 4),
					CASES.syncParticipant,
					1
				),
				url: (atPlenary) => syncUrl(atPlenary ? plenary : table, `token=${attacker.token}`)
			});
		},
		TEST_TIMEOUT_MS
	);

	it(
		'[S5] the same from a facilitator, whose valid updates are stored: the board still loads',
		async () => {
			const board = roomName({ kind: 'table', workshopId: other.workshop.id, table: 1 });
			const plenary = roomName({ kind: 'plenary', workshopId: other.workshop.id });
			await fuzzSync({
				name: 'sync/facilitator',
				cases: sample(syncCase(frameArb(validFrames('facilitator')), 4), CASES.syncFacilitator, 2),
				url: (atPlenary) => syncUrl(atPlenary ? plenary : board, 'as=facilitator'),
				headers: { cookie: other.facilitatorCookie },
				afterBatch: async () => {
					// A fresh client loads whatever was stored and converges with a second one.
					await server.realtime.sync.flush();
					const a = stockClient({
						serverUrl: server.url,
						room: board,
						cookie: other.facilitatorCookie
					});
					const b = stockClient({
						serverUrl: server.url,
						room: board,
						cookie: other.facilitatorCookie
					});
					try {
						await waitFor(() => a.provider.synced && b.provider.synced, 'fuzzed board loads');
						expect(noteTexts(a.doc)).toEqual(noteTexts(b.doc));
					} finally {
						a.provider.destroy();
						b.provider.destroy();
					}
				}
			});
		},
		TEST_TIMEOUT_MS
	);

	it(
		'[S5] oversized frames and giant updates are refused whole',
		async () => {
			const table = roomName({ kind: 'table', workshopId: home.workshop.id, table: 1 });
			await fuzzSync({
				name: 'sync/oversized',
				cases: [
					// Each alone first, so none hides behind another that closes the connection.
					...sample(oversizedFrameArb(attacker.authorKey), 40, 3)
						.filter((frame, i, all) => all.findIndex((f) => f.data === frame.data) === i)
						.map((frame) => ({ frames: [frame], early: false, plenary: false })),
					...sample(syncCase(oversizedFrameArb(attacker.authorKey), 2), CASES.syncOversized, 3)
				],
				url: () => syncUrl(table, `token=${attacker.token}`)
			});
			const longest = Math.max(...noteTexts(victim.doc).map((text) => text.length));
			console.log(`[fuzz] longest note at the table after giant updates: ${longest} chars`);
		},
		TEST_TIMEOUT_MS
	);

	it(
		'[C4] malformed payloads at every control event get an error ack or none, never a crash',
		async () => {
			expect(CONTROL_EVENTS.length).toBeGreaterThanOrEqual(15);
			const ids = [home.workshop.id, other.workshop.id, 'x'.repeat(8)];
			const cases = sample(payloadArb(ids), CASES.controlTyped, 4);
			const errorCodes = new Set<string>(Object.values(ERROR_CODES));
			const seen = new Set<string>();
			for (let start = 0; start < cases.length; start += BATCH) {
				// Half of each batch as the other workshop's facilitator, half as a participant of home.
				for (const credential of ['facilitator', 'participant'] as const) {
					const client = controlClient({
						serverUrl: server.url,
						...(credential === 'facilitator'
							? { cookie: other.facilitatorCookie }
							: { token: attacker.token })
					}) as unknown as Socket;
					await waitFor(() => client.connected, `${credential} control connected`);
					const half = cases
						.slice(start, start + BATCH)
						.filter((_, i) => i % 2 === (credential === 'facilitator' ? 0 : 1));
					await Promise.all(
						half.map(async ({ event, payload, withAck, extra }) => {
							tried.control++;
							seen.add(event);
							if (!withAck) {
								client.emit(event, payload, ...extra);
								return;
							}
							let reply: unknown;
							try {
								reply = await client.timeout(500).emitWithAck(event, payload, ...extra);
							} catch {
								// No ack is allowed only where the server cannot tell which argument is the ack
								// (extra arguments) or the socket was dropped (a message over the size cap).
								if (extra.length === 0 && client.connected) {
									expect.fail(`no ack for ${JSON.stringify({ event, payload }).slice(0, 200)}`);
								}
								return;
							}
							const result = reply as { ok: boolean; error?: string };
							const shown = JSON.stringify({ event, payload }).slice(0, 200);
							expect(typeof result.ok, shown).toBe('boolean');
							if (!(CONTROL_EVENTS as string[]).includes(event)) {
								expect(result, `unknown event ${shown}`).toEqual({
									ok: false,
									error: 'invalid_payload'
								});
							} else if (!result.ok) expect(errorCodes.has(result.error!), shown).toBe(true);
							else {
								const wire = JSON.parse(JSON.stringify(payload ?? null)) as unknown;
								const schema = controlSchemas[event as ControlEvent];
								expect(schema && v.safeParse(schema, wire).success, `accepted ${shown}`).toBe(true);
							}
						})
					);
					client.disconnect();
				}
				await checkAfterBatch(`control cases ${start}..${start + BATCH - 1}`);
			}
			for (const event of CONTROL_EVENTS) expect(seen).toContain(event);
		},
		TEST_TIMEOUT_MS
	);

	it(
		'[C4] raw socket.io packets (reserved events, lying attachments, junk) never crash',
		async () => {
			const cases = sample(
				fc.array(rawPacketArb(), { minLength: 1, maxLength: 4 }),
				CASES.controlRaw,
				5
			);
			for (let start = 0; start < cases.length; start += BATCH) {
				const batch = cases.slice(start, start + BATCH);
				for (let i = 0; i < batch.length; i += 5) {
					const outcomes = await Promise.all(
						batch.slice(i, i + 5).map((packets, j) =>
							sendRawPackets({
								serverUrl: server.url,
								...(j % 2 === 0 ? { cookie: other.facilitatorCookie } : { token: attacker.token }),
								packets
							})
						)
					);
					tried.control += outcomes.length;
					for (const outcome of outcomes) expect(['answered', 'closed']).toContain(outcome);
				}
				await checkAfterBatch(`raw control cases ${start}..${start + BATCH - 1}`);
			}
		},
		TEST_TIMEOUT_MS
	);

	it(
		'malformed bodies at the form actions and export query strings get a 4xx or a redirect, never a 5xx',
		async () => {
			const forms = sample(
				formRequestArb({ serverUrl: server.url, facilitatorCookie: other.facilitatorCookie }),
				CASES.httpForms,
				6
			);
			const network = await server.services.networks.create(
				home.workshop.createdBy,
				'Savon verkosto'
			);
			const exports = sample(
				exportRequestArb({
					paths: [
						`/facilitator/w/${home.workshop.id}/export`,
						`/facilitator/networks/${network.id}/export`
					],
					facilitatorCookie: home.facilitatorCookie
				}),
				CASES.httpExport,
				7
			);
			// The other workshop's real code now and then, so joining can succeed too.
			const code = formatJoinCode(other.workshop.joinCode);
			const requests = [...forms, ...exports].map((req, i) =>
				i % 17 === 0 && req.path === '/join' && req.body
					? { ...req, body: Buffer.from(`code=${code}&organisation=Fuzz&actorType=ngo`) }
					: req
			);
			const statuses = new Map<number, number>();
			const timeByRoute = new Map<string, number>();
			for (let start = 0; start < requests.length; start += BATCH) {
				for (const req of requests.slice(start, start + BATCH)) {
					const started = performance.now();
					const status = await request(req);
					const route = req.path.split('?')[0].replace(/\/(w|networks)\/[^/]+/, '/$1/:id');
					timeByRoute.set(route, (timeByRoute.get(route) ?? 0) + performance.now() - started);
					tried.http++;
					statuses.set(status, (statuses.get(status) ?? 0) + 1);
					if (status >= 500) {
						expect.fail(
							`${req.method} ${req.path} answered ${status}: ${JSON.stringify(req.headers)} ${req.body?.subarray(0, 200).toString()}`
						);
					}
				}
				await checkAfterBatch(`http cases ${start}..${start + BATCH - 1}`);
			}
			console.log(`[fuzz] http statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
			console.log(
				`[fuzz] http ms by route: ${JSON.stringify(Object.fromEntries([...timeByRoute].map(([k, t]) => [k, Math.round(t)])))}`
			);
		},
		TEST_TIMEOUT_MS
	);
});
