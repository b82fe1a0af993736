import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { round } from './histogram.ts';
import { CORES } from './proc-stats.ts';
import { formatReport, type BenchResult } from './report.ts';
import { SERVER_KINDS, type ServerKind } from './servers.ts';
import { runBoardRenderSection } from './sections/board-render.ts';
import { runExportSection } from './sections/exports.ts';
import { runInitialLoadSection } from './sections/initial-load.ts';
import { runMemorySection } from './sections/memory.ts';
import { runStorageSection } from './sections/storage.ts';
import { runSyncSection } from './sections/sync-load.ts';
import { runTableMixingSection } from './sections/table-mixing.ts';

/**
 * `npm run bench [-- --quick|--full] [--sections sync,load,memory,storage] [...]`: runs the
 * sections, prints a table per section and writes every figure to tests/bench/results/. Quick mode
 * is a CI-scale sanity check (minutes); full mode is the sweep of the issue (an hour or more).
 */
const SECTIONS = ['sync', 'load', 'memory', 'storage', 'mixing', 'exports', 'render'] as const;
type Section = (typeof SECTIONS)[number];

const MODES = {
	quick: {
		clients: [30, 300],
		repeats: 1,
		warmupMs: 2_000,
		windowMs: 5_000,
		drainMs: 5_000,
		dayUpdates: 10_000,
		loadSamples: 3,
		memoryDocuments: 50,
		storageUpdates: 5_000,
		mixingSamples: 5,
		exportSamples: 5,
		renderNotes: 1_000,
		quiet: { maxOtherCores: 0.5, maxWaitMs: 3_000 }
	},
	full: {
		clients: [30, 300, 1_000, 2_000, 3_000, 4_000],
		repeats: 3,
		warmupMs: 5_000,
		windowMs: 20_000,
		drainMs: 10_000,
		dayUpdates: 100_000,
		loadSamples: 10,
		memoryDocuments: 200,
		storageUpdates: 20_000,
		mixingSamples: 20,
		exportSamples: 20,
		renderNotes: 1_000,
		quiet: { maxOtherCores: 0.3, maxWaitMs: 15_000 }
	}
} as const;

const HELP = `Usage: node tests/bench/run.ts [--quick | --full] [options]
  --sections LIST     comma-separated of ${SECTIONS.join(',')} (default: all)
  --clients LIST      sync sweep client counts (default: quick 30,300; full 30,…,4000)
  --room-sizes LIST   default 6,30
  --servers LIST      default rajapinta,reference
  --repeats N         runs per sync point; medians are reported
  --window S          measurement window per sync point, seconds
  --warmup S          load before the window, seconds
  --workers N         load-generator threads (default 2)
  --observers N       applying observers per room (default 2)
  --awareness-ms MS   cursor awareness interval while a client is active (default 500 = 2/s)
  --active-share F    share of the time a client moves its cursor (default 0.25 → 0.5/s average)
  --profile           run the servers with --cpu-prof; profiles go to the results folder
  --render-runs N     page loads per app in the render section (default 3)
  --render-baseline DIR  another built checkout the render section measures alongside this one
  --out FILE          JSON output (default tests/bench/results/bench-<time>.json)`;

function list(value: string | undefined): string[] | undefined {
	return value
		?.split(',')
		.map((item) => item.trim())
		.filter(Boolean);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			quick: { type: 'boolean' },
			full: { type: 'boolean' },
			sections: { type: 'string' },
			clients: { type: 'string' },
			'room-sizes': { type: 'string' },
			servers: { type: 'string' },
			repeats: { type: 'string' },
			window: { type: 'string' },
			warmup: { type: 'string' },
			workers: { type: 'string' },
			observers: { type: 'string' },
			'awareness-ms': { type: 'string' },
			'active-share': { type: 'string' },
			profile: { type: 'boolean' },
			'render-runs': { type: 'string' },
			'render-baseline': { type: 'string' },
			out: { type: 'string' },
			help: { type: 'boolean' }
		}
	});
	if (values.help) {
		console.log(HELP);
		return;
	}
	if (!process.versions.node.startsWith('24')) {
		console.warn(
			`[bench] running on Node ${process.versions.node}; the project expects 24 (use npm run bench)`
		);
	}
	const modeName = values.full ? 'full' : 'quick';
	const mode = MODES[modeName];
	const sections = new Set((list(values.sections) ?? SECTIONS) as Section[]);
	for (const section of sections) {
		if (!SECTIONS.includes(section)) throw new Error(`[bench] unknown section ${section}`);
	}
	const servers = (list(values.servers) ?? [...SERVER_KINDS]) as ServerKind[];
	const resultsDir = path.resolve(import.meta.dirname, 'results');
	mkdirSync(resultsDir, { recursive: true });
	const stampName = new Date().toISOString().replace(/[:.]/g, '-');
	const out = path.resolve(
		values.out ?? path.join(resultsDir, `bench-${modeName}-${stampName}.json`)
	);
	const started = performance.now();
	const log = (line: string) =>
		console.error(`[bench ${round((performance.now() - started) / 1000, 0)} s] ${line}`);

	const result: BenchResult = {
		startedAt: new Date().toISOString(),
		mode: modeName,
		machine: {
			cores: CORES,
			node: process.versions.node,
			platform: `${os.platform()} ${os.release()}`,
			cpuModel: os.cpus()[0]?.model ?? ''
		},
		durationS: 0
	};
	const save = () => {
		result.durationS = round((performance.now() - started) / 1000, 0);
		writeFileSync(out, JSON.stringify(result, null, '\t'));
	};

	if (sections.has('sync')) {
		result.sync = await runSyncSection({
			servers,
			roomSizes: (list(values['room-sizes']) ?? ['6', '30']).map(Number),
			clientCounts: (list(values.clients) ?? mode.clients.map(String)).map(Number),
			repeats: Number(values.repeats ?? mode.repeats),
			observersPerRoom: Number(values.observers ?? 2),
			workers: Number(values.workers ?? 2),
			editIntervalMs: 2_000,
			awarenessIntervalMs: Number(values['awareness-ms'] ?? 500),
			awarenessActiveShare: Number(values['active-share'] ?? 0.25),
			timing: {
				warmupMs: values.warmup ? Number(values.warmup) * 1000 : mode.warmupMs,
				windowMs: values.window ? Number(values.window) * 1000 : mode.windowMs,
				drainMs: mode.drainMs
			},
			connectConcurrency: 64,
			quiet: mode.quiet,
			profileDir: values.profile ? path.join(resultsDir, `profiles-${stampName}`) : null,
			log
		});
		save();
	}
	if (sections.has('load')) {
		result.load = await runInitialLoadSection({
			notes: 2_000,
			dayUpdates: mode.dayUpdates,
			samples: mode.loadSamples,
			log
		});
		save();
	}
	if (sections.has('memory')) {
		result.memory = await runMemorySection({ documents: mode.memoryDocuments, notes: 100, log });
		save();
	}
	if (sections.has('storage')) {
		result.storage = await runStorageSection({
			updates: mode.storageUpdates,
			documents: 20,
			batchSizes: [1, 10, 100, 1000],
			arrivalsPerTurn: [1, 16, 256],
			log
		});
		save();
	}
	if (sections.has('mixing')) {
		result.mixing = runTableMixingSection({ samples: mode.mixingSamples, log });
		save();
	}
	if (sections.has('exports')) {
		result.exports = await runExportSection({ samples: mode.exportSamples, log });
		save();
	}
	if (sections.has('render')) {
		ensureAppBuild(log);
		result.render = await runBoardRenderSection({
			notes: mode.renderNotes,
			runs: Number(values['render-runs'] ?? 3),
			baselineApp: values['render-baseline'],
			log
		});
		save();
	}
	save();
	console.log(formatReport(result));
	console.log(`Results: ${path.relative(process.cwd(), out)}`);
}

/** The render section drives the built app in Chromium; build it once if this checkout has not. */
function ensureAppBuild(log: (line: string) => void): void {
	const handler = path.resolve(import.meta.dirname, '../../build/handler.js');
	if (existsSync(handler)) return;
	log('render: no build/ yet, running npm run build');
	const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (build.status !== 0) throw new Error('[bench] npm run build failed');
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
