import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import * as v from 'valibot';
import {
	CONTROL_PATH,
	MAX_CONTROL_MESSAGE_BYTES,
	controlSchemas,
	type ControlEvent,
	type ControlPayload
} from '#shared/protocol/control.ts';
import { ERROR_CODES, RajapintaError, fail, ok, type Result } from '#shared/protocol/errors.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import type { AccessControl } from '#server/auth/access.ts';
import { PARTICIPANT_COOKIE, SESSION_COOKIE, readCookie } from '#server/auth/tokens.ts';
import type { TableActivity } from '#server/workshops/table-activity.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { registerFlowHandlers } from './flow.handlers.ts';
import { registerRevealHandler, type RevealPrivate } from './reveal.handlers.ts';
import { registerProblemHandlers, type BoardActions } from './problem.handlers.ts';
import { pushTableActivity, registerOverviewHandlers } from './overview.handlers.ts';
import { registerWorkshopHandlers } from './workshop.handlers.ts';
import { facilitatorRoom, workshopRoom, type ControlServer, type ControlSocket } from './types.ts';

export interface ControlPlaneOptions {
	access: AccessControl;
	workshops: WorkshopService;
	/** Edits per table board, sent to facilitators for the console overview. */
	activity?: TableActivity;
	/** Copies private items to the tables' boards (SPEC C15); from the sync server. */
	revealPrivate?: RevealPrivate;
	/** Chooses tables' tasks and harvests into the plenary (SPEC C16, C17); from the sync server. */
	boards?: BoardActions;
	/** Rejects a handshake before socket.io accepts it (cross-site requests). */
	allowRequest?: (request: IncomingMessage) => boolean;
	/** socket.io's Redis adapter when several nodes serve the workshops (issue 7); in memory otherwise. */
	adapter?: ServerOptions['adapter'];
	log?: (message: string) => void;
}

export function createControlPlane(httpServer: HttpServer, options: ControlPlaneOptions) {
	const log = options.log ?? ((message: string) => console.error(message));
	const io: ControlServer = new Server(httpServer, {
		path: CONTROL_PATH,
		serveClient: false,
		maxHttpBufferSize: MAX_CONTROL_MESSAGE_BYTES,
		// The sync endpoint shares the HTTP server: leave upgrades on other paths to their owners.
		destroyUpgrade: false,
		...(options.adapter ? { adapter: options.adapter } : {}),
		allowRequest: (request, callback) =>
			callback(null, options.allowRequest ? options.allowRequest(request) : true)
	});

	io.use((socket, next) => {
		const handshake = v.safeParse(controlSchemas.handshake, socket.handshake.auth);
		if (!handshake.success) return next(new Error(ERROR_CODES.invalidPayload));
		if (handshake.output.v !== PROTOCOL_VERSION)
			return next(new Error(ERROR_CODES.versionMismatch));
		const cookie = socket.handshake.headers.cookie;
		options.access
			.resolve(
				readCookie(cookie, SESSION_COOKIE),
				handshake.output.token ?? readCookie(cookie, PARTICIPANT_COOKIE)
			)
			.then((principals) => {
				if (!principals.user && !principals.participant) {
					return next(new Error(ERROR_CODES.unauthorised));
				}
				socket.data.principals = principals;
				next();
			})
			.catch((error: unknown) => {
				log(`[control] handshake failed: ${error}`);
				next(new Error(ERROR_CODES.internal));
			});
	});

	const unsubscribe = options.workshops.onChange((state: WorkshopState) => {
		io.to(workshopRoom(state.workshopId)).emit('workshop:state', stamp(state));
	});
	const unsubscribeJoins = options.workshops.onJoin(({ workshopId, participant }) => {
		io.to(facilitatorRoom(workshopId)).emit('participant:joined', participant);
	});
	const stopActivity = options.activity
		? pushTableActivity({ io, activity: options.activity, workshops: options.workshops })
		: () => {};

	io.on('connection', (socket) => {
		socket.onAny((event: string, ...args: unknown[]) => {
			const ack = args.at(-1);
			// Own keys only: `'toString' in controlSchemas` is true. The handshake schema is no event.
			const known = Object.hasOwn(controlSchemas, event) && event !== 'handshake';
			if (!known && typeof ack === 'function') {
				(ack as (result: Result<never>) => void)(fail(ERROR_CODES.invalidPayload));
			}
		});
		const handle = <E extends ControlEvent>(
			event: E,
			handler: (payload: ControlPayload<E>, socket: ControlSocket) => Promise<WorkshopState>
		) => bindValidated(socket, event, handler, log);
		registerWorkshopHandlers({ handle, access: options.access, workshops: options.workshops });
		registerFlowHandlers({ handle, access: options.access, workshops: options.workshops });
		registerRevealHandler({
			handle,
			access: options.access,
			workshops: options.workshops,
			revealPrivate: options.revealPrivate
		});
		registerOverviewHandlers({ handle, access: options.access, workshops: options.workshops });
		registerProblemHandlers({
			handle,
			access: options.access,
			workshops: options.workshops,
			boards: options.boards
		});
	});

	return {
		io,
		async close(): Promise<void> {
			unsubscribe();
			unsubscribeJoins();
			stopActivity();
			await io.close();
		}
	};
}

/**
 * Registers a handler that runs only on a payload that passes its schema, and always acks with a
 * Result: an error code for bad input, refusals and failures; never a raw message.
 */
function bindValidated<E extends ControlEvent>(
	socket: ControlSocket,
	event: E,
	handler: (payload: ControlPayload<E>, socket: ControlSocket) => Promise<WorkshopState>,
	log: (message: string) => void
): void {
	const listener = (payload: unknown, ack: unknown) => {
		if (typeof ack !== 'function') return;
		const reply = ack as (result: Result<WorkshopState>) => void;
		const parsed = v.safeParse(controlSchemas[event], payload);
		if (!parsed.success) return reply(fail(ERROR_CODES.invalidPayload));
		handler(parsed.output as ControlPayload<E>, socket).then(
			(state) => reply(ok(stamp(state))),
			(error: unknown) => {
				if (error instanceof RajapintaError) return reply(fail(error.code));
				log(`[control] ${event} failed: ${error}`);
				reply(fail(ERROR_CODES.internal));
			}
		);
	};
	// socket.io's typed `on` cannot express "validate first"; the listener narrows the payload itself.
	(socket as unknown as { on(event: string, listener: (...args: never[]) => void): void }).on(
		event,
		listener
	);
}

/** The state with the server's clock of this moment, so clients can correct theirs (SPEC C6). */
function stamp(state: WorkshopState): WorkshopState {
	return { ...state, serverNow: Date.now() };
}
