import { round } from './histogram.ts';
import type { BoardRenderResult } from './sections/board-render.ts';
import { formatExportSection, type ExportResult } from './sections/exports.ts';
import type { InitialLoadResult, RoomLoad } from './sections/initial-load.ts';
import type { MemoryResult } from './sections/memory.ts';
import type { StorageResult } from './sections/storage.ts';
import { CAPACITY_P99_MS, type SyncSectionResult } from './sections/sync-load.ts';
import { formatTableMixing, type TableMixingResult } from './sections/table-mixing.ts';

/** Everything one `npm run bench` measured; written as JSON next to the printed tables. */
export interface BenchResult {
	startedAt: string;
	mode: 'quick' | 'full';
	machine: { cores: number; node: string; platform: string; cpuModel: string };
	sync?: SyncSectionResult;
	load?: InitialLoadResult;
	memory?: MemoryResult;
	storage?: StorageResult;
	mixing?: TableMixingResult;
	exports?: ExportResult;
	render?: BoardRenderResult;
	durationS: number;
}

/** Targets of the issue, so the printout says pass or miss next to each figure. */
const TARGETS = {
	cpuPerEditRatio: 0.5,
	capacityRatio: { 6: 1.5, 30: 2 } as Record<number, number>,
	warmP50Ms: 60,
	coldP50Ms: 150,
	dayRatio: [0.8, 1.2],
	workshopsPerGiB: 500,
	firstRenderMs: 500
} as const;

function table(headers: string[], rows: (string | number)[][]): string {
	const cells = [headers, ...rows.map((row) => row.map(String))];
	const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
	const line = (row: string[]) =>
		row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
	return [
		line(cells[0]),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...cells.slice(1).map(line)
	].join('\n');
}

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

export function formatReport(result: BenchResult): string {
	const out: string[] = [];
	out.push(
		`Rajapinta benchmark (${result.mode}), ${result.startedAt}, ${result.machine.cores} cores, Node ${result.machine.node}, ${result.durationS} s`
	);
	if (result.sync) out.push(formatSync(result.sync));
	if (result.load) out.push(formatLoad(result.load));
	if (result.memory) out.push(formatMemory(result.memory));
	if (result.storage) out.push(formatStorage(result.storage));
	if (result.mixing) out.push(formatTableMixing(result.mixing));
	if (result.exports) out.push(formatExportSection(result.exports));
	if (result.render) out.push(formatRender(result.render));
	return out.join('\n\n') + '\n';
}

function formatSync(sync: SyncSectionResult): string {
	const s = sync.settings;
	const out = [
		`1. Sync load — edit every ${s.editIntervalMs / 1000} s, cursor awareness every ${s.awarenessIntervalMs} ms per client while active ` +
			`(${Math.round(s.awarenessActiveShare * 100)} % of the time → ${round((1000 / s.awarenessIntervalMs) * s.awarenessActiveShare, 2)}/s average); ` +
			`window ${s.timing.windowMs / 1000} s after ${s.timing.warmupMs / 1000} s warm-up; median of ${s.repeats} run(s); ` +
			`generator: ${s.workers} worker threads, ${s.observersPerRoom} applying observers per room + 1 stock provider.`,
		'   Propagation = send → visible in each other client of the room (ms). CPU/edit = server process CPU ÷ edits (µs, includes awareness).',
		'   calls/edit = the server’s read | write system calls ÷ edits (socket and storage I/O).',
		'   cores = average CPU in the window (server process | load generator | rest of the machine).'
	];
	for (const roomSize of s.roomSizes) {
		const rows = sync.medians
			.filter((m) => m.roomSize === roomSize)
			.sort((a, b) => a.clients - b.clients || a.server.localeCompare(b.server))
			.map((m) => [
				m.server,
				m.clients,
				m.editsPerS,
				m.p50,
				m.p95,
				m.p99,
				m.max,
				m.connectP50,
				m.cpuPerEditUs,
				`${m.readCallsPerEdit} | ${m.writeCallsPerEdit}`,
				`${m.serverCores} | ${m.generatorCores} | ${m.otherCores}`,
				m.rssMiB,
				m.errors,
				m.converged ? 'yes' : 'NO',
				m.limits.join('+') || '-'
			]);
		out.push(
			`\n   Rooms of ${roomSize}\n` +
				indent(
					table(
						[
							'server',
							'clients',
							'edits/s',
							'p50',
							'p95',
							'p99',
							'max',
							'connect p50',
							'CPU/edit µs',
							'calls/edit r|w',
							'cores srv|gen|other',
							'RSS MiB',
							'errors',
							'converged',
							'limited by'
						],
						rows
					)
				)
		);
	}
	out.push('\n   Rajapinta ÷ reference (same invocation)');
	for (const ratio of sync.ratios) {
		const cpu = ratio.cpuPerEdit
			.map((r) => `${r.clients} clients: ${r.ratio} (${r.rajapintaUs} vs ${r.referenceUs} µs)`)
			.join('; ');
		const at1000 = ratio.cpuPerEdit.find((r) => r.clients >= 900 && r.clients <= 1100);
		out.push(
			`   rooms of ${ratio.roomSize}: CPU per edit ${cpu || 'n/a'}` +
				(at1000
					? ` → at ~1,000 clients ${verdict(at1000.ratio <= TARGETS.cpuPerEditRatio)} (≤ ${TARGETS.cpuPerEditRatio})`
					: '')
		);
		const c = ratio.capacity;
		const wanted = TARGETS.capacityRatio[ratio.roomSize];
		out.push(
			`   rooms of ${ratio.roomSize}: capacity at p99 < ${CAPACITY_P99_MS} ms: Rajapinta ${c.rajapinta} (${c.boundBy.rajapinta}-bound), ` +
				`reference ${c.reference} (${c.boundBy.reference}-bound), ratio ${c.ratio ?? 'n/a'}` +
				(c.ratio !== null && wanted ? ` → ${verdict(c.ratio >= wanted)} (≥ ${wanted})` : '')
		);
	}
	const stock = sync.points.filter((p) => p.convergence.stockMatchesObserver !== null);
	out.push(
		`   Stock y-websocket provider: present in ${stock.length} run(s), its document equalled a light observer's in ${stock.filter((p) => p.convergence.stockMatchesObserver).length}.`
	);
	return out.join('\n');
}

function loadRow(name: string, load: RoomLoad): (string | number)[] {
	return [
		name,
		Math.round(load.stateBytes / 1000),
		load.logRows,
		load.cold.p50,
		load.cold.max,
		load.warm.p50,
		load.warm.max
	];
}

function formatLoad(load: InitialLoadResult): string {
	const rows = [
		loadRow(`${load.notes} notes`, load.board),
		loadRow(`after ${load.dayUpdates} updates`, load.afterDay),
		loadRow('  same state, 1 snapshot', load.afterDaySnapshot)
	];
	return [
		`2. Initial load — fresh stock client until it holds every note (ms, ${load.board.cold.count} samples each)`,
		indent(
			table(['document', 'kB', 'log rows', 'cold p50', 'cold max', 'warm p50', 'warm max'], rows)
		),
		`   warm p50 ${load.board.warm.p50} ms → ${verdict(load.board.warm.p50 <= TARGETS.warmP50Ms)} (≤ ${TARGETS.warmP50Ms}); ` +
			`cold p50 ${load.board.cold.p50} ms → ${verdict(load.board.cold.p50 <= TARGETS.coldP50Ms)} (≤ ${TARGETS.coldP50Ms})`,
		`   after the day ÷ before: cold ${load.dayRatio.cold}, warm ${load.dayRatio.warm} → ` +
			verdict(
				[load.dayRatio.cold, load.dayRatio.warm].every(
					(r) => r >= TARGETS.dayRatio[0] && r <= TARGETS.dayRatio[1]
				)
			) +
			` (±20 %); the day took ${load.dayWriteS} s to write through the server; readNotes() ${load.readNotesMs} ms`,
		...(load.logRatio
			? [
					`   the day's log ÷ the same state as 1 snapshot (what compaction controls): cold ${load.logRatio.cold}, warm ${load.logRatio.warm} → ` +
						verdict(
							[load.logRatio.cold, load.logRatio.warm].every(
								(r) => r >= TARGETS.dayRatio[0] && r <= TARGETS.dayRatio[1]
							)
						) +
						` (±20 %); the day's state itself (${Math.round(load.afterDaySnapshot.stateBytes / 1000)} vs ${Math.round(load.board.stateBytes / 1000)} kB) ` +
						`loads ${load.stateGrowth.cold}× cold, ${load.stateGrowth.warm}× warm`
				]
			: [])
	].join('\n');
}

function formatMemory(memory: MemoryResult): string {
	return [
		`   Memory: ${memory.documents} idle documents of ${memory.notesPerDocument} notes (${Math.round(memory.documentStateBytes / 1000)} kB): ` +
			`${memory.perDocumentKiB} KiB per idle document (${memory.perActiveDocumentKiB} KiB while its Y.Doc is held after an edit), ` +
			`${memory.perConnectionKiB} KiB per connection; ` +
			`a workshop (6 documents, 30 connections) ≈ ${memory.perWorkshopMiB} MiB → ${memory.workshopsPerGiB} per GiB ` +
			`→ ${verdict(memory.workshopsPerGiB >= TARGETS.workshopsPerGiB)} (≥ ${TARGETS.workshopsPerGiB})`
	].join('\n');
}

function formatStorage(storage: StorageResult): string {
	const out = [`3. Storage — persisted updates/s (updates of ~${storage.updateBytes} bytes)`];
	for (const store of storage.stores) {
		if (store.skipped) {
			out.push(`   ${store.store}: skipped (${store.skipped})`);
			continue;
		}
		out.push(
			`   ${store.store}: append in batches of ` +
				store.append.map((a) => `${a.batchSize}: ${a.updatesPerS}/s`).join(', ')
		);
		out.push(
			`   ${store.store}: sync core with group commit, ` +
				store.groupCommit
					.map(
						(g) =>
							`${g.arrivalsPerTurn} arrivals/turn: ${g.updatesPerS}/s (${g.meanRowsPerTransaction} rows/txn)`
					)
					.join(', ')
		);
	}
	return out.join('\n');
}

function indent(text: string): string {
	return text
		.split('\n')
		.map((line) => `   ${line}`)
		.join('\n');
}

export function formatRender(render: BoardRenderResult): string {
	const base = render.baseline;
	const first = (figures: { firstRenderMs: number; firstRenderRuns: number[] }) =>
		`${figures.firstRenderMs} ms (runs ${figures.firstRenderRuns.join(', ')})`;
	const lines = [
		`Board canvas in Chromium, ${render.notes} notes: first render ${first(render)} ` +
			`(target < ${TARGETS.firstRenderMs} ms: ${verdict(render.firstRenderMs < TARGETS.firstRenderMs)})`
	];
	if (base) {
		lines.push(
			`   baseline ${base.app}: first render ${first(base)}; ` +
				`this/baseline ${round(render.firstRenderMs / base.firstRenderMs, 2)}`
		);
	}
	const kinds = [
		['pan at zoom to fit', 'panFitFrames', 'panFit'],
		['pan at 100 %', 'panFullFrames', 'panFull'],
		["a peer's remote drag", 'remoteDragFrames', 'remoteDrag']
	] as const;
	const rows = kinds.flatMap(([name, key, busy]) => {
		const f = render[key];
		const row = [name, f.p50, f.p95, f.max, render.busyPerFrameMs?.[busy] ?? '-'];
		if (!base) return [row];
		const b = base[key];
		return [row, [`  baseline`, b.p50, b.p95, b.max, base.busyPerFrameMs?.[busy] ?? '-']];
	});
	lines.push(
		table(['frame interval (ms)', 'p50', 'p95', 'max', 'main thread/frame (ms)'], rows),
		'   main thread/frame = the page’s main-thread task time ÷ frames recorded (p50 16.7 ms ' +
			'only says no frame overran; this says how much of the 16.7 ms the board used).'
	);
	return lines.join('\n');
}
