import type { Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	ControlEvent,
	ControlPayload,
	ServerToClientEvents
} from '#shared/protocol/control.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import type { Principals } from '#server/auth/access.ts';

/** Per-socket data set by the handshake middleware; never sent to the client. */
export interface SocketData {
	principals: Principals;
}

export type ControlServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type ControlSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

/** socket.io room of everybody following one workshop. */
export const workshopRoom = (workshopId: string) => `workshop:${workshopId}`;

/** socket.io room of the workshop's facilitators (participant details go only here). */
export const facilitatorRoom = (workshopId: string) => `workshop:${workshopId}:facilitators`;

export type HandlerBinder = <E extends ControlEvent>(
	event: E,
	handler: (payload: ControlPayload<E>, socket: ControlSocket) => Promise<WorkshopState>
) => void;
