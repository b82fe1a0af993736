import * as v from 'valibot';
import type { ActorType } from '../model/actor.ts';
import type { WorkshopState } from '../model/workshop.ts';
import type { Result } from './errors.ts';

/** socket.io path of the control plane (the default, stated so both ends agree). */
export const CONTROL_PATH = '/socket.io';

/** Largest control-plane message the server reads, in bytes (socket.io maxHttpBufferSize). */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;

const workshopIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/));
/** Longest countdown a facilitator can set: a whole day. */
const MAX_TIMER_MS = 12 * 60 * 60 * 1000;
/** A broadcast is read from across a room: one or two sentences. */
export const MAX_BROADCAST_CHARS = 280;
/** The message on the pause overlay. */
export const MAX_PAUSE_MESSAGE_CHARS = 200;

/** A board item's id: a nanoid, or a template area's `tpl-<template>-<slot>`. */
const itemIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const tableSchema = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999));
/** Most items one harvest pulls into the plenary (a facilitator picks by hand). */
export const MAX_HARVEST_ITEMS = 100;

/** Payload schemas, checked at the boundary before any handler runs. */
export const controlSchemas = {
	handshake: v.object({
		v: v.number(),
		token: v.optional(v.pipe(v.string(), v.maxLength(2048)))
	}),
	'workshop:subscribe': v.strictObject({ workshopId: workshopIdSchema }),
	'phase:go': v.strictObject({
		workshopId: workshopIdSchema,
		index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(99))
	}),
	'timer:start': v.strictObject({
		workshopId: workshopIdSchema,
		durationMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(MAX_TIMER_MS))
	}),
	'timer:pause': v.strictObject({ workshopId: workshopIdSchema }),
	'timer:resume': v.strictObject({ workshopId: workshopIdSchema }),
	'timer:extend': v.strictObject({
		workshopId: workshopIdSchema,
		ms: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(60 * 60 * 1000))
	}),
	'board:lock': v.strictObject({
		workshopId: workshopIdSchema,
		/** A table number, or null for every board. */
		table: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999))),
		locked: v.boolean()
	}),
	/** Starts the day: the clock of time spent per phase runs from here. */
	'workshop:start': v.strictObject({ workshopId: workshopIdSchema }),
	/** true calls every participant screen to the plenary view; false sends them back. */
	'plenary:set': v.strictObject({ workshopId: workshopIdSchema, plenary: v.boolean() }),
	/** Pauses every participant screen behind an overlay with `message` (may be ''), or lifts it. */
	'screens:pause': v.strictObject({
		workshopId: workshopIdSchema,
		paused: v.boolean(),
		message: v.pipe(v.string(), v.trim(), v.maxLength(MAX_PAUSE_MESSAGE_CHARS))
	}),
	/** Shows a short message on every screen, replacing the previous one. */
	'message:broadcast': v.strictObject({
		workshopId: workshopIdSchema,
		text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_BROADCAST_CHARS))
	}),
	/** Withdraws the broadcast message from every screen. */
	'message:clear': v.strictObject({ workshopId: workshopIdSchema }),
	/**
	 * A participant raises their table's signal ("done" or "help") or lowers it (null). The table
	 * comes from the participant's credential, never from the payload. Rate-limited per participant.
	 */
	'table:signal': v.strictObject({
		workshopId: workshopIdSchema,
		signal: v.nullable(v.picklist(['done', 'help']))
	}),
	/** A facilitator lowers a table's signal once they have seen to it. */
	'table:clear-signal': v.strictObject({
		workshopId: workshopIdSchema,
		table: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999))
	}),
	/**
	 * Reveals the current phase's private writing (SPEC C15): every participant's private items go
	 * to their table's board, without author keys when `anonymise`, in random order when `shuffle`.
	 */
	'phase:reveal': v.strictObject({
		workshopId: workshopIdSchema,
		anonymise: v.boolean(),
		shuffle: v.boolean()
	}),
	/**
	 * SPEC C16: a table records its chosen development task, the candidate note `itemId` on its
	 * board, or withdraws the choice (null). A participant's table comes from their credential;
	 * a facilitator names the `table`.
	 */
	'task:choose': v.strictObject({
		workshopId: workshopIdSchema,
		itemId: v.nullable(itemIdSchema),
		table: v.optional(tableSchema)
	}),
	/**
	 * SPEC C17: a facilitator pulls picked items from tables' boards into the plenary document,
	 * each linked back to its table and item.
	 */
	'plenary:harvest': v.strictObject({
		workshopId: workshopIdSchema,
		items: v.pipe(
			v.array(v.strictObject({ table: tableSchema, itemId: itemIdSchema })),
			v.minLength(1),
			v.maxLength(MAX_HARVEST_ITEMS)
		)
	}),
	/** SPEC C19: a facilitator shows the current phase's hidden vote counts to everybody. */
	'votes:show': v.strictObject({ workshopId: workshopIdSchema }),
	/** A facilitator shows one table large on the projector (a table number) or none (null). */
	'table:spotlight': v.strictObject({
		workshopId: workshopIdSchema,
		table: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999)))
	})
} as const;

export type Handshake = v.InferOutput<typeof controlSchemas.handshake>;
export type ControlEvent = Exclude<keyof typeof controlSchemas, 'handshake'>;
export type ControlPayload<E extends ControlEvent> = v.InferOutput<(typeof controlSchemas)[E]>;

type Ack<T> = (result: Result<T>) => void;

/** Events a client emits. Every one carries an ack with the workshop's new state or an error code. */
export type ClientToServerEvents = {
	[E in ControlEvent]: (payload: ControlPayload<E>, ack: Ack<WorkshopState>) => void;
};

/** Events the server emits to everybody subscribed to a workshop. */
export interface ServerToClientEvents {
	/** The whole state after any change; replaces what the client had when revision is newer. */
	'workshop:state': (state: WorkshopState) => void;
	/** To the workshop's facilitators only: somebody took a seat (console table overview). */
	'participant:joined': (joined: ParticipantJoinedEvent) => void;
	/** To the workshop's facilitators only: edits per table board lately (console overview). */
	'tables:activity': (activity: TablesActivityEvent) => void;
}

/** What the console learns about a new participant; names stay with facilitators. */
export interface ParticipantJoinedEvent {
	id: string;
	displayName: string | null;
	organisation: string;
	actorType: ActorType;
	/** 1..tableCount */
	table: number;
	/** Epoch ms (server clock). */
	joinedAt: number;
}

/** How far back `tables:activity` counts edits, in ms. */
export const TABLE_ACTIVITY_WINDOW_MS = 5 * 60 * 1000;

/** Recent edits on each table's board, counted by the server as it stores them. */
export interface TablesActivityEvent {
	workshopId: string;
	tables: {
		/** 1..tableCount */
		table: number;
		/** Stored board updates in the last TABLE_ACTIVITY_WINDOW_MS (one typed word may be several). */
		edits: number;
		/** Epoch ms (server clock) of the last stored update, or null when none since the server started. */
		lastEditAt: number | null;
	}[];
	/** The server's clock (epoch ms) when this was sent. */
	serverNow: number;
}
