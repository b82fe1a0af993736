import {
	MAX_NOTE_TEXT_CHARS,
	createNote,
	freeSpot,
	moveItems,
	placeVote,
	readProblemDefinition,
	removeVote,
	votesLeft,
	type FrameView,
	type ItemView,
	type ProblemDefinitionView
} from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import type { WorkshopControl } from '$lib/control/workshop-control.svelte.ts';
import type { BoardConnection } from '$lib/sync/board-connection.svelte.ts';

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
	/** The table a facilitator chooses for (control C16 `table`); participants choose for their own. */
	readonly #table: (() => number | undefined) | undefined;
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
		table?: () => number | undefined;
	}) {
		this.#board = options.board;
		this.#control = options.control;
		this.#voteLimit = options.voteLimit;
		this.#table = options.table;
	}

	/** Adds the participant's own note in the first free cell of `area`. */
	addNote(area: FrameView, text: string): ItemId | null {
		const trimmed = text.trim().slice(0, MAX_NOTE_TEXT_CHARS);
		if (!trimmed) return null;
		const board = this.#board();
		const at = spotIn(area, this.#board().board.items);
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
		moveItems(board.doc, [{ id, ...spotIn(area, board.board.items) }]);
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
			const table = this.#table?.();
			const result = await this.#control().send('task:choose', {
				itemId: id,
				...(table === undefined ? {} : { table })
			});
			return result.ok ? null : result.error;
		} finally {
			this.choosing = false;
		}
	}
}

/** A free cell of the area; a full area gets notes stacked a little apart near its top. */
function spotIn(area: FrameView, items: readonly ItemView[]): { x: number; y: number } {
	const spot = freeSpot(area, items);
	if (spot) return spot;
	const step = items.length % 8;
	return { x: area.x + 24 + step * 24, y: area.y + 72 + step * 24 };
}
