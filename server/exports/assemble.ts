import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { ACTOR_TYPE_LIST, type ActorType } from '#shared/model/actor.ts';
import {
	readBoard,
	type FrameView,
	type ItemView,
	type LabelKey,
	type NoteView
} from '#shared/model/board.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import {
	REPORT_SCHEMA_VERSION,
	type BoardImage,
	type DevelopmentSeed,
	type FeedbackSummary,
	type NeliapilaKnot,
	type TableReport,
	type WorkshopReport
} from '#shared/model/report.ts';
import { roomName } from '#shared/protocol/sync.ts';
import type { CommitmentRecord, Storage } from '#server/storage/storage.ts';
import type { Commitment } from '#shared/model/commitment.ts';
import { summariseFeedback, type FeedbackAnswer } from '#shared/model/feedback.ts';
import { renderBoardPng } from './board-image.ts';
import { reportText, type ReportLanguage } from './text.ts';

/**
 * Builds a workshop's report from what is stored today: the workshop record, its participants'
 * actor types (counted, never named), the table boards and the commitment records (agreed ones
 * only, with their current follow-up status) and the anonymous feedback answers. With a
 * `language`, it adds a picture of each table's final board, labelled in that language.
 *
 * From each table's board (read only through the board model's readers):
 * - a note inside the "chosen task" frame is the chosen development task (a choice made in the
 *   problem-definition view is a copy of its candidate there, linked by `sourceItem`; see
 *   src/lib/shared/model/board/problem.ts);
 * - notes inside the four leaf frames and the shared-object frame make the Neliapila knot;
 * - once a task is chosen, the other notes in the "problem candidates" frame are the development
 *   seeds that were not chosen;
 * - every other note is listed as a note, oldest first, without its actor type.
 * A note belongs to the topmost frame under its centre.
 */
export type ReportStorage = Pick<
	Storage,
	'documents' | 'workshops' | 'participants' | 'users' | 'commitments' | 'privacy' | 'feedback'
>;

const LEAF_ACTORS: Partial<Record<LabelKey, ActorType>> = {
	leaf_client: 'client',
	leaf_employment_office: 'employment_office',
	leaf_social_services: 'social_services',
	leaf_education: 'education'
};

export async function assembleWorkshopReport(
	storage: ReportStorage,
	workshopId: WorkshopId,
	options: { now?: Date; language?: ReportLanguage } = {}
): Promise<WorkshopReport | null> {
	const workshop = await storage.workshops.findById(workshopId);
	if (!workshop) return null;
	const [participants, erased, creator, records, answers] = await Promise.all([
		storage.participants.listByWorkshop(workshopId),
		storage.privacy.erasedCounts(workshopId),
		storage.users.findById(workshop.createdBy),
		storage.commitments.listByWorkshop(workshopId),
		storage.feedback.listAnswers(workshopId)
	]);
	// Participants whose personal data was erased still took part: they count, by actor type only.
	const counts = new Map<ActorType, number>(Object.entries(erased) as [ActorType, number][]);
	for (const participant of participants) {
		counts.set(participant.actorType, (counts.get(participant.actorType) ?? 0) + 1);
	}
	const participantCount = [...counts.values()].reduce((sum, count) => sum + count, 0);
	const tables: TableReport[] = [];
	const developmentSeeds: DevelopmentSeed[] = [];
	const boardImages: BoardImage[] = [];
	const numbers = Array.from({ length: workshop.tableCount }, (_, i) => i + 1);
	const boards = await Promise.all(
		numbers.map((table) => storage.documents.load(roomName({ kind: 'table', workshopId, table })))
	);
	// Pictures are drawn off the main thread, all at once, while the boards are read here.
	const pictures: Promise<BoardImage | null>[] = [];
	for (const [i, updates] of boards.entries()) {
		const table = numbers[i];
		const items = itemsOf(updates);
		const read = readTableItems(items, table);
		tables.push(read.table);
		developmentSeeds.push(...read.seeds);
		if (options.language) pictures.push(boardImageOf(updates, items, table, options.language));
	}
	for (const image of await Promise.all(pictures)) if (image) boardImages.push(image);
	return {
		kind: 'workshop',
		schemaVersion: REPORT_SCHEMA_VERSION,
		generatedAt: (options.now ?? new Date()).toISOString(),
		title: workshop.title,
		locality: { name: workshop.locality, code: null },
		date: workshop.date,
		duration: workshop.duration,
		// Only the creator until the storage can list co-facilitators.
		facilitators: creator ? [creator.displayName] : [],
		participantCount,
		organisationTypes: ACTOR_TYPE_LIST.map((actorType) => ({
			actorType,
			count: counts.get(actorType) ?? 0
		})),
		tables,
		commitments: records.filter((record) => record.agreed).map(commitmentOf),
		developmentSeeds,
		feedback: feedbackOf(answers),
		boardImages
	};
}

/** Pictures drawn lately, by what they were drawn from; the least recently used go first. */
const pictureCache = new Map<string, Promise<BoardImage | null>>();
/** Six workshops of six tables: about 7 MB of PNGs (a 1600 px board is about 200 kB). */
const PICTURE_CACHE_ENTRIES = 36;

/** Forgets every cached picture (benchmarks measure drawing them). */
export function clearBoardPictureCache(): void {
	pictureCache.clear();
}

/**
 * A picture of a table's board with a text alternative, or null for a board nobody wrote on.
 * The same stored board drawn for the same table in the same language is the same picture, so an
 * export made again before anybody changed the board reuses it (also while it is being drawn).
 */
function boardImageOf(
	updates: readonly Uint8Array[],
	items: readonly ItemView[],
	table: number,
	language: ReportLanguage
): Promise<BoardImage | null> {
	const hash = createHash('sha256').update(`${language}\0${table}\0${updates.length}`);
	for (const update of updates) hash.update(`\0${update.length}\0`).update(update);
	const key = hash.digest('base64url');
	const cached = pictureCache.get(key);
	if (cached) {
		pictureCache.delete(key);
		pictureCache.set(key, cached);
		return cached;
	}
	const drawing = drawBoardImage(items, table, language);
	pictureCache.set(key, drawing);
	// A failed drawing is not kept: the next export tries again.
	drawing.catch(() => pictureCache.delete(key));
	while (pictureCache.size > PICTURE_CACHE_ENTRIES) {
		pictureCache.delete(pictureCache.keys().next().value!);
	}
	return drawing;
}

async function drawBoardImage(
	items: readonly ItemView[],
	table: number,
	language: ReportLanguage
): Promise<BoardImage | null> {
	const count = (type: ItemView['type']) => items.filter((item) => item.type === type).length;
	const text = reportText(language);
	const alt = text.t('export_board_image_alt', {
		table,
		notes: count('note'),
		cards: count('card')
	});
	const png = await renderBoardPng(items, text, alt);
	return png ? { table, alt, png } : null;
}

/** The board's items, from its stored Yjs updates. */
function itemsOf(updates: readonly Uint8Array[]): ItemView[] {
	const doc = new Y.Doc();
	try {
		doc.transact(() => {
			for (const update of updates) Y.applyUpdate(doc, update);
		});
		return readBoard(doc).items;
	} finally {
		doc.destroy();
	}
}

/**
 * The survey's summary; null when nobody answered. The overall rating is the usefulness question.
 * The open texts keep the store's order, which is by a random id, so a report is the same each
 * time it is made and still tells nothing about who answered when.
 */
function feedbackOf(answers: readonly FeedbackAnswer[]): FeedbackSummary | null {
	if (answers.length === 0) return null;
	const summary = summariseFeedback(answers, () => 0);
	return {
		responses: summary.responses,
		averageRating: summary.questions.find((q) => q.question === 'usefulness')?.mean ?? null,
		questions: summary.questions,
		comments: answers.flatMap((answer) => (answer.text === null ? [] : [answer.text]))
	};
}

/** The report's view of a stored commitment: the record without its bookkeeping fields. */
export function commitmentOf(record: CommitmentRecord): Commitment {
	const { id, what, ownerActorType, namedPerson, due, firstStep, status, agreed, table } = record;
	return { id, what, ownerActorType, namedPerson, due, firstStep, status, agreed, table };
}

/** One table's board, from its stored Yjs updates. */
export function readTableBoard(
	updates: readonly Uint8Array[],
	table: number
): { table: TableReport; seeds: DevelopmentSeed[] } {
	return readTableItems(itemsOf(updates), table);
}

/** One table's board, from its items. */
function readTableItems(
	items: readonly ItemView[],
	table: number
): { table: TableReport; seeds: DevelopmentSeed[] } {
	const frames = items.filter((item): item is FrameView => item.type === 'frame');
	const notes = items
		.filter((item): item is NoteView => item.type === 'note' && item.text.trim() !== '')
		.sort((a, b) => a.createdAt - b.createdAt);
	// A note belongs to the topmost frame under its centre (frames of several templates can
	// overlap on one board; the latest drawn is the one people see).
	const frameOf = new Map<NoteView, FrameView>();
	for (const note of notes) {
		const under = frames.filter((frame) => contains(frame, note));
		if (under.length > 0) frameOf.set(note, under[under.length - 1]);
	}
	const used = new Set<NoteView>();
	const inFrames = (key: LabelKey) => {
		const inside = notes.filter((note) => frameOf.get(note)?.labelKey === key);
		for (const note of inside) used.add(note);
		return inside;
	};
	const chosen = inFrames('chosen_task');
	const candidates = inFrames('problem_candidates');
	const knot = readKnot(frames, inFrames);
	const seeds =
		chosen.length === 0
			? []
			: candidates
					.filter(
						(note) =>
							!chosen.some((c) => c.sourceItem === note.id || c.text.trim() === note.text.trim())
					)
					.map((note) => ({ table, text: note.text.trim() }));
	// Candidates stay notes while no task is chosen: nothing was left unchosen yet.
	if (chosen.length === 0) for (const note of candidates) used.delete(note);
	return {
		table: {
			table,
			developmentTask: chosen.length === 0 ? null : chosen.map((n) => n.text.trim()).join('\n'),
			knot,
			notes: notes.filter((note) => !used.has(note)).map((note) => note.text.trim())
		},
		seeds
	};
}

function readKnot(
	frames: readonly FrameView[],
	inFrames: (key: LabelKey) => NoteView[]
): NeliapilaKnot | null {
	const leaves = frames
		.filter(
			(frame) =>
				frame.labelKey !== null &&
				(LEAF_ACTORS[frame.labelKey] !== undefined || frame.labelKey === 'leaf_fifth')
		)
		.map((frame) => ({
			// The workshop's configured actor (written on the leaf by the server), else the template's.
			actorType: frame.leafActor ?? LEAF_ACTORS[frame.labelKey!] ?? null,
			label: frame.text.trim() || frame.labels?.fi.trim() || '',
			items: inFrames(frame.labelKey!).map((note) => note.text.trim())
		}));
	const sharedObject = inFrames('shared_object').map((note) => note.text.trim());
	const rules = inFrames('knot_rules').map((note) => note.text.trim());
	const empty =
		leaves.every((leaf) => leaf.items.length === 0) &&
		sharedObject.length === 0 &&
		rules.length === 0;
	return empty ? null : { leaves, sharedObject, rules };
}

/** A note belongs to a frame when its centre lies inside the frame. */
function contains(frame: ItemView, note: ItemView): boolean {
	const x = note.x + note.width / 2;
	const y = note.y + note.height / 2;
	return x >= frame.x && x <= frame.x + frame.width && y >= frame.y && y <= frame.y + frame.height;
}
