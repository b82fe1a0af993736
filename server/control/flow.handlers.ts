import { nanoid } from 'nanoid';
import type { WorkshopId } from '#shared/model/ids.ts';
import {
	setBroadcast,
	setPause,
	setPlenary,
	setTableSignal,
	startDay
} from '#shared/model/workshop-ops.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { AccessControl } from '#server/auth/access.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { requireFacilitator } from './guards.ts';
import type { HandlerBinder } from './types.ts';

/** Signal changes one participant may make per window: enough to correct a mis-tap, no flood. */
export const SIGNAL_LIMIT = { changes: 4, windowMs: 20_000 } as const;

/**
 * The facilitator console's room-wide commands (SPEC C6–C9) and the tables' signals (C10).
 * Everything but `table:signal` is for the workshop's facilitators only.
 */
export function registerFlowHandlers(options: {
	handle: HandlerBinder;
	access: AccessControl;
	workshops: WorkshopService;
	now?: () => number;
}): void {
	const { handle, access, workshops } = options;
	const now = options.now ?? Date.now;
	const change = workshops.change.bind(workshops);

	handle('workshop:start', async ({ workshopId }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return change(workshopId as WorkshopId, startDay);
	});

	handle('plenary:set', async ({ workshopId, plenary }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return change(workshopId as WorkshopId, (state) => setPlenary(state, plenary));
	});

	handle('screens:pause', async ({ workshopId, paused, message }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return change(workshopId as WorkshopId, (state) =>
			setPause(state, paused ? { message } : null)
		);
	});

	handle('message:broadcast', async ({ workshopId, text }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return change(workshopId as WorkshopId, (state, at) =>
			setBroadcast(state, { id: nanoid(10), text, sentAt: at })
		);
	});

	handle('message:clear', async ({ workshopId }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return change(workshopId as WorkshopId, (state) => setBroadcast(state, null));
	});

	handle('table:clear-signal', async ({ workshopId, table }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		return change(workshopId as WorkshopId, (state, at) => setTableSignal(state, table, null, at));
	});

	// Per participant, in memory: fine for one node; with several nodes a participant could spread
	// their taps across nodes, which only multiplies a small limit.
	const recent = new Map<string, number[]>();
	handle('table:signal', async ({ workshopId, signal }, socket) => {
		const participant = socket.data.principals.participant;
		if (!participant || participant.workshopId !== workshopId) {
			throw new RajapintaError('forbidden', `not a participant of ${workshopId}`);
		}
		const at = now();
		const times = (recent.get(participant.id) ?? []).filter(
			(time) => at - time < SIGNAL_LIMIT.windowMs
		);
		if (times.length >= SIGNAL_LIMIT.changes) {
			throw new RajapintaError('rate_limited', `signals of ${participant.id}`);
		}
		recent.set(participant.id, [...times, at]);
		return change(workshopId as WorkshopId, (state, stamp) =>
			setTableSignal(state, participant.table, signal, stamp)
		);
	});
}
