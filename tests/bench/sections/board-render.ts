import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type CDPSession,
	type Page
} from '@playwright/test';
import { itemsOf, moveItems, readNotes } from '#shared/model/board.ts';
import { parseRoomName } from '#shared/protocol/sync.ts';
import { quantiles, round, type LatencySummary } from '../histogram.ts';
import { summariseProfile } from '../profile-summary.ts';
import { openServices, seedTables } from '../seed.ts';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { formatRender } from '../report.ts';
import { buildBoard, openProvider, whenSynced } from './board-docs.ts';

/**
 * The board canvas in headless Chromium (Debian's, never a download) with a board of `notes`
 * notes: time to the first full render after the page starts loading, and frame intervals while
 * this person pans and while another participant drags a note. Figures only; nothing asserts.
 *
 * Run on its own: `node tests/bench/sections/board-render.ts [notes] [runs] [baseline checkout]`
 * after `npm run build` (the server serves the built app). `npm run bench -- --sections render`
 * builds it when needed. Each run is a fresh browser context (no cached board); first render is the
 * median over runs, frame figures pool every run's frames.
 *
 * Baseline: with a second checkout (e.g. `git worktree add ../base <commit>`, `npm ci` and
 * `npm run build` there) given as `baselineApp` (`--render-baseline DIR`, or the third argument),
 * the same runs alternate between that app and this one, each on its own server and copy of the
 * board, so before/after figures come from one invocation on one machine.
 * `RENDER_PROFILE=1` records a CDP CPU profile of the first render and of the remote drag, saves
 * them as .cpuprofile files in the temp directory and prints their summaries (timings then include
 * the profiler's overhead; take figures from a run without it).
 */

export interface BoardRenderOptions {
	notes: number;
	/** Page loads per app (default 3). */
	runs?: number;
	/** Root of another built checkout to measure the same way in the same invocation. */
	baselineApp?: string;
	log: (line: string) => void;
}

export interface BoardRenderFigures {
	/**
	 * Navigation start → every note drawn on the canvas, ms (page load, document sync, building
	 * the scene and its first frame), median over the runs.
	 */
	firstRenderMs: number;
	firstRenderRuns: number[];
	/** requestAnimationFrame intervals, ms, while dragging the view at zoom-to-fit (all visible). */
	panFitFrames: LatencySummary;
	/** The same at 100 % zoom (culling leaves what is on screen). */
	panFullFrames: LatencySummary;
	/** While another participant drags a note (60 moves at ~60 Hz through the server). */
	remoteDragFrames: LatencySummary;
	/**
	 * The page's main-thread work per frame in each of the three, ms (Chromium's TaskDuration
	 * over the frames recorded, pooled over runs). A frame interval only shows work once a frame
	 * overruns its 16.7 ms; this shows how much of the budget the board takes.
	 */
	busyPerFrameMs: { panFit: number; panFull: number; remoteDrag: number };
}

export interface BoardRenderResult extends BoardRenderFigures {
	notes: number;
	/** The same figures for `baselineApp`, measured in alternation with these. */
	baseline?: BoardRenderFigures & { app: string };
}

const CHROMIUM = '/usr/bin/chromium';
const THIS_APP = path.resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

/**
 * The whole app (SvelteKit handler included, from build/), as production runs it; the bench's
 * own server process leaves the handler out, and the canvas needs the pages.
 */
async function startApp(dataDir: string, appDir: string) {
	const port = await freePort();
	const child = spawn(process.execPath, [path.join(appDir, 'server/index.ts')], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			SEED_DEMO: 'false',
			LOG_LEVEL: 'quiet'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + TIMEOUT_MS;
	for (;;) {
		try {
			if ((await fetch(url)).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) throw new Error('[render] the app did not start');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		url,
		syncUrl: `ws://127.0.0.1:${port}/sync`,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
const TIMEOUT_MS = 60_000;

/** Starts a CPU profile of the page when RENDER_PROFILE is set; `stop` saves and summarises it. */
async function startProfile(
	context: BrowserContext,
	page: Page,
	name: string,
	log: (line: string) => void
): Promise<{ stop: () => Promise<void> }> {
	if (!process.env.RENDER_PROFILE) return { stop: async () => {} };
	const cdp: CDPSession = await context.newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	return {
		stop: async () => {
			const { profile } = await cdp.send('Profiler.stop');
			const file = path.join(os.tmpdir(), `rajapinta-render-${name}-${Date.now()}.cpuprofile`);
			writeFileSync(file, JSON.stringify(profile));
			for (const line of summariseProfile(file, 20).split('\n')) log(`[render] ${line}`);
			await cdp.detach();
		}
	};
}

interface Recorded {
	frames: number[];
	/** Main-thread task time while recording, ms. */
	busyMs: number;
}

/** Chromium's main-thread task time so far, ms. */
async function taskMs(cdp: CDPSession): Promise<number> {
	const { metrics } = await cdp.send('Performance.getMetrics');
	return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
}

/** Collects rAF intervals in the page, and its main-thread time, while `during` runs. */
async function recordFrames(
	page: Page,
	cdp: CDPSession,
	during: () => Promise<void>
): Promise<Recorded> {
	await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __recording: boolean };
		w.__frames = [];
		w.__recording = true;
		let last = performance.now();
		const tick = (now: number) => {
			w.__frames.push(now - last);
			last = now;
			if (w.__recording) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	const before = await taskMs(cdp);
	await during();
	const frames = await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __recording: boolean };
		w.__recording = false;
		return w.__frames.slice(1);
	});
	return { frames, busyMs: (await taskMs(cdp)) - before };
}

async function pan(page: Page): Promise<void> {
	const box = (await page.getByTestId('canvas-stage').boundingBox())!;
	const x = box.x + 40;
	const y = box.y + 40;
	await page.mouse.move(x, y);
	// Space held: pan even where a note is under the pointer.
	await page.keyboard.down(' ');
	await page.mouse.down();
	await page.mouse.move(x + 400, y + 250, { steps: 60 });
	await page.mouse.move(x, y, { steps: 60 });
	await page.mouse.up();
	await page.keyboard.up(' ');
}

/** One app under test: its server, a board of its own and the peer who drags a note on it. */
interface AppUnderTest {
	app: string;
	dataDir: string;
	server: Awaited<ReturnType<typeof startApp>>;
	writer: ReturnType<typeof openProvider>;
	workshopId: string;
	token: string;
	/** One of the writer's own notes, which the phase's rights let them move. */
	dragged: string;
	firstRender: number[];
	panFit: Recorded[];
	panFull: Recorded[];
	remoteDrag: Recorded[];
}

async function openApp(app: string, notes: number, log: (line: string) => void) {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-bench-render-'));
	const env = { DATA_DIR: dataDir };
	const [table] = await seedTables({ env, tables: 1, seatsPerTable: 2 });
	// Straight into storage, as a board that grew during the day: through the sync server every
	// note would have to carry the writer's own author key (SPEC S9).
	const services = await openServices(env);
	try {
		await services.storage.documents.append([
			{ name: table.room, update: buildBoard(notes, 6, table.authorKeys) }
		]);
	} finally {
		await services.storage.close();
	}
	const server = await startApp(dataDir, app);
	const writer = openProvider({
		syncUrl: server.syncUrl,
		room: table.room,
		token: table.tokens[1]
	});
	await whenSynced(writer.provider, TIMEOUT_MS);
	log(`[render] ${path.basename(app)}: ${readNotes(writer.doc).length} notes stored`);
	const ref = parseRoomName(table.room);
	if (ref?.kind !== 'table') throw new Error(`[render] unexpected room ${table.room}`);
	const [dragged] = [...itemsOf(writer.doc).entries()]
		.filter(([, item]) => item.get('authorKey') === table.authorKeys[1])
		.map(([id]) => id);
	const target: AppUnderTest = {
		app,
		dataDir,
		server,
		writer,
		workshopId: ref.workshopId,
		token: table.tokens[0],
		dragged,
		firstRender: [],
		panFit: [],
		panFull: [],
		remoteDrag: []
	};
	return target;
}

async function closeApp(target: AppUnderTest): Promise<void> {
	target.writer.provider.destroy();
	await target.server.stop();
	rmSync(target.dataDir, { recursive: true, force: true });
}

/** One page load in a fresh context: first render, both pans and a remote drag. */
async function measureRun(options: {
	browser: Browser;
	target: AppUnderTest;
	notes: number;
	log: (line: string) => void;
}): Promise<void> {
	const { browser, target, notes, log } = options;
	const name = path.basename(target.app);
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	try {
		const url = new URL(target.server.url);
		await context.addCookies([
			{ name: 'rp_participant', value: target.token, domain: url.hostname, path: '/' }
		]);
		const page = await context.newPage();
		// From navigation on: the first frame after the one in which the canvas holds every note,
		// i.e. once the draw requested with them has run.
		await page.addInitScript((count) => {
			const w = window as unknown as { __firstRender?: number };
			const poll = () => {
				const element = document.querySelector('[data-testid="canvas-stage"]');
				if (element?.getAttribute('data-items') !== String(count)) {
					requestAnimationFrame(poll);
					return;
				}
				requestAnimationFrame(() => (w.__firstRender = performance.now()));
			};
			requestAnimationFrame(poll);
		}, notes);
		const firstProfile = await startProfile(context, page, 'first', log);
		await page.goto(`${target.server.url}/w/${target.workshopId}/table`);
		const first = await page.waitForFunction(
			() => (window as unknown as { __firstRender?: number }).__firstRender,
			undefined,
			{ timeout: TIMEOUT_MS }
		);
		const firstMs = round((await first.jsonValue()) as number);
		await firstProfile.stop();
		target.firstRender.push(firstMs);
		const stage = page.getByTestId('canvas-stage');
		await stage.evaluate((element) => element.scrollIntoView({ block: 'start' }));
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable');

		await page.getByTestId('canvas-zoom-fit').click();
		const panFit = await recordFrames(page, cdp, () => pan(page));
		target.panFit.push(panFit);

		await stage.focus();
		// 100 %: zoom in from fit with the + key until the level reads 100 %.
		for (let i = 0; i < 20; i++) {
			const level = (await page.getByTestId('canvas-zoom').textContent()) ?? '';
			if (/\b(100|1\d\d)\b/.test(level)) break;
			await page.keyboard.press('+');
		}
		const panFull = await recordFrames(page, cdp, () => pan(page));
		target.panFull.push(panFull);

		await page.getByTestId('canvas-zoom-fit').click();
		const dragProfile = await startProfile(context, page, 'drag', log);
		const remoteDrag = await recordFrames(page, cdp, async () => {
			for (let i = 0; i < 60; i++) {
				moveItems(target.writer.doc, [{ id: target.dragged as never, x: i * 10, y: i * 5 }]);
				await new Promise((resolve) => setTimeout(resolve, 16));
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		});
		await dragProfile.stop();
		target.remoteDrag.push(remoteDrag);
		await cdp.detach();
		const median = ({ frames }: Recorded) => quantiles(frames).p50;
		log(
			`[render] ${name}: first render ${firstMs} ms; frame p50 pan fit ${median(panFit)} ms, ` +
				`pan 100 % ${median(panFull)} ms, remote drag ${median(remoteDrag)} ms; main-thread ` +
				`work per frame pan fit ${busyPerFrame([panFit])} ms, pan 100 % ` +
				`${busyPerFrame([panFull])} ms, remote drag ${busyPerFrame([remoteDrag])} ms`
		);
	} finally {
		await context.close();
	}
}

/** Main-thread ms per recorded frame over the given recordings. */
function busyPerFrame(recorded: Recorded[]): number {
	const frames = recorded.reduce((sum, { frames }) => sum + frames.length, 0);
	const busy = recorded.reduce((sum, { busyMs }) => sum + busyMs, 0);
	return frames ? round(busy / frames, 1) : 0;
}

function figuresOf(target: AppUnderTest): BoardRenderFigures {
	const sorted = [...target.firstRender].sort((a, b) => a - b);
	const frames = (recorded: Recorded[]) => recorded.flatMap(({ frames }) => frames);
	return {
		firstRenderMs: sorted[Math.floor(sorted.length / 2)],
		firstRenderRuns: target.firstRender,
		panFitFrames: quantiles(frames(target.panFit)),
		panFullFrames: quantiles(frames(target.panFull)),
		remoteDragFrames: quantiles(frames(target.remoteDrag)),
		busyPerFrameMs: {
			panFit: busyPerFrame(target.panFit),
			panFull: busyPerFrame(target.panFull),
			remoteDrag: busyPerFrame(target.remoteDrag)
		}
	};
}

export async function runBoardRenderSection(
	options: BoardRenderOptions
): Promise<BoardRenderResult> {
	const { log, notes } = options;
	const runs = options.runs ?? 3;
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu']
	});
	const targets: AppUnderTest[] = [];
	try {
		targets.push(await openApp(THIS_APP, notes, log));
		if (options.baselineApp)
			targets.push(await openApp(path.resolve(options.baselineApp), notes, log));
		for (let run = 0; run < runs; run++) {
			// Alternating, so a busy spell on the shared machine hits both apps alike.
			const order = run % 2 === 0 ? targets : [...targets].reverse();
			for (const target of order) await measureRun({ browser, target, notes, log });
		}
		const [current, baseline] = targets;
		return {
			notes,
			...figuresOf(current),
			...(baseline ? { baseline: { app: baseline.app, ...figuresOf(baseline) } } : {})
		};
	} finally {
		for (const target of targets) await closeApp(target);
		await browser.close();
	}
}

if (import.meta.main) {
	const notes = Number(process.argv[2] ?? 1000);
	const runs = Number(process.argv[3] ?? 3);
	const result = await runBoardRenderSection({
		notes,
		runs,
		baselineApp: process.argv[4],
		log: (line) => console.log(line)
	});
	console.log(formatRender(result));
	console.log(JSON.stringify(result, null, 2));
	// The seeding's storage and the writer's socket library keep timers; the figures are out.
	process.exit(0);
}
