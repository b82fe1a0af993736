import type { ItemId, WorkshopId } from '#shared/model/ids.ts';
import { PHASE_KINDS, isBoardLocked, isPrivateWriting } from '#shared/model/workshop.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { AccessControl } from '#server/auth/access.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import { requireFacilitator } from './guards.ts';
import type { ControlSocket, HandlerBinder } from './types.ts';

/** Board changes made by the server for the control plane; the sync server provides them. */
export interface BoardActions {
	/** Records (null: withdraws) a table's chosen task; 'not_a_candidate' when it is no candidate. */
	chooseTask(
		workshopId: WorkshopId,
		table: number,
		itemId: ItemId | null
	): Promise<'not_a_candidate' | null>;
	/** Copies picked items of tables' boards into the plenary; resolves with how many it copied. */
	harvest(
		workshopId: WorkshopId,
		items: readonly { table: number; itemId: ItemId }[]
	): Promise<number>;
}

/** Choices one participant may make per window: enough to change one's mind, no flood of copies. */
export const CHOICE_LIMIT = { changes: 6, windowMs: 20_000 } as const;

/**
 * SPEC C16 (`task:choose`) and C17 (`plenary:harvest`). A participant chooses for their own table
 * only in a problem-definition phase whose rights let them edit (not view only, not private
 * writing, board not locked): the same rights that let them move notes there. Facilitators choose
 * for any table at any time and alone harvest.
 */
export function registerProblemHandlers(options: {
	handle: HandlerBinder;
	access: AccessControl;
	workshops: WorkshopService;
	boards?: BoardActions;
	now?: () => number;
}): void {
	const { handle, access, workshops, boards } = options;
	const now = options.now ?? Date.now;
	// In memory, per participant: fine for one node (see SIGNAL_LIMIT in flow.handlers.ts).
	const recent = new Map<string, number[]>();

	async function tableOf(
		socket: ControlSocket,
		workshopId: WorkshopId,
		table: number | undefined
	): Promise<number> {
		const state = await workshops.state(workshopId);
		if (!state) throw new RajapintaError('not_found', `workshop ${workshopId}`);
		if (table !== undefined) {
			await requireFacilitator(access, socket, workshopId);
			if (table > state.tableCount) throw new RajapintaError('conflict', `no table ${table}`);
			return table;
		}
		const participant = socket.data.principals.participant;
		if (!participant || participant.workshopId !== workshopId) {
			throw new RajapintaError('forbidden', `not a participant of ${workshopId}`);
		}
		const phase = state.phases[state.phaseIndex];
		if (phase?.kind !== PHASE_KINDS.problemDefinition) {
			throw new RajapintaError('conflict', 'not a problem-definition phase');
		}
		if (phase.settings.participantRights === 'view_only' || isPrivateWriting(state)) {
			throw new RajapintaError('forbidden', 'the phase lets participants only read the board');
		}
		if (isBoardLocked(state, participant.table)) {
			throw new RajapintaError('locked', `table ${participant.table} is locked`);
		}
		const at = now();
		const times = (recent.get(participant.id) ?? []).filter(
			(time) => at - time < CHOICE_LIMIT.windowMs
		);
		if (times.length >= CHOICE_LIMIT.changes) {
			throw new RajapintaError('rate_limited', `task choices of ${participant.id}`);
		}
		recent.set(participant.id, [...times, at]);
		return participant.table;
	}

	handle('task:choose', async ({ workshopId, itemId, table }, socket) => {
		const id = workshopId as WorkshopId;
		const target = await tableOf(socket, id, table);
		if (!boards) throw new Error('no sync server to record the choice with');
		const refusal = await boards.chooseTask(id, target, itemId as ItemId | null);
		if (refusal) throw new RajapintaError('conflict', `${itemId} is not a candidate`);
		return (await workshops.state(id))!;
	});

	handle('plenary:harvest', async ({ workshopId, items }, socket) => {
		await requireFacilitator(access, socket, workshopId);
		const id = workshopId as WorkshopId;
		const state = await workshops.state(id);
		if (!state) throw new RajapintaError('not_found', `workshop ${workshopId}`);
		if (items.some((item) => item.table > state.tableCount)) {
			throw new RajapintaError('conflict', 'a table beyond the workshop');
		}
		if (!boards) throw new Error('no sync server to harvest with');
		await boards.harvest(id, items as { table: number; itemId: ItemId }[]);
		return state;
	});
}
