import { median, round } from '../histogram.ts';
import { waitForQuiet } from '../quiet.ts';
import type { ServerKind } from '../servers.ts';
import { runSyncPoint, type SyncPointResult, type SyncTiming } from './sync-point.ts';

/** p99 propagation above which the sweep stops adding clients for that server and room size, ms. */
export const STOP_P99_MS = 250;
/** The capacity target's latency bound, ms. */
export const CAPACITY_P99_MS = 100;

export interface SyncSectionOptions {
	servers: ServerKind[];
	roomSizes: number[];
	clientCounts: number[];
	repeats: number;
	observersPerRoom: number;
	workers: number;
	editIntervalMs: number;
	awarenessIntervalMs: number;
	awarenessActiveShare: number;
	timing: SyncTiming;
	connectConcurrency: number;
	quiet: { maxOtherCores: number; maxWaitMs: number };
	profileDir: string | null;
	log: (line: string) => void;
}

/** The median of the repeats of one (server, room size, clients) point. */
export interface SyncPointMedian {
	server: ServerKind;
	roomSize: number;
	clients: number;
	repeats: number;
	editsPerS: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	connectP50: number;
	connectP99: number;
	serverCores: number;
	cpuPerEditUs: number;
	/** Server read and write system calls per edit (median). */
	readCallsPerEdit: number;
	writeCallsPerEdit: number;
	rssMiB: number;
	generatorCores: number;
	otherCores: number;
	/** Total over the repeats. */
	errors: number;
	/** Every repeat converged. */
	converged: boolean;
	limits: string[];
}

export interface SyncSectionResult {
	settings: Omit<SyncSectionOptions, 'log'>;
	points: (SyncPointResult & { repeat: number; quiet: { waitedMs: number; otherCores: number } })[];
	medians: SyncPointMedian[];
	ratios: SyncRatios[];
}

/**
 * `server`: the next point failed on a server that had the machine to itself; `generator`: the next
 * point failed while the generator or the machine was saturated, so the server's capacity may be
 * higher; `sweep`: every point passed (the capacity is at least the largest count measured).
 */
export type CapacityBound = 'server' | 'generator' | 'sweep';

export interface CpuRatio {
	clients: number;
	ratio: number;
	rajapintaUs: number;
	referenceUs: number;
}

export interface SyncRatios {
	roomSize: number;
	/** Rajapinta ÷ reference CPU per edit at each client count measured for both. */
	cpuPerEdit: CpuRatio[];
	/** Largest measured client count with p99 < 100 ms, no errors and full convergence. */
	capacity: {
		rajapinta: number;
		reference: number;
		ratio: number | null;
		/** What stopped each server at the next step of the sweep. */
		boundBy: { rajapinta: CapacityBound; reference: CapacityBound };
	};
}

export async function runSyncSection(options: SyncSectionOptions): Promise<SyncSectionResult> {
	const { log } = options;
	const points: SyncSectionResult['points'] = [];
	const medians: SyncPointMedian[] = [];
	for (const roomSize of options.roomSizes) {
		const stopped = new Set<ServerKind>();
		for (const clients of options.clientCounts) {
			const active = options.servers.filter((server) => !stopped.has(server));
			if (active.length === 0) break;
			const byServer = new Map<ServerKind, SyncSectionResult['points']>();
			for (let repeat = 0; repeat < options.repeats; repeat++) {
				// Alternate the order so drift in the machine's background load hits both alike.
				const order = repeat % 2 === 0 ? active : [...active].reverse();
				for (const server of order) {
					const quiet = await waitForQuiet(options.quiet);
					const profile = options.profileDir
						? [
								'--cpu-prof',
								`--cpu-prof-dir=${options.profileDir}`,
								`--cpu-prof-name=${server}-${roomSize}-${clients}-${repeat}.cpuprofile`
							]
						: undefined;
					log(
						`sync: ${server} ${clients} clients in rooms of ${roomSize} (repeat ${repeat + 1}/${options.repeats})…`
					);
					const result = await runSyncPoint({
						kind: server,
						clients,
						roomSize,
						observersPerRoom: options.observersPerRoom,
						workers: options.workers,
						editIntervalMs: options.editIntervalMs,
						awarenessIntervalMs: options.awarenessIntervalMs,
						awarenessActiveShare: options.awarenessActiveShare,
						timing: options.timing,
						connectConcurrency: options.connectConcurrency,
						serverExecArgv: profile,
						checkServer: true
					});
					const point = { ...result, repeat, quiet };
					points.push(point);
					byServer.set(server, [...(byServer.get(server) ?? []), point]);
					log(
						`  p50 ${result.propagation.p50} ms, p99 ${result.propagation.p99} ms, ${result.editsPerS} edits/s, ` +
							`server ${result.serverCpu.cores} cores (${result.serverCpu.perEditUs} µs/edit, ` +
							`${result.serverCpu.readCallsPerEdit} reads + ${result.serverCpu.writeCallsPerEdit} writes/edit), ` +
							`generator ${result.generatorCpu.cores} cores, errors ${result.errorCount}` +
							(result.limits.length ? `, limited by ${result.limits.join('+')}` : '')
					);
				}
			}
			for (const [server, runs] of byServer) {
				const summary = medianOf(server, roomSize, clients, runs);
				medians.push(summary);
				if (summary.p99 > STOP_P99_MS) stopped.add(server);
			}
		}
	}
	const { log: _log, ...settings } = options;
	return { settings, points, medians, ratios: ratiosOf(medians, options.roomSizes) };
}

function medianOf(
	server: ServerKind,
	roomSize: number,
	clients: number,
	runs: SyncPointResult[]
): SyncPointMedian {
	const m = (pick: (run: SyncPointResult) => number) => round(median(runs.map(pick)));
	return {
		server,
		roomSize,
		clients: runs[0].clients,
		repeats: runs.length,
		editsPerS: m((r) => r.editsPerS),
		p50: m((r) => r.propagation.p50),
		p95: m((r) => r.propagation.p95),
		p99: m((r) => r.propagation.p99),
		max: m((r) => r.propagation.max),
		connectP50: m((r) => r.connect.p50),
		connectP99: m((r) => r.connect.p99),
		serverCores: m((r) => r.serverCpu.cores),
		cpuPerEditUs: m((r) => r.serverCpu.perEditUs),
		readCallsPerEdit: m((r) => r.serverCpu.readCallsPerEdit),
		writeCallsPerEdit: m((r) => r.serverCpu.writeCallsPerEdit),
		rssMiB: m((r) => r.serverRssMiB.peak),
		generatorCores: m((r) => r.generatorCpu.cores),
		otherCores: m((r) => r.machine.otherCores),
		errors: runs.reduce((n, r) => n + r.errorCount, 0),
		converged: runs.every((r) => r.convergence.ok),
		limits: [...new Set(runs.flatMap((r) => r.limits))]
	};
}

function ratiosOf(medians: SyncPointMedian[], roomSizes: number[]): SyncRatios[] {
	return roomSizes.map((roomSize) => {
		const of = (server: ServerKind) =>
			medians
				.filter((m) => m.server === server && m.roomSize === roomSize)
				.sort((a, b) => a.clients - b.clients);
		const rajapinta = of('rajapinta');
		const reference = of('reference');
		const cpuPerEdit = rajapinta.flatMap((r) => {
			const ref = reference.find((m) => m.clients === r.clients);
			return ref
				? [
						{
							clients: r.clients,
							ratio: round(r.cpuPerEditUs / ref.cpuPerEditUs, 3),
							rajapintaUs: r.cpuPerEditUs,
							referenceUs: ref.cpuPerEditUs
						}
					]
				: [];
		});
		const capacityOf = (list: SyncPointMedian[]): { clients: number; bound: CapacityBound } => {
			let clients = 0;
			for (const point of list) {
				if (point.p99 < CAPACITY_P99_MS && point.errors === 0 && point.converged) {
					clients = point.clients;
					continue;
				}
				const generator = point.limits.includes('generator') || point.limits.includes('machine');
				return { clients, bound: generator ? 'generator' : 'server' };
			}
			return { clients, bound: 'sweep' };
		};
		const raj = capacityOf(rajapinta);
		const ref = capacityOf(reference);
		return {
			roomSize,
			cpuPerEdit,
			capacity: {
				rajapinta: raj.clients,
				reference: ref.clients,
				ratio: ref.clients > 0 ? round(raj.clients / ref.clients, 2) : null,
				boundBy: { rajapinta: raj.bound, reference: ref.bound }
			}
		};
	});
}
