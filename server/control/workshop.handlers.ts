import type { WorkshopId } from '#shared/model/ids.ts';
import {
	extendTimer,
	goToPhase,
	lockBoards,
	pauseTimer,
	resumeTimer,
	startTimer
} from '#shared/model/workshop-ops.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { AccessControl } from '#server/auth/access.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { requireFacilitator as requireOwner } from './guards.ts';
import { facilitatorRoom, workshopRoom, type ControlSocket, type HandlerBinder } from './types.ts';

/**
 * Workshop events (SPEC C1–C4): anybody in the workshop may subscribe to its state; only its
 * facilitators may change it.
 */
export function registerWorkshopHandlers(options: {
	handle: HandlerBinder;
	access: AccessControl;
	workshops: WorkshopService;
}): void {
	const { handle, access, workshops } = options;

	const requireFacilitator = (socket: ControlSocket, workshopId: string) =>
		requireOwner(access, socket, workshopId);

	handle('workshop:subscribe', async ({ workshopId }, socket) => {
		const id = workshopId as WorkshopId;
		const { user, participant } = socket.data.principals;
		const drives = await access.mayDrive(user, id);
		if (participant?.workshopId !== id && !drives) {
			throw new RajapintaError('forbidden', `no access to ${workshopId}`);
		}
		const state = await workshops.state(id);
		if (!state) throw new RajapintaError('not_found', `workshop ${workshopId}`);
		await socket.join(workshopRoom(workshopId));
		// Participant details go to facilitators only (SPEC C11).
		if (drives) await socket.join(facilitatorRoom(workshopId));
		return state;
	});

	handle('phase:go', async ({ workshopId, index }, socket) => {
		await requireFacilitator(socket, workshopId);
		return workshops.change(workshopId as WorkshopId, (state, now) => goToPhase(state, index, now));
	});

	handle('timer:start', async ({ workshopId, durationMs }, socket) => {
		await requireFacilitator(socket, workshopId);
		return workshops.change(workshopId as WorkshopId, (state, now) =>
			startTimer(state, durationMs, now)
		);
	});

	handle('timer:pause', async ({ workshopId }, socket) => {
		await requireFacilitator(socket, workshopId);
		return workshops.change(workshopId as WorkshopId, pauseTimer);
	});

	handle('timer:resume', async ({ workshopId }, socket) => {
		await requireFacilitator(socket, workshopId);
		return workshops.change(workshopId as WorkshopId, resumeTimer);
	});

	handle('timer:extend', async ({ workshopId, ms }, socket) => {
		await requireFacilitator(socket, workshopId);
		return workshops.change(workshopId as WorkshopId, (state, now) => extendTimer(state, ms, now));
	});

	handle('board:lock', async ({ workshopId, table, locked }, socket) => {
		await requireFacilitator(socket, workshopId);
		return workshops.change(workshopId as WorkshopId, (state) => lockBoards(state, table, locked));
	});
}
