import type { WorkshopId } from '#shared/model/ids.ts';
import { setSpotlight } from '#shared/model/workshop-ops.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { AccessControl } from '#server/auth/access.ts';
import type { TableActivity } from '#server/workshops/table-activity.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { requireFacilitator } from './guards.ts';
import { facilitatorRoom, type ControlServer, type HandlerBinder } from './types.ts';

/** A burst of edits reaches the console at most this often per workshop, in ms. */
export const ACTIVITY_PUSH_MS = 2_000;
/** While a table counts recent edits, the counts are re-sent this often so they age out, in ms. */
const ACTIVITY_DECAY_MS = 30_000;

/** The console's table overview: which table the projector shows large (SPEC C13). */
export function registerOverviewHandlers(options: {
	handle: HandlerBinder;
	access: AccessControl;
	workshops: WorkshopService;
}): void {
	const { handle, access, workshops } = options;

	handle('table:spotlight', async ({ workshopId, table }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		const id = workshopId as WorkshopId;
		const current = await workshops.state(id);
		if (!current) throw new RajapintaError('not_found', `workshop ${workshopId}`);
		if (table !== null && table > current.tableCount) {
			throw new RajapintaError('conflict', `no table ${table}`);
		}
		return workshops.change(id, (state) => setSpotlight(state, table));
	});
}

/**
 * Sends each workshop's facilitators the edits per table (SPEC C14): on subscribing, after a
 * burst of edits (throttled), and while counts age out. Returns the cleanup.
 */
export function pushTableActivity(options: {
	io: ControlServer;
	activity: TableActivity;
	workshops: WorkshopService;
}): () => void {
	const { io, activity, workshops } = options;
	const timers = new Map<WorkshopId, { timer: NodeJS.Timeout; dueAt: number }>();

	const send = (workshopId: WorkshopId, to: string) => {
		const tableCount = workshops.cachedState(workshopId)?.tableCount ?? 0;
		const tables = activity.snapshot(workshopId, tableCount);
		// Local: with several nodes each holds every node's counts and tells its own sockets only.
		io.local.to(to).emit('tables:activity', { workshopId, tables, serverNow: Date.now() });
		return tables.some((table) => table.edits > 0);
	};

	const schedule = (workshopId: WorkshopId, delay: number) => {
		const pending = timers.get(workshopId);
		// A decay push far ahead gives way to a prompt one after fresh edits.
		if (pending && pending.dueAt <= Date.now() + delay) return;
		if (pending) clearTimeout(pending.timer);
		const timer = setTimeout(() => {
			timers.delete(workshopId);
			if (send(workshopId, facilitatorRoom(workshopId))) schedule(workshopId, ACTIVITY_DECAY_MS);
		}, delay);
		timer.unref();
		timers.set(workshopId, { timer, dueAt: Date.now() + delay });
	};

	const stopListening = activity.onActivity((workshopId) => schedule(workshopId, ACTIVITY_PUSH_MS));

	// A facilitator socket joining its room gets the counts at once, not after the next edit.
	const onJoin = (room: string, socketId: string) => {
		const match = /^workshop:([A-Za-z0-9_-]+):facilitators$/.exec(room);
		if (match) send(match[1] as WorkshopId, socketId);
	};
	io.of('/').adapter.on('join-room', onJoin);

	return () => {
		stopListening();
		io.of('/').adapter.off('join-room', onJoin);
		for (const { timer } of timers.values()) clearTimeout(timer);
		timers.clear();
	};
}
