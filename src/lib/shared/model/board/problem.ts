import * as Y from 'yjs';
import { ACTOR_TYPES } from '../actor.ts';
import type { ItemId } from '../ids.ts';
import { TX_ORIGIN } from '../../protocol/sync.ts';
import { buildItem, newItemId } from './ops.ts';
import { readBoard, type BoardView, type CardView, type FrameView, type NoteView } from './read.ts';
import { MAX_BOARD_ITEMS, MAX_ITEM_SIZE, itemsOf, metaOf, type LabelKey } from './schema.ts';
import { applyBoardTemplate } from './templates.ts';

/**
 * Problem definition on a table's board (DOMAIN.md phase 3). Everything here is a board fact, so
 * the canvas, the outline, the projector and the exports read the same thing:
 * - notes in the "meaningful now" and "needs developing" areas chart current practice;
 * - notes in the "problem candidates" area are the candidates, dot-voted;
 * - a note in the "chosen task" area is the table's development task. Choosing through
 *   {@link chooseTask} (the server does it, control SPEC C16) copies the candidate there with a
 *   `sourceItem` link, so the candidate keeps its dots;
 * - once a task is chosen, the other candidates are development seeds (kehittämisaihiot).
 * A note belongs to the topmost area under its centre: areas of several phases may overlap on
 * one board, and the latest drawn is the one people see.
 */
export interface ProblemDefinitionView {
	meaningful: NoteView[];
	needs: NoteView[];
	/** Most dots first, then oldest first. */
	candidates: NoteView[];
	/** Notes in the chosen-task area, oldest first; usually one. */
	chosen: NoteView[];
	/** The candidate a chosen note was copied from, when it still is on the board. */
	chosenCandidate: ItemId | null;
	/** Candidates that were not chosen, once a task is chosen; none before. */
	seeds: NoteView[];
	/** Notes in no area at all (e.g. just revealed from private writing). */
	unsorted: NoteView[];
	/** Whether the board has each area yet (the phase lays it out when it begins). */
	areas: Record<ProblemArea, FrameView | null>;
}

export const PROBLEM_AREAS = {
	meaningful: 'meaningful',
	needs: 'needs_development',
	candidates: 'problem_candidates',
	chosen: 'chosen_task'
} as const satisfies Record<string, LabelKey>;
export type ProblemArea = keyof typeof PROBLEM_AREAS;

/** The topmost frame under the centre of `item`, or null. `frames` in drawing order. */
export function frameUnder(
	frames: readonly FrameView[],
	item: { x: number; y: number; width: number; height: number }
): FrameView | null {
	const cx = item.x + item.width / 2;
	const cy = item.y + item.height / 2;
	for (let i = frames.length - 1; i >= 0; i--) {
		const frame = frames[i];
		if (
			cx >= frame.x &&
			cx <= frame.x + frame.width &&
			cy >= frame.y &&
			cy <= frame.y + frame.height
		)
			return frame;
	}
	return null;
}

/** The last drawn frame with a label key (the one the latest phase laid out). */
function areaFrame(frames: readonly FrameView[], key: LabelKey): FrameView | null {
	for (let i = frames.length - 1; i >= 0; i--) if (frames[i].labelKey === key) return frames[i];
	return null;
}

export function readProblemDefinition(board: BoardView): ProblemDefinitionView {
	const frames = board.items.filter((item): item is FrameView => item.type === 'frame');
	const byKey = new Map<LabelKey | null, NoteView[]>();
	for (const item of board.items) {
		if (item.type !== 'note' || item.text.trim() === '') continue;
		const key = frameUnder(frames, item)?.labelKey ?? null;
		byKey.set(key, [...(byKey.get(key) ?? []), item]);
	}
	const of = (key: LabelKey) => byKey.get(key) ?? [];
	const candidates = [...of(PROBLEM_AREAS.candidates)].sort(
		(a, b) => b.votes - a.votes || a.createdAt - b.createdAt
	);
	const chosen = of(PROBLEM_AREAS.chosen);
	const chosenCandidate =
		chosen.map((note) => note.sourceItem).find((id) => id !== null && board.byId.has(id)) ?? null;
	const chosenTexts = new Set(chosen.map((note) => note.text.trim()));
	const seeds =
		chosen.length === 0
			? []
			: candidates.filter(
					(note) => note.id !== chosenCandidate && !chosenTexts.has(note.text.trim())
				);
	return {
		meaningful: of(PROBLEM_AREAS.meaningful),
		needs: of(PROBLEM_AREAS.needs),
		candidates,
		chosen,
		chosenCandidate,
		seeds,
		unsorted: byKey.get(null) ?? [],
		areas: {
			meaningful: areaFrame(frames, PROBLEM_AREAS.meaningful),
			needs: areaFrame(frames, PROBLEM_AREAS.needs),
			candidates: areaFrame(frames, PROBLEM_AREAS.candidates),
			chosen: areaFrame(frames, PROBLEM_AREAS.chosen)
		}
	};
}

/** Room around items placed inside an area, in board units (the label sits in the top band). */
const AREA_PADDING = 24;
const AREA_LABEL_BAND = 72;
/** One grid cell for an item placed into an area, in board units (a note and a gap). */
export const AREA_CELL = { width: 224, height: 184 } as const;

/**
 * The first grid cell inside `area` whose middle no note or card covers yet, or null when the
 * area is full. People and the server place notes into areas this way, so they do not pile up.
 */
export function freeSpot(
	area: { x: number; y: number; width: number; height: number },
	items: readonly { type: string; x: number; y: number; width: number; height: number }[],
	cell: { width: number; height: number } = AREA_CELL
): { x: number; y: number } | null {
	const columns = Math.max(1, Math.floor((area.width - AREA_PADDING) / cell.width));
	const rows = Math.max(0, Math.floor((area.height - AREA_LABEL_BAND) / cell.height));
	const taken = items.filter((item) => item.type === 'note' || item.type === 'card');
	for (let index = 0; index < columns * rows; index++) {
		const x = area.x + AREA_PADDING + (index % columns) * cell.width;
		const y = area.y + AREA_LABEL_BAND + Math.floor(index / columns) * cell.height;
		const cx = x + cell.width / 2;
		const cy = y + cell.height / 2;
		const covered = taken.some(
			(item) =>
				cx >= item.x - AREA_PADDING &&
				cx <= item.x + item.width + AREA_PADDING &&
				cy >= item.y - AREA_PADDING &&
				cy <= item.y + item.height + AREA_PADDING
		);
		if (!covered) return { x, y };
	}
	return null;
}

/** Why a choice could not be made. */
export type ChooseTaskRefusal = 'not_a_candidate';

/**
 * Records the table's development task: copies the candidate note into the chosen-task area
 * (laying out the problem-candidates areas first if the board has none), with `sourceItem`
 * pointing back at it. A previous choice is replaced: copies made by an earlier choice are
 * removed, and notes people put there by hand move to the candidates area, so they stay seeds.
 * `candidateId` null withdraws the choice. One transaction with origin `server`; the caller
 * (the server) has checked the phase's rights. Returns null when done.
 */
export function chooseTask(
	doc: Y.Doc,
	candidateId: ItemId | null,
	options: { now?: number } = {}
): ChooseTaskRefusal | null {
	const now = options.now ?? Date.now();
	let refusal: ChooseTaskRefusal | null = null;
	doc.transact(() => {
		applyBoardTemplate(doc, 'problem-candidates', { origin: TX_ORIGIN.server, now });
		const board = readBoard(doc);
		const view = readProblemDefinition(board);
		const candidate = candidateId === null ? null : board.byId.get(candidateId);
		if (candidateId !== null && !view.candidates.some((note) => note.id === candidateId)) {
			refusal = 'not_a_candidate';
			return;
		}
		const items = itemsOf(doc);
		const target = view.areas.chosen!;
		const candidatesArea = view.areas.candidates!;
		let moved = 0;
		for (const note of view.chosen) {
			if (note.sourceItem !== null && board.byId.has(note.sourceItem)) {
				items.delete(note.id);
				continue;
			}
			// Written there by hand: back among the candidates, stacked along the area's bottom.
			const item = items.get(note.id);
			if (!(item instanceof Y.Map)) continue;
			item.set('x', candidatesArea.x + AREA_PADDING + moved * AREA_PADDING);
			item.set('y', candidatesArea.y + candidatesArea.height - note.height - AREA_PADDING);
			item.set('updatedAt', now);
			moved++;
		}
		if (!candidate || candidate.type !== 'note') return;
		const copy = buildItem({
			type: 'note',
			// The table's decision, nobody's contribution (as template areas are).
			actorType: ACTOR_TYPES.other,
			text: candidate.text,
			colour: candidate.colour,
			width: Math.min(candidate.width, target.width - 2 * AREA_PADDING),
			height: candidate.height,
			x: target.x + AREA_PADDING,
			y: target.y + AREA_LABEL_BAND,
			now
		});
		copy.set('sourceItem', candidate.id);
		items.set(newItemId(), copy);
	}, TX_ORIGIN.server);
	return refusal;
}

/** What a harvest takes from one table's board. */
export interface HarvestSource {
	table: number;
	doc: Y.Doc;
	itemIds: readonly ItemId[];
}

/** Width of one cell of the harvest grid, in board units (a note plus a gap). */
const HARVEST_CELL = { width: 224, height: 248 } as const;

/**
 * Copies picked notes and cards from tables' boards into the plenary document (control SPEC
 * C17), each with `sourceTable` and `sourceItem` linking back. Items already harvested (same
 * table and item) are skipped, so repeating a harvest copies nothing twice; frames, arrows and
 * ids not on the board are skipped too. The copies carry no author key (author keys belong to one
 * table's board) and keep their actor type. They are laid out in a grid inside the plenary's
 * "table outputs" area, after what it already holds, and the area grows to fit. Returns how many
 * items were copied; one transaction with origin `server`.
 */
export function harvestItems(
	plenary: Y.Doc,
	sources: readonly HarvestSource[],
	options: { now?: number } = {}
): number {
	const now = options.now ?? Date.now();
	let copied = 0;
	plenary.transact(() => {
		applyBoardTemplate(plenary, 'plenary', { origin: TX_ORIGIN.server, now });
		const board = readBoard(plenary);
		const frames = board.items.filter((item): item is FrameView => item.type === 'frame');
		const area = areaFrame(frames, 'table_outputs');
		const done = new Set(
			board.items
				.filter((item) => item.sourceTable !== null && item.sourceItem !== null)
				.map((item) => `${item.sourceTable}/${item.sourceItem}`)
		);
		const items = itemsOf(plenary);
		// Where copies go: the outputs area (grown a row at a time when full), else under the board.
		const bounds = area
			? { x: area.x, y: area.y, width: area.width, height: area.height }
			: { x: 0, y: 0, width: 1600, height: 0 };
		const placed = board.items.filter((item) => item.type === 'note' || item.type === 'card');
		for (const source of sources) {
			const sourceBoard = readBoard(source.doc);
			for (const itemId of source.itemIds) {
				const item = sourceBoard.byId.get(itemId);
				if (!item || (item.type !== 'note' && item.type !== 'card')) continue;
				if (done.has(`${source.table}/${itemId}`)) continue;
				if (items.size >= MAX_BOARD_ITEMS) return;
				let spot = freeSpot(bounds, placed, HARVEST_CELL);
				while (!spot) {
					bounds.height += HARVEST_CELL.height;
					spot = freeSpot(bounds, placed, HARVEST_CELL);
				}
				const copy = copyOf(item, source.table, now + copied, spot);
				items.set(newItemId(), copy);
				placed.push({
					...item,
					...spot,
					width: copy.get('width') as number,
					height: copy.get('height') as number
				});
				done.add(`${source.table}/${itemId}`);
				copied++;
			}
		}
		const frame = area ? items.get(area.id) : undefined;
		if (area && frame instanceof Y.Map && bounds.height > area.height) {
			frame.set('height', Math.min(bounds.height + AREA_PADDING, MAX_ITEM_SIZE));
		}
	}, TX_ORIGIN.server);
	return copied;
}

function copyOf(
	item: NoteView | CardView,
	table: number,
	now: number,
	at: { x: number; y: number }
): Y.Map<unknown> {
	const copy = buildItem({
		type: item.type,
		actorType: item.actorType,
		text: item.text,
		cardId: item.type === 'card' ? item.cardId : undefined,
		colour: item.colour,
		width: Math.min(item.width, HARVEST_CELL.width - AREA_PADDING),
		height: Math.min(item.height, HARVEST_CELL.height - AREA_PADDING),
		x: at.x,
		y: at.y,
		now
	});
	copy.set('sourceTable', table);
	copy.set('sourceItem', item.id);
	return copy;
}

/** Set in the board's meta once {@link placeSeeds} has run, so seeds are placed once. */
const SEEDS_PLACED = 'seeds:placed';

/**
 * Starts a follow-up session's board with the development seeds an earlier workshop did not
 * choose (issue 6): each becomes a note in the "problem candidates" area (laid out first if the
 * board has none), marked with `seedFrom`, the earlier workshop's day. Like template areas they
 * are nobody's contribution at this workshop (actor type "other", no author key). Runs once per
 * board: later calls, or a call after people moved or deleted the seeds, change nothing. Texts
 * are placed once each, in order, after what the area holds; the area grows a row at a time.
 * One transaction with origin `server`. Returns how many notes were placed.
 */
export function placeSeeds(
	doc: Y.Doc,
	seeds: readonly string[],
	options: { from: string; now?: number }
): number {
	const now = options.now ?? Date.now();
	let placed = 0;
	doc.transact(() => {
		const meta = metaOf(doc);
		if (meta.get(SEEDS_PLACED) === true) return;
		meta.set(SEEDS_PLACED, true);
		applyBoardTemplate(doc, 'problem-candidates', { origin: TX_ORIGIN.server, now });
		const board = readBoard(doc);
		const area = readProblemDefinition(board).areas.candidates;
		if (!area) return;
		const bounds = { x: area.x, y: area.y, width: area.width, height: area.height };
		const taken: { type: string; x: number; y: number; width: number; height: number }[] =
			board.items.filter((item) => item.type === 'note' || item.type === 'card');
		const items = itemsOf(doc);
		const texts = [...new Set(seeds.map((text) => text.trim()).filter((text) => text !== ''))];
		for (const text of texts) {
			if (items.size >= MAX_BOARD_ITEMS) break;
			let spot = freeSpot(bounds, taken);
			while (!spot) {
				bounds.height += AREA_CELL.height;
				spot = freeSpot(bounds, taken);
			}
			const note = buildItem({
				type: 'note',
				actorType: ACTOR_TYPES.other,
				text,
				x: spot.x,
				y: spot.y,
				now: now + placed
			});
			note.set('seedFrom', options.from);
			items.set(newItemId(), note);
			taken.push({
				type: 'note',
				width: note.get('width') as number,
				height: note.get('height') as number,
				...spot
			});
			placed++;
		}
		const frame = items.get(area.id);
		if (frame instanceof Y.Map && bounds.height > area.height) {
			frame.set('height', Math.min(bounds.height + AREA_PADDING, MAX_ITEM_SIZE));
		}
	}, TX_ORIGIN.server);
	return placed;
}
