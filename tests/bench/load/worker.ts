import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { itemsOf } from '#shared/model/board.ts';
import { StockClient, WireClient, WorkerStats, type RoomState, type SimClient } from './clients.ts';
import {
	ACTIVITY_CYCLE_MS,
	type ConnectReport,
	type MainToWorker,
	type RoomSpec,
	type RunReport,
	type WorkerConfig,
	type WorkerToMain
} from './protocol.ts';

/**
 * One load-generator thread: the clients of some whole rooms. It connects them, then edits every
 * `editIntervalMs` and sends cursor awareness every `awarenessIntervalMs` per client (random phase),
 * records when each stamped edit reaches each other client, and checks convergence at the end.
 */
const config = workerData as WorkerConfig;
const port = parentPort!;
/** Scheduler resolution: edits are stamped when sent, so this only bounds the phase jitter. */
const TICK_MS = 5;
/** Fresh clients connected at once by the server check. */
const CHECK_CONCURRENCY = 16;

const stats = new WorkerStats();
const rooms: RoomState[] = config.rooms.map((spec) => ({ name: spec.name, clients: [] }));
for (const [index, spec] of config.rooms.entries()) {
	rooms[index].clients = spec.seats.map((seat, seatIndex) =>
		createClient(rooms[index], spec, seatIndex, seat, stats)
	);
}

function roomUrl(spec: RoomSpec, token: string): string {
	const query = config.withToken
		? `?v=${config.protocolVersion}&token=${encodeURIComponent(token)}`
		: '';
	return `${config.syncUrl}/${spec.name}${query}`;
}

function createClient(
	room: RoomState,
	spec: RoomSpec,
	seat: number,
	{ token, authorKey, role }: RoomSpec['seats'][number],
	into: WorkerStats
): SimClient {
	const common = {
		seat,
		authorKey,
		room,
		stats: into,
		connectTimeoutMs: config.connectTimeoutMs,
		roomSize: spec.seats.length
	};
	if (role === 'stock') {
		return new StockClient({
			...common,
			url: roomUrl(spec, token),
			serverUrl: config.syncUrl,
			roomName: spec.name,
			params: config.withToken ? { v: String(config.protocolVersion), token } : {}
		});
	}
	return new WireClient({ ...common, role, url: roomUrl(spec, token) });
}

async function connectAll(): Promise<ConnectReport> {
	const queue = rooms.flatMap((room) => room.clients);
	const connectMs: number[] = [];
	let failed = 0;
	const lanes = Array.from({ length: config.connectConcurrency }, async () => {
		for (let client = queue.shift(); client; client = queue.shift()) {
			try {
				connectMs.push(await client.connect());
			} catch (error) {
				failed++;
				stats.error(`connect_${(error as Error).message}`);
			}
		}
	});
	await Promise.all(lanes);
	return { type: 'connected', connectMs, failed, errors: Object.fromEntries(stats.errors) };
}

/** Epoch ms → this thread's performance.now() µs. */
const toThreadUs = (epochMs: number) => (epochMs - performance.timeOrigin) * 1000;

async function run(command: Extract<MainToWorker, { type: 'run' }>): Promise<RunReport> {
	const startUs = toThreadUs(command.startAt);
	stats.windowStartUs = toThreadUs(command.windowStartAt);
	stats.windowEndUs = toThreadUs(command.windowEndAt);
	const clients = rooms.flatMap((room) => room.clients);
	const nextEdit = clients.map(() => startUs + Math.random() * config.editIntervalMs * 1000);
	const nextAwareness = clients.map(
		() => startUs + Math.random() * config.awarenessIntervalMs * 1000
	);
	// Each client's place in its activity cycle, so a room's clients are not active in lockstep.
	const cycleUs = ACTIVITY_CYCLE_MS * 1000;
	const activeUs = cycleUs * config.awarenessActiveShare;
	const phaseUs = clients.map(() => Math.random() * cycleUs);
	const loopDelay = monitorEventLoopDelay({ resolution: 10 });
	let cpuAtWindowStart: NodeJS.CpuUsage | null = null;
	let threadCpuMs = 0;

	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const now = performance.now() * 1000;
			if (cpuAtWindowStart === null && now >= stats.windowStartUs) {
				cpuAtWindowStart = process.threadCpuUsage();
				loopDelay.enable();
			}
			if (now >= stats.windowEndUs) {
				clearInterval(timer);
				if (cpuAtWindowStart) {
					const used = process.threadCpuUsage(cpuAtWindowStart);
					threadCpuMs = (used.user + used.system) / 1000;
				}
				loopDelay.disable();
				resolve();
				return;
			}
			if (now < startUs) return;
			for (let i = 0; i < clients.length; i++) {
				if (now >= nextEdit[i]) {
					nextEdit[i] = Math.max(nextEdit[i] + config.editIntervalMs * 1000, now);
					clients[i].edit();
				}
				if (now >= nextAwareness[i]) {
					nextAwareness[i] = Math.max(nextAwareness[i] + config.awarenessIntervalMs * 1000, now);
					if ((now + phaseUs[i]) % cycleUs < activeUs) clients[i].sendAwareness();
				}
			}
		}, TICK_MS);
	});

	// Every client of the room but the sender should see each edit of the window.
	const perEdit = rooms[0] ? rooms[0].clients.length - 1 : 0;
	const expectedDeliveries = stats.editsSent * perEdit;
	const drainStarted = performance.now();
	while (
		stats.deliveries < expectedDeliveries &&
		performance.now() - drainStarted < command.drainMs
	) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	const drainMs = performance.now() - drainStarted;
	// Snapshot now: the server check below takes time and late deliveries would still trickle in.
	const deliveries = stats.deliveries;

	const convergence = await checkConvergence(command.checkServer);
	return {
		type: 'result',
		windowMs: (stats.windowEndUs - stats.windowStartUs) / 1000,
		editsSent: stats.editsSent,
		awarenessSent: stats.awarenessSent,
		framesIn: stats.framesIn,
		bytesIn: stats.bytesIn,
		updateFramesIn: stats.updateFramesIn,
		awarenessFramesIn: stats.awarenessFramesIn,
		expectedDeliveries,
		deliveries,
		duplicates: stats.duplicates,
		propagation: stats.propagation.toData(),
		visible: stats.visible.toData(),
		stock: stats.stock.toData(),
		awareness: stats.awareness.toData(),
		threadCpuMs,
		loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
		loopDelayMaxMs: loopDelay.max / 1e6,
		drainMs,
		convergence,
		errors: Object.fromEntries(stats.errors)
	};
}

/** Each seat's own clock: what every converged document must hold of it. */
function expectedClocks(room: RoomState): Map<number, number> {
	const expected = new Map<number, number>();
	for (const client of room.clients) {
		expected.set(
			client.clientId,
			Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.clientId) ?? 0
		);
	}
	return expected;
}

function holdsAll(doc: Y.Doc, expected: Map<number, number>): boolean {
	const state = Y.decodeStateVector(Y.encodeStateVector(doc));
	for (const [clientId, clock] of expected) {
		if ((state.get(clientId) ?? 0) !== clock) return false;
	}
	return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}

async function checkConvergence(checkServer: boolean): Promise<RunReport['convergence']> {
	let clientMismatches = 0;
	let stockMatchesObserver: boolean | null = null;
	const expectations = rooms.map(expectedClocks);
	for (const [index, room] of rooms.entries()) {
		const full = room.clients.filter((client) => client.role !== 'light');
		for (const client of full) if (!holdsAll(client.doc, expectations[index])) clientMismatches++;
		const stock = room.clients.find((client) => client.role === 'stock');
		const observer = room.clients.find((client) => client.role === 'observer');
		if (stock && observer) {
			stockMatchesObserver = canonical(stock.doc) === canonical(observer.doc);
		}
	}

	let serverChecked = 0;
	let serverMismatches = 0;
	if (checkServer) {
		const throwaway = new WorkerStats();
		const queue = [...rooms.keys()];
		const lanes = Array.from({ length: CHECK_CONCURRENCY }, async () => {
			for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
				const spec = config.rooms[index];
				const checker = new WireClient({
					url: roomUrl(spec, spec.seats[0].token),
					seat: 0,
					authorKey: spec.seats[0].authorKey,
					room: rooms[index],
					stats: throwaway,
					connectTimeoutMs: config.connectTimeoutMs,
					role: 'observer',
					roomSize: spec.seats.length
				});
				try {
					await checker.connect();
					serverChecked++;
					if (!holdsAll(checker.doc, expectations[index])) serverMismatches++;
				} catch {
					serverMismatches++;
				} finally {
					checker.close();
				}
			}
		});
		await Promise.all(lanes);
	}
	return {
		rooms: rooms.length,
		clientMismatches,
		serverChecked,
		serverMismatches,
		stockMatchesObserver
	};
}

/** The board's items as sorted JSON, so two documents compare item by item. */
function canonical(doc: Y.Doc): string {
	const items = itemsOf(doc).toJSON() as Record<string, Record<string, unknown>>;
	return JSON.stringify(
		Object.keys(items)
			.sort()
			.map((id) => [id, Object.entries(items[id]).sort(([a], [b]) => a.localeCompare(b))])
	);
}

async function closeAll(): Promise<void> {
	for (const room of rooms) for (const client of room.clients) client.close();
	// Give close frames a moment to go out; the main thread terminates the worker afterwards.
	await new Promise((resolve) => setTimeout(resolve, 200));
}

function reply(message: WorkerToMain): void {
	port.postMessage(message);
}

port.on('message', (command: MainToWorker) => {
	const handle = async () => {
		if (command.type === 'connect') reply(await connectAll());
		else if (command.type === 'run') reply(await run(command));
		else {
			await closeAll();
			reply({ type: 'closed' });
		}
	};
	handle().catch((error: unknown) => {
		console.error(`[bench] worker ${config.workerIndex}:`, error);
		process.exit(1);
	});
});
