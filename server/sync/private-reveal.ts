import type { ItemId, WorkshopId } from '#shared/model/ids.ts';
import { copyRevealedItems, emptyBoard, type RevealOptions } from '#shared/model/board.ts';
import { privateDocumentName, roomName } from '#shared/protocol/sync.ts';
import type { ParticipantRecord } from '#server/storage/storage.ts';
import type { SyncServer } from './sync-server.ts';

/** What a reveal did, for the facilitator's log and tests. */
export interface RevealSummary {
	/** Items copied to each table's board, by table number. */
	copied: Record<number, number>;
}

/**
 * Reveals a workshop's private writing (SPEC S10): every participant's private notes and cards go
 * to the board of the table they sit at (inside the phase's `areas`, where there is room), and
 * their private boards are emptied, all in one
 * storage transaction, so a crash leaves either everything private or everything revealed.
 * Participants are handled in join order; `shuffle` mixes them.
 *
 * Fine for a workshop's few dozen participants on one node: every private document is loaded at
 * once. The caller must have stopped private writes first (the phase is marked revealed), so
 * nothing written later is left behind.
 */
export async function revealPrivateWriting(options: {
	sync: SyncServer;
	workshopId: WorkshopId;
	participants: readonly ParticipantRecord[];
	reveal: RevealOptions;
	/** The current phase's areas (frame ids) on each table's board; the notes go inside them. */
	areas?: readonly ItemId[];
}): Promise<RevealSummary> {
	const { sync, workshopId, reveal } = options;
	const byTable = new Map<number, ParticipantRecord[]>();
	for (const participant of [...options.participants].sort((a, b) => a.joinedAt - b.joinedAt)) {
		byTable.set(participant.table, [...(byTable.get(participant.table) ?? []), participant]);
	}
	const tables = [...byTable.keys()];
	const names = tables.flatMap((table) => [
		roomName({ kind: 'table', workshopId, table }),
		...byTable.get(table)!.map((participant) => privateDocumentName(workshopId, participant.id))
	]);
	const copied: Record<number, number> = {};
	await sync.changeDocuments(names, (docs) => {
		let at = 0;
		for (const table of tables) {
			const target = docs[at];
			const sources = docs.slice(at + 1, at + 1 + byTable.get(table)!.length);
			at += 1 + sources.length;
			copied[table] = copyRevealedItems(target, sources, {
				...reveal,
				areas: options.areas ?? reveal.areas
			});
			for (const source of sources) emptyBoard(source);
		}
	});
	return { copied };
}
