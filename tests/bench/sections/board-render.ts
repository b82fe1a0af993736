import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { itemsOf, moveItems, readNotes } from '#shared/model/board.ts';
import { parseRoomName } from '#shared/protocol/sync.ts';
import { quantiles, round, type LatencySummary } from '../histogram.ts';
import { summariseProfile } from '../profile-summary.ts';
import { seedTables } from '../seed.ts';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { buildBoard, openProvider, whenSynced } from './board-docs.ts';

/**
 * The board canvas in headless Chromium (Debian's, never a download) with a board of `notes`
 * notes: time to the first full render after the page starts loading, and frame intervals while
 * this person pans and while another participant drags a note. Figures only; nothing asserts.
 *
 * Run on its own: `node tests/bench/sections/board-render.ts [notes]` after `npm run build`
 * (the server serves the built app). `npm run bench -- --sections render` builds it when needed.
 * `RENDER_PROFILE=1` records a CDP CPU profile of the first render and of the remote drag, saves
 * them as .cpuprofile files in the temp directory and prints their summaries (timings then include
 * the profiler's overhead; take figures from a run without it).
 */

export interface BoardRenderOptions {
	notes: number;
	log: (line: string) => void;
}

export interface BoardRenderResult {
	notes: number;
	/** Navigation start → every note on the canvas, ms (includes page load and document sync). */
	firstRenderMs: number;
	/** requestAnimationFrame intervals, ms, while dragging the view at zoom-to-fit (all visible). */
	panFitFrames: LatencySummary;
	/** The same at 100 % zoom (culling leaves what is on screen). */
	panFullFrames: LatencySummary;
	/** While another participant drags a note (60 moves at ~60 Hz through the server). */
	remoteDragFrames: LatencySummary;
}

const CHROMIUM = '/usr/bin/chromium';
const APP_ENTRY = path.resolve(import.meta.dirname, '../../../server/index.ts');

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
async function startApp(dataDir: string) {
	const port = await freePort();
	const child = spawn(process.execPath, [APP_ENTRY], {
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

/** Collects rAF intervals in the page until `stop` resolves. */
async function recordFrames(page: Page, during: () => Promise<void>): Promise<LatencySummary> {
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
	await during();
	const frames = await page.evaluate(() => {
		const w = window as unknown as { __frames: number[]; __recording: boolean };
		w.__recording = false;
		return w.__frames.slice(1);
	});
	return quantiles(frames);
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

export async function runBoardRenderSection(
	options: BoardRenderOptions
): Promise<BoardRenderResult> {
	const { log } = options;
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-bench-render-'));
	const env = { DATA_DIR: dataDir };
	const [table] = await seedTables({ env, tables: 1, seatsPerTable: 2 });
	const server = await startApp(dataDir);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu']
	});
	const writer = openProvider({
		syncUrl: server.syncUrl,
		room: table.room,
		token: table.tokens[1]
	});
	try {
		Y.applyUpdate(writer.doc, buildBoard(options.notes));
		await whenSynced(writer.provider, TIMEOUT_MS);
		log(`[render] ${readNotes(writer.doc).length} notes stored`);

		const ref = parseRoomName(table.room);
		if (ref?.kind !== 'table') throw new Error(`[render] unexpected room ${table.room}`);
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const url = new URL(server.url);
		await context.addCookies([
			{ name: 'rp_participant', value: table.tokens[0], domain: url.hostname, path: '/' }
		]);
		const page = await context.newPage();
		const firstProfile = await startProfile(context, page, 'first', log);
		await page.goto(`${server.url}/w/${ref.workshopId}/table`);
		const stage = page.getByTestId('canvas-stage');
		await stage.waitFor({ timeout: TIMEOUT_MS });
		const firstRenderMs = await page.waitForFunction(
			(notes) => {
				const element = document.querySelector('[data-testid="canvas-stage"]');
				return element?.getAttribute('data-items') === String(notes) && performance.now();
			},
			options.notes,
			{ timeout: TIMEOUT_MS, polling: 'raf' }
		);
		const first = round((await firstRenderMs.jsonValue()) as number);
		await firstProfile.stop();
		log(`[render] first render ${first} ms`);
		await stage.evaluate((element) => element.scrollIntoView({ block: 'start' }));

		await page.getByTestId('canvas-zoom-fit').click();
		const panFitFrames = await recordFrames(page, () => pan(page));
		log(`[render] pan at fit: p50 ${panFitFrames.p50} ms, p95 ${panFitFrames.p95} ms`);

		await stage.focus();
		// 100 %: zoom in from fit with the + key until the level reads 100 %.
		for (let i = 0; i < 20; i++) {
			const level = (await page.getByTestId('canvas-zoom').textContent()) ?? '';
			if (/\b(100|1\d\d)\b/.test(level)) break;
			await page.keyboard.press('+');
		}
		const panFullFrames = await recordFrames(page, () => pan(page));
		log(`[render] pan at 100 %: p50 ${panFullFrames.p50} ms, p95 ${panFullFrames.p95} ms`);

		await page.getByTestId('canvas-zoom-fit').click();
		const [first_id] = [...itemsOf(writer.doc).keys()];
		const dragProfile = await startProfile(context, page, 'drag', log);
		const remoteDragFrames = await recordFrames(page, async () => {
			for (let i = 0; i < 60; i++) {
				moveItems(writer.doc, [{ id: first_id as never, x: i * 10, y: i * 5 }]);
				await new Promise((resolve) => setTimeout(resolve, 16));
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
		});
		await dragProfile.stop();
		log(`[render] remote drag: p50 ${remoteDragFrames.p50} ms, p95 ${remoteDragFrames.p95} ms`);
		await context.close();
		return {
			notes: options.notes,
			firstRenderMs: first,
			panFitFrames,
			panFullFrames,
			remoteDragFrames
		};
	} finally {
		writer.provider.destroy();
		await browser.close();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

if (import.meta.main) {
	const notes = Number(process.argv[2] ?? 1000);
	const result = await runBoardRenderSection({ notes, log: (line) => console.log(line) });
	console.log(JSON.stringify(result, null, 2));
}
