import type { WorkshopId } from '#shared/model/ids.ts';
import { TABLE_ACTIVITY_WINDOW_MS, type TablesActivityEvent } from '#shared/protocol/control.ts';
import { parseRoomName } from '#shared/protocol/sync.ts';

/** Edits are counted in buckets of this length, so a busy table costs a few numbers, not a list. */
const BUCKET_MS = 10_000;

interface TableCounts {
	/** Bucket start (epoch ms) → stored updates in it; only buckets inside the window are kept. */
	buckets: Map<number, number>;
	lastEditAt: number;
}

type ActivityListener = (workshopId: WorkshopId) => void;

/**
 * Recent edits per table board, fed by the sync server after each commit (so only stored edits
 * count) and read by the control plane for the console overview. In memory: fine for one node; with
 * several nodes each counts only the edits it stored.
 */
export class TableActivity {
	readonly #workshops = new Map<WorkshopId, Map<number, TableCounts>>();
	readonly #listeners = new Set<ActivityListener>();
	readonly #now: () => number;

	constructor(options: { now?: () => number } = {}) {
		this.#now = options.now ?? Date.now;
	}

	/** Counts `updates` stored updates of a sync room; rooms other than table boards are ignored. */
	record(room: string, updates: number): void {
		const ref = parseRoomName(room);
		if (!ref || ref.kind !== 'table') return;
		const now = this.#now();
		let tables = this.#workshops.get(ref.workshopId);
		if (!tables) {
			tables = new Map();
			this.#workshops.set(ref.workshopId, tables);
		}
		let counts = tables.get(ref.table);
		if (!counts) {
			counts = { buckets: new Map(), lastEditAt: now };
			tables.set(ref.table, counts);
		}
		const bucket = now - (now % BUCKET_MS);
		counts.buckets.set(bucket, (counts.buckets.get(bucket) ?? 0) + updates);
		counts.lastEditAt = now;
		prune(counts, now);
		for (const listener of this.#listeners) listener(ref.workshopId);
	}

	/** Tells `listener` which workshop had an edit; the caller throttles. */
	onActivity(listener: ActivityListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Edits in the window for tables 1..tableCount. */
	snapshot(workshopId: WorkshopId, tableCount: number): TablesActivityEvent['tables'] {
		const now = this.#now();
		const tables = this.#workshops.get(workshopId);
		const result: TablesActivityEvent['tables'] = [];
		for (let table = 1; table <= tableCount; table++) {
			const counts = tables?.get(table);
			if (counts) prune(counts, now);
			let edits = 0;
			for (const count of counts?.buckets.values() ?? []) edits += count;
			result.push({ table, edits, lastEditAt: counts?.lastEditAt ?? null });
		}
		return result;
	}
}

function prune(counts: TableCounts, now: number): void {
	for (const start of counts.buckets.keys()) {
		if (start + BUCKET_MS <= now - TABLE_ACTIVITY_WINDOW_MS) counts.buckets.delete(start);
	}
}
