import type { Server as HttpServer } from 'node:http';
import { isSameOrigin } from './auth/origin.ts';
import { createControlPlane } from './control/control-plane.ts';
import { revealPrivateWriting } from './sync/private-reveal.ts';
import { createSyncServer, type SyncServer } from './sync/sync-server.ts';
import type { Services } from './services.ts';
import { layOutPhaseBoards } from './workshops/phase-boards.ts';
import { TableActivity } from './workshops/table-activity.ts';

export interface Realtime {
	sync: SyncServer;
	close(): Promise<void>;
}

/**
 * Attaches the socket.io control plane and the y-websocket sync endpoint to an HTTP server. The
 * upgrade listener takes only the sync path and leaves every other upgrade (socket.io, Vite HMR)
 * to the listeners that own it.
 */
export function attachRealtime(httpServer: HttpServer, services: Services): Realtime {
	const log = (message: string) => console.error(message);
	// Sync and control meet here: stored edits feed the console's activity per table.
	const activity = new TableActivity();
	const sync = createSyncServer({
		documents: services.storage.documents,
		log,
		onStored: (room, updates) => activity.record(room, updates),
		authorize: async (request, url, room) => {
			if (!isSameOrigin(request, services.config.origin)) return 'forbidden';
			return services.access.roomAccess(await services.access.resolveRequest(request, url), room);
		}
	});
	const control = createControlPlane(httpServer, {
		access: services.access,
		workshops: services.workshops,
		activity,
		revealPrivate: async (workshopId, reveal) => {
			const participants = await services.storage.participants.listByWorkshop(workshopId);
			await revealPrivateWriting({ sync, workshopId, participants, reveal });
		},
		allowRequest: (request) => isSameOrigin(request, services.config.origin),
		log
	});
	// A participant moved to another table loses the old board at once and follows (SPEC S11).
	const stopSeatChanges = services.seating.onSeatChange(({ participantId }) => {
		const principal = `participant:${participantId}`;
		sync.disconnect(
			(room, access) => access.principalKey === principal && !room.endsWith('/plenary'),
			'seatChanged'
		);
	});
	// Erased personal data: the person's credential is dead, so their open connections go too.
	const stopErasures = services.privacy.onErased(({ participantIds }) => {
		const principals = new Set(participantIds.map((id) => `participant:${id}`));
		sync.disconnect((_room, access) => principals.has(access.principalKey), 'unauthorised');
		const ids = new Set<string>(participantIds);
		for (const socket of control.io.sockets.sockets.values()) {
			const participant = socket.data.principals?.participant;
			if (participant && ids.has(participant.id)) socket.disconnect(true);
		}
	});
	const stopPhaseBoards = layOutPhaseBoards({ workshops: services.workshops, sync, log });
	const onUpgrade = (...args: Parameters<SyncServer['handleUpgrade']>) => {
		sync.handleUpgrade(...args);
	};
	httpServer.on('upgrade', onUpgrade);
	return {
		sync,
		async close() {
			httpServer.off('upgrade', onUpgrade);
			stopSeatChanges();
			stopPhaseBoards();
			stopErasures();
			await sync.close();
			await control.close();
		}
	};
}
