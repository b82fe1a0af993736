import { applyBoardTemplate, applyKnotLeaves, placeSeeds } from '#shared/model/board.ts';
import { knotOf } from '#shared/model/knot.ts';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import { roomName } from '#shared/protocol/sync.ts';
import type { FollowUpSeeds } from '../archive/follow-up.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import type { WorkshopService } from './workshop-service.ts';

/**
 * Lays out each phase's board template when the phase begins (issue 3: boards follow templates):
 * the plenary template on the plenary document, every other on each table's board, right of what
 * the board already holds. The server does it once for everyone, stored before anyone sees it
 * (sync SPEC S10's server changes), so no participant needs rights over template areas. In a
 * follow-up session the problem-candidates areas start with the earlier workshop's unchosen
 * development seeds (`seeds`), each table with its own.
 */
export function layOutPhaseBoards(options: {
	workshops: WorkshopService;
	sync: SyncServer;
	log: (message: string) => void;
	/** A follow-up session's seeds; null for other workshops. */
	seeds?: (workshopId: WorkshopId) => Promise<FollowUpSeeds | null>;
}): () => void {
	/**
	 * The phase (and its knot's actors) laid out last per workshop, so timer ticks and locks do
	 * nothing, while a plan saved mid-phase with other actors renames the leaves at once.
	 */
	const laidOut = new Map<WorkshopId, string>();
	return options.workshops.onChange((state) => {
		const phase = state.phases[state.phaseIndex];
		if (!phase || phase.boardTemplate === 'blank') return;
		const knot = phase.boardTemplate === 'neliapila' ? knotOf(phase) : null;
		const key = knot ? `${phase.id}\n${JSON.stringify(knot.leaves)}` : phase.id;
		if (laidOut.get(state.workshopId) === key) return;
		laidOut.set(state.workshopId, key);
		const template = phase.boardTemplate;
		const seeding =
			template === 'problem-candidates' && options.seeds
				? options.seeds(state.workshopId).catch((error: unknown) => {
						// The areas are laid out all the same; the seeds stay in the earlier report.
						options.log(`[boards] reading seeds for ${state.workshopId} failed: ${error}`);
						return null;
					})
				: Promise.resolve(null);
		seeding
			.then((seeds) =>
				options.sync.changeDocuments(boardsFor(state, template === 'plenary'), (docs) => {
					for (const [i, doc] of docs.entries()) {
						applyBoardTemplate(doc, template);
						// The leaves carry the workshop's actors, so every view and export names them.
						if (knot) applyKnotLeaves(doc, knot);
						if (seeds) placeSeeds(doc, seeds.tables.get(i + 1) ?? [], { from: seeds.from });
					}
				})
			)
			.catch((error: unknown) => {
				// The next phase change tries again; the boards stay usable without their areas.
				laidOut.delete(state.workshopId);
				options.log(`[boards] laying out ${template} for ${state.workshopId} failed: ${error}`);
			});
	});
}

function boardsFor(state: WorkshopState, plenary: boolean): string[] {
	const { workshopId } = state;
	if (plenary) return [roomName({ kind: 'plenary', workshopId })];
	return Array.from({ length: state.tableCount }, (_, i) =>
		roomName({ kind: 'table', workshopId, table: i + 1 })
	);
}
