import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import { Histogram, quantiles, round, type LatencySummary } from '../histogram.ts';
import type {
	ClientRole,
	ConnectReport,
	MainToWorker,
	RoomSpec,
	RunReport,
	WorkerConfig,
	WorkerToMain
} from '../load/protocol.ts';
import { CORES, sampleMachine, type MachineSample, type ProcessSample } from '../proc-stats.ts';
import { referenceTables, seedTables } from '../seed.ts';
import { isRajapinta, spawnServer, type ServerKind } from '../servers.ts';

export interface SyncTiming {
	warmupMs: number;
	windowMs: number;
	drainMs: number;
}

export interface SyncPointOptions {
	kind: ServerKind;
	/** Wanted number of clients; rounded to whole rooms. */
	clients: number;
	roomSize: number;
	observersPerRoom: number;
	workers: number;
	editIntervalMs: number;
	awarenessIntervalMs: number;
	/** Share of the time a client moves its cursor (sending awareness); see load/protocol.ts. */
	awarenessActiveShare: number;
	timing: SyncTiming;
	connectConcurrency: number;
	/** Node flags for the server child (e.g. --cpu-prof). */
	serverExecArgv?: string[];
	checkServer: boolean;
}

/** Everything measured at one point of the sweep (one server, one load, one repeat). */
export interface SyncPointResult {
	server: ServerKind;
	roomSize: number;
	clients: number;
	rooms: number;
	windowS: number;
	connect: LatencySummary & { failed: number };
	editsPerS: number;
	editsSent: number;
	awarenessPerS: number;
	/** (edit, other client) pairs: light clients at frame arrival, observers once applied, ms. */
	propagation: LatencySummary;
	/** Observers and the stock provider only: edit applied in their Y.Doc, ms. */
	visible: LatencySummary;
	stockProvider: LatencySummary;
	awarenessPropagation: LatencySummary;
	deliveries: { expected: number; delivered: number; missing: number; duplicates: number };
	received: {
		framesPerS: number;
		updateFramesPerS: number;
		awarenessFramesPerS: number;
		kBPerS: number;
	};
	serverCpu: {
		/** Cores busy on average in the window (1 = one core). */
		cores: number;
		/** Server process CPU time ÷ edits sent in the window, µs. */
		perEditUs: number;
		userShare: number;
		/** Server system calls per edit in the window (/proc/<pid>/io), NaN where unknown. */
		readCallsPerEdit: number;
		writeCallsPerEdit: number;
	};
	serverRssMiB: { end: number; peak: number; perClientKiB: number };
	generatorCpu: { cores: number; threadCores: number[]; loopDelayP99Ms: number[] };
	machine: { busyCores: number; otherCores: number };
	/** What bounded this point besides the server, if anything. */
	limits: string[];
	convergence: RunReport['convergence'] & { ok: boolean };
	errors: Record<string, number>;
	errorCount: number;
	drainMs: number;
	serverStderr?: string;
}

/** Seats that apply updates (observers); seat 0 of the first room is the stock provider. */
function roleOf(room: number, seat: number, observers: number): ClientRole {
	if (room === 0 && seat === 0) return 'stock';
	const first = room === 0 ? 1 : 0;
	return seat >= first && seat < first + observers ? 'observer' : 'light';
}

export async function runSyncPoint(options: SyncPointOptions): Promise<SyncPointResult> {
	const roomCount = Math.max(1, Math.round(options.clients / options.roomSize));
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-bench-'));
	const workers: Worker[] = [];
	try {
		const tables = isRajapinta(options.kind)
			? await seedTables({
					env: { DATA_DIR: dataDir },
					tables: roomCount,
					seatsPerTable: options.roomSize
				})
			: referenceTables(roomCount, options.roomSize);
		const server = await spawnServer({
			kind: options.kind,
			dataDir,
			execArgv: options.serverExecArgv
		});
		try {
			// RSS before any client connects, so the per-client figure includes rooms and documents.
			const specs: RoomSpec[] = tables.map((table, room) => ({
				name: table.room,
				seats: table.tokens.map((token, seat) => ({
					token,
					authorKey: table.authorKeys[seat],
					role: roleOf(room, seat, options.observersPerRoom)
				}))
			}));
			const workerCount = Math.max(1, Math.min(options.workers, specs.length));
			for (let index = 0; index < workerCount; index++) {
				const config: WorkerConfig = {
					workerIndex: index,
					syncUrl: server.syncUrl,
					withToken: isRajapinta(options.kind),
					protocolVersion: PROTOCOL_VERSION,
					rooms: specs.filter((_, room) => room % workerCount === index),
					editIntervalMs: options.editIntervalMs,
					awarenessIntervalMs: options.awarenessIntervalMs,
					awarenessActiveShare: options.awarenessActiveShare,
					connectConcurrency: Math.max(1, Math.round(options.connectConcurrency / workerCount)),
					connectTimeoutMs: 20_000
				};
				workers.push(
					new Worker(new URL('../load/worker.ts', import.meta.url), { workerData: config })
				);
			}
			const baseline = server.sample();
			const connects = await ask<ConnectReport>(workers, { type: 'connect' }, 'connected');

			const { warmupMs, windowMs, drainMs } = options.timing;
			const startAt = Date.now() + 300;
			const windowStartAt = startAt + warmupMs;
			const windowEndAt = windowStartAt + windowMs;
			const samples = sampleWindow(server.sample, windowStartAt, windowEndAt);
			const runs = await ask<RunReport>(
				workers,
				{
					type: 'run',
					startAt,
					windowStartAt,
					windowEndAt,
					drainMs,
					checkServer: options.checkServer
				},
				'result'
			);
			const window = await samples;
			await ask(workers, { type: 'close' }, 'closed');
			const result = summarise({
				options,
				rooms: specs.length,
				clients: specs.reduce((n, spec) => n + spec.seats.length, 0),
				connects,
				runs,
				window,
				baselineRssMiB: baseline.rssMiB
			});
			if (result.errorCount > 0) result.serverStderr = server.stderrTail().slice(-1500);
			return result;
		} finally {
			await server.stop();
		}
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/** Posts `command` to every worker and waits for each one's reply of `type`. */
function ask<T extends WorkerToMain>(
	workers: Worker[],
	command: MainToWorker,
	type: T['type']
): Promise<T[]> {
	return Promise.all(
		workers.map(
			(worker) =>
				new Promise<T>((resolve, reject) => {
					const onMessage = (message: WorkerToMain) => {
						if (message.type !== type) return;
						worker.off('message', onMessage);
						worker.off('error', reject);
						resolve(message as T);
					};
					worker.on('message', onMessage);
					worker.once('error', reject);
					worker.postMessage(command);
				})
		)
	);
}

interface WindowSamples {
	start: { server: ProcessSample; machine: MachineSample; generator: NodeJS.CpuUsage };
	end: { server: ProcessSample; machine: MachineSample; generator: NodeJS.CpuUsage };
	peakRssMiB: number;
}

/** Samples the server, this process and the machine at the window's edges, and RSS each second. */
async function sampleWindow(
	sample: () => ProcessSample,
	startAt: number,
	endAt: number
): Promise<WindowSamples> {
	const at = (epochMs: number) =>
		new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
	await at(startAt);
	const start = { server: sample(), machine: sampleMachine(), generator: process.cpuUsage() };
	let peakRssMiB = start.server.rssMiB;
	const timer = setInterval(() => {
		peakRssMiB = Math.max(peakRssMiB, sample().rssMiB);
	}, 1000);
	await at(endAt);
	clearInterval(timer);
	const end = { server: sample(), machine: sampleMachine(), generator: process.cpuUsage() };
	peakRssMiB = Math.max(peakRssMiB, end.server.rssMiB);
	return { start, end, peakRssMiB };
}

function summarise(input: {
	options: SyncPointOptions;
	rooms: number;
	clients: number;
	connects: ConnectReport[];
	runs: RunReport[];
	window: WindowSamples;
	baselineRssMiB: number;
}): SyncPointResult {
	const { options, runs, window } = input;
	const windowS = runs[0].windowMs / 1000;
	const sum = (pick: (run: RunReport) => number) => runs.reduce((n, run) => n + pick(run), 0);
	const merge = (pick: (run: RunReport) => RunReport['propagation']) =>
		Histogram.merge(runs.map(pick)).summary();

	const editsSent = sum((run) => run.editsSent);
	const serverCpuMs = window.end.server.cpuMs - window.start.server.cpuMs;
	const serverUserMs = window.end.server.userMs - window.start.server.userMs;
	const generatorCpuMs =
		(window.end.generator.user +
			window.end.generator.system -
			window.start.generator.user -
			window.start.generator.system) /
		1000;
	const machineBusyMs = window.end.machine.busyMs - window.start.machine.busyMs;
	const cores = (ms: number) => round(ms / (windowS * 1000), 3);
	const perEdit = (count: number) => (editsSent ? round(count / editsSent, 1) : Number.NaN);

	const errors: Record<string, number> = {};
	const addErrors = (from: Record<string, number>) => {
		for (const [kind, n] of Object.entries(from)) errors[kind] = (errors[kind] ?? 0) + n;
	};
	input.connects.forEach((report) => addErrors(report.errors));
	runs.forEach((run) => addErrors(run.errors));
	const expected = sum((run) => run.expectedDeliveries);
	const delivered = sum((run) => run.deliveries);
	const duplicates = sum((run) => run.duplicates);
	if (expected > delivered) errors.missing_deliveries = expected - delivered;
	if (duplicates > 0) errors.duplicate_or_reordered = duplicates;

	const convergence = {
		rooms: sum((run) => run.convergence.rooms),
		clientMismatches: sum((run) => run.convergence.clientMismatches),
		serverChecked: sum((run) => run.convergence.serverChecked),
		serverMismatches: sum((run) => run.convergence.serverMismatches),
		stockMatchesObserver:
			runs.map((run) => run.convergence.stockMatchesObserver).find((v) => v !== null) ?? null
	};
	const convergenceOk =
		convergence.clientMismatches === 0 &&
		convergence.serverMismatches === 0 &&
		convergence.stockMatchesObserver !== false;
	if (!convergenceOk) errors.not_converged = 1;
	// Connect problems are counted once, by the connect phase's own error kinds.
	const failed = input.connects.reduce((n, report) => n + report.failed, 0);
	const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);

	const threadCores = runs.map((run) => cores(run.threadCpuMs));
	const loopDelayP99Ms = runs.map((run) => round(run.loopDelayP99Ms));
	const serverCores = cores(serverCpuMs);
	const machineBusyCores = cores(machineBusyMs);
	const limits: string[] = [];
	if (threadCores.some((c) => c > 0.85) || loopDelayP99Ms.some((ms) => ms > 50)) {
		limits.push('generator');
	}
	if (machineBusyCores > CORES * 0.9) limits.push('machine');
	if (serverCores > 0.9) limits.push('server-cpu');

	return {
		server: options.kind,
		roomSize: options.roomSize,
		clients: input.clients,
		rooms: input.rooms,
		windowS,
		connect: { ...quantiles(input.connects.flatMap((r) => r.connectMs)), failed },
		editsPerS: round(editsSent / windowS, 1),
		editsSent,
		awarenessPerS: round(sum((run) => run.awarenessSent) / windowS, 1),
		propagation: merge((run) => run.propagation),
		visible: merge((run) => run.visible),
		stockProvider: merge((run) => run.stock),
		awarenessPropagation: merge((run) => run.awareness),
		deliveries: { expected, delivered, missing: Math.max(0, expected - delivered), duplicates },
		received: {
			framesPerS: round(sum((run) => run.framesIn) / windowS, 0),
			updateFramesPerS: round(sum((run) => run.updateFramesIn) / windowS, 0),
			awarenessFramesPerS: round(sum((run) => run.awarenessFramesIn) / windowS, 0),
			kBPerS: round(sum((run) => run.bytesIn) / windowS / 1000, 1)
		},
		serverCpu: {
			cores: serverCores,
			perEditUs: editsSent ? round((serverCpuMs * 1000) / editsSent, 1) : 0,
			userShare: serverCpuMs ? round(serverUserMs / serverCpuMs, 2) : 0,
			readCallsPerEdit: perEdit(window.end.server.readCalls - window.start.server.readCalls),
			writeCallsPerEdit: perEdit(window.end.server.writeCalls - window.start.server.writeCalls)
		},
		serverRssMiB: {
			end: round(window.end.server.rssMiB, 1),
			peak: round(window.peakRssMiB, 1),
			perClientKiB: round(
				((window.end.server.rssMiB - input.baselineRssMiB) * 1024) / input.clients,
				1
			)
		},
		generatorCpu: { cores: cores(generatorCpuMs), threadCores, loopDelayP99Ms },
		machine: {
			busyCores: machineBusyCores,
			otherCores: round(Math.max(0, machineBusyCores - serverCores - cores(generatorCpuMs)), 3)
		},
		limits,
		convergence: { ...convergence, ok: convergenceOk },
		errors,
		errorCount,
		drainMs: round(Math.max(...runs.map((run) => run.drainMs)), 0)
	};
}
