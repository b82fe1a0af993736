import type { Server as HttpServer } from 'node:http';
import { phaseAreaIds } from '#shared/model/board.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import { isSameOrigin } from './auth/origin.ts';
import type { Cluster } from './cluster/cluster.ts';
import { shareTableActivity } from './cluster/shared-activity.ts';
import { createControlPlane } from './control/control-plane.ts';
import { createBoardActions } from './sync/board-actions.ts';
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
export function attachRealtime(
	httpServer: HttpServer,
	services: Services,
	/** Other nodes to keep in step with (REDIS_URL); null when this node is alone. */
	cluster: Cluster | null = null
): Realtime {
	const log = (message: string) => console.error(message);
	// Sync and control meet here: stored edits feed the console's activity per table.
	const activity = new TableActivity();
	const sharedActivity = cluster ? shareTableActivity({ activity, events: cluster.events }) : null;
	const sync = createSyncServer({
		documents: services.storage.documents,
		log,
		peers: cluster?.peers,
		onStored: (room, updates) => {
			activity.record(room, updates);
			sharedActivity?.stored(room, updates);
		},
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
			// The notes go into the areas the revealed phase laid out (phase-boards.ts).
			const state = await services.workshops.state(workshopId);
			const phase = state?.phases[state.phaseIndex];
			const areas = phase ? phaseAreaIds(phase.boardTemplate) : [];
			await revealPrivateWriting({ sync, workshopId, participants, reveal, areas });
		},
		boards: createBoardActions(sync),
		allowRequest: (request) => isSameOrigin(request, services.config.origin),
		adapter: cluster?.adapter,
		log
	});
	// A participant moved to another table loses the old board at once and follows (SPEC S11).
	const closeOldBoard = (participantId: string) => {
		const principal = `participant:${participantId}`;
		sync.disconnect(
			(room, access) => access.principalKey === principal && !room.endsWith('/plenary'),
			'seatChanged'
		);
	};
	const stopSeatChanges = services.seating.onSeatChange(({ participantId }) => {
		closeOldBoard(participantId);
		cluster?.events.publish({ type: 'seat:changed', participantId });
	});
	// Erased personal data: the person's credential is dead, so their open connections go too.
	const closeErased = (participantIds: readonly string[]) => {
		const principals = new Set(participantIds.map((id) => `participant:${id}`));
		sync.disconnect((_room, access) => principals.has(access.principalKey), 'unauthorised');
		const ids = new Set<string>(participantIds);
		for (const socket of control.io.sockets.sockets.values()) {
			const participant = socket.data.principals?.participant;
			if (participant && ids.has(participant.id)) socket.disconnect(true);
		}
	};
	const stopErasures = services.privacy.onErased(({ participantIds }) => {
		closeErased(participantIds);
		cluster?.events.publish({ type: 'participants:erased', participantIds: [...participantIds] });
	});
	const stopCluster = cluster
		? followCluster({ cluster, services, closeOldBoard, closeErased, log })
		: () => {};
	const stopPhaseBoards = layOutPhaseBoards({
		workshops: services.workshops,
		sync,
		log,
		seeds: (workshopId) => services.followUps.seeds(workshopId)
	});
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
			stopCluster();
			sharedActivity?.stop();
			await sync.close();
			await control.close();
		}
	};
}

/**
 * What this node does about other nodes' changes (SPEC S12): reload a workshop state they changed,
 * close connections they ended, and after an outage of Redis reload every state it holds.
 */
function followCluster(options: {
	cluster: Cluster;
	services: Services;
	closeOldBoard: (participantId: string) => void;
	closeErased: (participantIds: readonly string[]) => void;
	log: (message: string) => void;
}): () => void {
	const { cluster, services, log } = options;
	const { workshops } = services;
	const failed = (what: string) => (error: unknown) => log(`[cluster] ${what} failed: ${error}`);
	const stopChanges = workshops.onChange((state) => {
		cluster.events.publish({ type: 'workshop:state', workshopId: state.workshopId });
	});
	const stopEvents = cluster.events.subscribe((event) => {
		switch (event.type) {
			case 'workshop:state':
				return void workshops
					.refresh(event.workshopId as WorkshopId)
					.catch(failed(`reloading ${event.workshopId}`));
			case 'seat:changed':
				return options.closeOldBoard(event.participantId);
			case 'participants:erased':
				return options.closeErased(event.participantIds);
		}
	});
	const stopReady = cluster.link.onReady(() => {
		workshops.refreshAll().catch(failed('reloading workshop states'));
	});
	return () => {
		stopChanges();
		stopEvents();
		stopReady();
	};
}
