import {
	MAX_NOTE_TEXT_CHARS,
	createNote,
	moveItems,
	placeVote,
	readProblemDefinition,
	removeVote,
	votesLeft,
	type FrameView,
	type ProblemDefinitionView
} from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import type { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import type { BoardConnection } from '$lib/sync/board-connection.svelte.ts';

/** One grid cell for a note placed into an area, in board units (a default note and a gap). */
const CELL = { width: 224, height: 184 } as const;
/** Room left for the area's label at its top, in board units. */
const LABEL_BAND = 72;
const PADDING = 24;

/**
 * The problem-definition view's state over one table board: the areas read from the board, and
 * what a participant does there. Notes and dots are the participant's own board edits (sync SPEC
 * S9 checks them); the chosen task goes through the control plane (control SPEC C16), which
 * checks the phase's rights and writes it on the board for the whole table.
 */
export class ProblemBoard {
	readonly #board: () => BoardConnection;
	readonly #control: () => WorkshopControl;
	readonly #voteLimit: () => number | null;
	/** True while a choice waits for the server. */
	choosing = $state(false);

	readonly view = $derived.by((): ProblemDefinitionView =>
		readProblemDefinition(this.#board().board)
	);
	readonly votesLeft = $derived.by(() => {
		const board = this.#board();
		// Read the board view so the count follows every change of dots.
		void board.board;
		return votesLeft(board.doc, board.authorKey, this.#voteLimit());
	});
	readonly authorKey = $derived.by(() => this.#board().authorKey);

	constructor(options: {
		board: () => BoardConnection;
		control: () => WorkshopControl;
		voteLimit: () => number | null;
	}) {
		this.#board = options.board;
		this.#control = options.control;
		this.#voteLimit = options.voteLimit;
	}

	/** Adds the participant's own note in the first free cell of `area`. */
	addNote(area: FrameView, text: string): ItemId | null {
		const trimmed = text.trim().slice(0, MAX_NOTE_TEXT_CHARS);
		if (!trimmed) return null;
		const board = this.#board();
		const at = freeCell(area, this.#board().board.items);
		return createNote(board.doc, {
			actorType: board.actorType,
			authorKey: board.authorKey,
			text: trimmed,
			...at
		});
	}

	/** Moves a note into the first free cell of `area` (only one the participant may change). */
	moveNote(id: ItemId, area: FrameView): void {
		const board = this.#board();
		moveItems(board.doc, [{ id, ...freeCell(area, board.board.items) }]);
	}

	vote(id: ItemId): boolean {
		const board = this.#board();
		return placeVote(board.doc, {
			itemId: id,
			voterKey: board.authorKey,
			limit: this.#voteLimit()
		});
	}

	unvote(id: ItemId): boolean {
		const board = this.#board();
		return removeVote(board.doc, { itemId: id, voterKey: board.authorKey });
	}

	/** The participant's own dots on a note. */
	myVotes(id: ItemId): number {
		const item = this.#board().board.byId.get(id);
		return item?.voters[this.authorKey] ?? 0;
	}

	/** Records (or with null withdraws) the table's task; resolves with the error code or null. */
	async choose(id: ItemId | null): Promise<string | null> {
		this.choosing = true;
		try {
			const result = await this.#control().send('task:choose', { itemId: id });
			return result.ok ? null : result.error;
		} finally {
			this.choosing = false;
		}
	}
}

/**
 * The first grid cell inside `area` whose middle no note or card covers yet. A full area gets
 * notes stacked slightly apart near its top, still inside it, so they still count for the area.
 */
function freeCell(
	area: FrameView,
	items: readonly { type: string; x: number; y: number; width: number; height: number }[]
): { x: number; y: number } {
	const columns = Math.max(1, Math.floor((area.width - PADDING) / CELL.width));
	const rows = Math.max(1, Math.floor((area.height - LABEL_BAND) / CELL.height));
	const taken = items.filter((item) => item.type === 'note' || item.type === 'card');
	for (let cell = 0; cell < columns * rows; cell++) {
		const x = area.x + PADDING + (cell % columns) * CELL.width;
		const y = area.y + LABEL_BAND + Math.floor(cell / columns) * CELL.height;
		const cx = x + CELL.width / 2;
		const cy = y + CELL.height / 2;
		const covered = taken.some(
			(item) =>
				cx >= item.x - PADDING &&
				cx <= item.x + item.width + PADDING &&
				cy >= item.y - PADDING &&
				cy <= item.y + item.height + PADDING
		);
		if (!covered) return { x, y };
	}
	const step = taken.length % 8;
	return { x: area.x + PADDING + step * PADDING, y: area.y + LABEL_BAND + step * PADDING };
}
