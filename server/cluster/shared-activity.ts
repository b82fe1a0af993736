import { parseRoomName } from '#shared/protocol/sync.ts';
import type { TableActivity } from '#server/workshops/table-activity.ts';
import type { ClusterEvents } from './cluster-events.ts';

/** How often a node tells the others how many updates it stored per room, in ms. */
export const ACTIVITY_SHARE_MS = 1_000;

/**
 * Every node's console overview counts the edits stored on every node: each node sums what it
 * stored per room and sends the sums once a second; the others record them as their own. So each
 * node holds the whole count and sends it only to its own facilitator sockets.
 */
export function shareTableActivity(options: { activity: TableActivity; events: ClusterEvents }): {
	/** This node stored `updates` updates of `room`. */
	stored(room: string, updates: number): void;
	stop(): void;
} {
	const { activity, events } = options;
	let counts = new Map<string, number>();
	const timer = setInterval(() => {
		if (counts.size === 0) return;
		const rooms = [...counts];
		counts = new Map();
		events.publish({ type: 'tables:activity', rooms });
	}, ACTIVITY_SHARE_MS);
	timer.unref();
	const stopListening = events.subscribe((event) => {
		if (event.type !== 'tables:activity') return;
		for (const [room, updates] of event.rooms) activity.record(room, updates);
	});
	return {
		stored(room, updates) {
			// Only table boards count (TableActivity ignores the rest), so only they are sent.
			if (parseRoomName(room)?.kind !== 'table') return;
			counts.set(room, (counts.get(room) ?? 0) + updates);
		},
		stop() {
			clearInterval(timer);
			stopListening();
		}
	};
}
