import { MAX_HARVEST_ITEMS, type ControlPayload } from '#shared/protocol/control.ts';
import { createNote, freeSpot, readProblemDefinition } from '#shared/model/board.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import { authorKeyFor } from '$lib/sync/author-key.ts';
import { BoardConnection } from '$lib/sync/board-connection.svelte.ts';
import { TableBoards } from './board-watches.svelte.ts';

export type HarvestPick = ControlPayload<'plenary:harvest'>['items'][number];

/**
 * The facilitators' plenary desk: every table's board (watched, read only), the plenary document
 * (written: the facilitator's plenary notes) and the harvest command (control SPEC C17), which
 * the server carries out so the copies keep their link to their tables. Browser only.
 */
export class PlenarySession {
	readonly control: WorkshopControl;
	readonly boards: TableBoards;
	readonly plenary: BoardConnection;
	/** Picked items, as `<table>/<itemId>`. */
	picked = $state<string[]>([]);
	busy = $state(false);

	/** What is already in the plenary, as `<table>/<itemId>`, so it is not offered twice. */
	readonly harvested = $derived.by((): readonly string[] =>
		this.plenary.board.items
			.filter((item) => item.sourceTable !== null && item.sourceItem !== null)
			.map((item) => `${item.sourceTable}/${item.sourceItem}`)
	);

	constructor(options: { workshopId: WorkshopId; tableCount: number; displayName: string }) {
		const { workshopId, tableCount, displayName } = options;
		this.control = new WorkshopControl(workshopId);
		this.boards = new TableBoards(workshopId, tableCount);
		// Facilitators have no actor type of their own; "other" keeps their notes valid.
		this.plenary = new BoardConnection({
			room: roomName({ kind: 'plenary', workshopId }),
			actorType: 'other',
			displayName,
			authorKey: authorKeyFor(workshopId)
		});
	}

	toggle(table: number, itemId: string, on: boolean): void {
		const key = `${table}/${itemId}`;
		const rest = this.picked.filter((picked) => picked !== key);
		this.picked = on ? [...rest, key].slice(0, MAX_HARVEST_ITEMS) : rest;
	}

	/** Pulls the picked items into the plenary; resolves with how many were sent, or an error code. */
	async harvest(): Promise<{ sent: number } | { error: string }> {
		const items: HarvestPick[] = this.picked.map((key) => {
			const slash = key.indexOf('/');
			return { table: Number(key.slice(0, slash)), itemId: key.slice(slash + 1) };
		});
		if (items.length === 0) return { sent: 0 };
		this.busy = true;
		try {
			const result = await this.control.send('plenary:harvest', { items });
			if (!result.ok) return { error: result.error };
			this.picked = [];
			return { sent: items.length };
		} finally {
			this.busy = false;
		}
	}

	/** Writes a plenary note into the plenary's outputs area (or under everything). */
	addNote(text: string): boolean {
		const trimmed = text.trim();
		if (!trimmed) return false;
		const board = this.plenary.board;
		const area =
			board.items.find((item) => item.type === 'frame' && item.labelKey === 'table_outputs') ??
			null;
		const spot = area ? freeSpot(area, board.items) : null;
		const bottom = Math.max(0, ...board.items.map((item) => item.y + item.height));
		createNote(this.plenary.doc, {
			actorType: 'other',
			authorKey: this.plenary.authorKey,
			text: trimmed,
			colour: 'blue',
			x: spot?.x ?? area?.x ?? 0,
			y: spot?.y ?? bottom + 48
		});
		return true;
	}

	/** A table's chosen task, for the harvest list's heading. */
	taskOf(table: number): string | null {
		const board = this.boards.of(table)?.board;
		if (!board) return null;
		const chosen = readProblemDefinition(board).chosen;
		return chosen.length === 0 ? null : chosen.map((note) => note.text).join(' · ');
	}

	destroy(): void {
		this.plenary.destroy();
		this.boards.destroy();
		this.control.destroy();
	}
}
