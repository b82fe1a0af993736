import type { ItemId, WorkshopId } from '#shared/model/ids.ts';
import { chooseTask, harvestItems, type ChooseTaskRefusal } from '#shared/model/board.ts';
import { roomName } from '#shared/protocol/sync.ts';
import type { SyncServer } from './sync-server.ts';

/**
 * Board changes the control plane asks for (control SPEC C16, C17; its BoardActions), made by the
 * server like a reveal (sync SPEC S10's server changes): stored before anyone sees them and never
 * subject to a participant's item rights, which is why the control plane checks the phase first.
 */
export function createBoardActions(sync: SyncServer) {
	return {
		async chooseTask(
			workshopId: WorkshopId,
			table: number,
			itemId: ItemId | null
		): Promise<ChooseTaskRefusal | null> {
			let refusal: ChooseTaskRefusal | null = null;
			await sync.changeDocuments([roomName({ kind: 'table', workshopId, table })], ([doc]) => {
				refusal = chooseTask(doc, itemId);
			});
			return refusal;
		},
		async harvest(
			workshopId: WorkshopId,
			items: readonly { table: number; itemId: ItemId }[]
		): Promise<number> {
			const byTable = new Map<number, ItemId[]>();
			for (const { table, itemId } of items) {
				byTable.set(table, [...(byTable.get(table) ?? []), itemId]);
			}
			const tables = [...byTable.keys()];
			let copied = 0;
			await sync.changeDocuments(
				[
					roomName({ kind: 'plenary', workshopId }),
					...tables.map((table) => roomName({ kind: 'table', workshopId, table }))
				],
				([plenary, ...boards]) => {
					copied = harvestItems(
						plenary,
						tables.map((table, index) => ({
							table,
							doc: boards[index],
							itemIds: byTable.get(table)!
						}))
					);
				}
			);
			return copied;
		}
	};
}
