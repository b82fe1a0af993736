import type { ItemId } from '#shared/model/ids.ts';
import {
	createItem,
	createNote,
	deleteItem,
	moveItems,
	observeBoard,
	placeVote,
	readBoard,
	recolourItems,
	removeVote,
	setItemText,
	DEFAULT_SIZE,
	type ItemView,
	type NoteColour
} from '#shared/model/board.ts';
import type { BoardConnection } from '$lib/sync/board-connection.svelte.ts';
import { ShareGuard } from '../privacy/share-guard.svelte.ts';
import { outlineOf, placeFor, type BoardOutline } from './areas.ts';
import { mergeDraft } from './text-draft.ts';

/** Others' additions are gathered this long and announced once, so a busy table stays readable. */
const ANNOUNCE_AFTER_MS = 2000;

/** What others added since the last announcement, for the polite live region. */
export interface Arrivals {
	count: number;
	/** The one item when only one arrived. */
	single: ItemView | null;
}

/**
 * The actions of the outline view over one board connection. Every action here is one the
 * canvas offers by pointer; the outline gives each a keyboard path. Browser only.
 */
export class OutlineState {
	readonly guard = new ShareGuard();
	readonly #board: BoardConnection;
	/** Others' additions waiting to be announced, and the latest announcement. */
	arrivals = $state.raw<Arrivals | null>(null);
	#waiting: ItemId[] = [];
	readonly #known: Set<ItemId>;
	#announceTimer: ReturnType<typeof setTimeout> | null = null;
	readonly #stopObserving: () => void;

	readonly outline = $derived.by((): BoardOutline => outlineOf(this.#board.board));

	constructor(board: BoardConnection) {
		this.#board = board;
		// Bookkeeping for announcements, never rendered, so a plain Set.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.#known = new Set(board.board.byId.keys());
		this.#stopObserving = observeBoard(board.doc, ({ changed, removed, origin }) => {
			const fresh = [...changed].filter((id) => !this.#known.has(id));
			for (const id of changed) this.#known.add(id);
			for (const id of removed) this.#known.delete(id);
			// Only others' edits that came over the network; the cache replays what was seen before.
			if (origin !== board.provider || !board.synced) return;
			this.#waiting.push(...fresh);
			if (this.#waiting.length && this.#announceTimer === null) {
				this.#announceTimer = setTimeout(() => this.#announce(), ANNOUNCE_AFTER_MS);
			}
		});
	}

	/** Dots this browser has placed on the whole board. */
	votesUsed(): number {
		let used = 0;
		for (const item of this.#board.board.items) used += item.voters[this.#board.authorKey] ?? 0;
		return used;
	}

	myVotes(item: ItemView): number {
		return item.voters[this.#board.authorKey] ?? 0;
	}

	/** Adds an empty note in the area (null: outside every area) and returns its id. */
	addNote(areaId: ItemId | null): ItemId {
		const board = this.#board.board;
		const frame = areaId ? board.byId.get(areaId) : null;
		const place = placeFor(board, frame?.type === 'frame' ? frame : null, DEFAULT_SIZE.note);
		return createNote(this.#board.doc, {
			actorType: this.#board.actorType,
			authorKey: this.#board.authorKey,
			...place
		});
	}

	/** Adds an empty area right of the others and returns its id; people name it in the outline. */
	addArea(): ItemId {
		const frames = this.#board.board.items.filter((item) => item.type === 'frame');
		const right = Math.max(0, ...frames.map((frame) => frame.x + frame.width + 48));
		return createItem(this.#board.doc, {
			type: 'frame',
			actorType: this.#board.actorType,
			authorKey: this.#board.authorKey,
			x: frames.length ? right : 0,
			y: 0
		});
	}

	/**
	 * Shares an edited text, through the personal-data guard. `base` is the text the editor
	 * started from; someone else's edit since then is kept (see mergeDraft).
	 */
	commitText(options: {
		id: ItemId;
		base: string;
		draft: string;
		/** After the text went to the board, now or after "share anyway". */
		onShared: () => void;
		/** When the person chose to edit the text instead. */
		onEdit: () => void;
	}): boolean {
		const { id, base, draft } = options;
		return this.guard.request(draft, {
			share: () => {
				const current = this.#board.board.byId.get(id);
				if (current && current.type !== 'arrow') {
					setItemText(this.#board.doc, id, mergeDraft(base, draft, current.text));
				}
				options.onShared();
			},
			edit: options.onEdit
		});
	}

	recolour(id: ItemId, colour: NoteColour): void {
		recolourItems(this.#board.doc, [id], colour);
	}

	/** Moves an item into another area, where a mouse user would drag it. */
	moveToArea(id: ItemId, areaId: ItemId | null): void {
		const board = this.#board.board;
		const item = board.byId.get(id);
		const frame = areaId ? board.byId.get(areaId) : null;
		if (!item) return;
		const place = placeFor(board, frame?.type === 'frame' ? frame : null, item, id);
		moveItems(this.#board.doc, [{ id, ...place }]);
	}

	remove(id: ItemId): void {
		deleteItem(this.#board.doc, id);
	}

	/** One more dot on the item; false when no dots are left or voting is off. */
	vote(id: ItemId, limit: number | null): boolean {
		return placeVote(this.#board.doc, { itemId: id, voterKey: this.#board.authorKey, limit });
	}

	unvote(id: ItemId): boolean {
		return removeVote(this.#board.doc, { itemId: id, voterKey: this.#board.authorKey });
	}

	undo(): void {
		this.#board.undoManager.undo();
	}

	redo(): void {
		this.#board.undoManager.redo();
	}

	destroy(): void {
		this.#stopObserving();
		if (this.#announceTimer !== null) clearTimeout(this.#announceTimer);
	}

	#announce(): void {
		this.#announceTimer = null;
		const board = readBoard(this.#board.doc);
		const arrived = this.#waiting
			.filter((id, index, all) => all.indexOf(id) === index)
			.map((id) => board.byId.get(id))
			.filter((item): item is ItemView => item !== undefined && item.type !== 'arrow');
		this.#waiting = [];
		if (arrived.length === 0) return;
		this.arrivals = { count: arrived.length, single: arrived.length === 1 ? arrived[0] : null };
	}
}
