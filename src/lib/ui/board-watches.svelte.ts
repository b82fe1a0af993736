import type { WorkshopId } from '#shared/model/ids.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { BoardWatch } from '$lib/sync/board-watch.svelte.ts';

/**
 * One BoardWatch per table of a workshop, for the console's thumbnails and the projector. Each is
 * one WebSocket; at 20 tables that is 20 sockets from one laptop, well within browser limits.
 */
export class TableBoards {
	/** Index 0 is table 1; fixed for the life of the object. */
	readonly #watches: readonly BoardWatch[];

	constructor(workshopId: string, tableCount: number) {
		this.#watches = Array.from({ length: tableCount }, (_, index) => {
			const table = index + 1;
			return new BoardWatch(
				roomName({ kind: 'table', workshopId: workshopId as WorkshopId, table })
			);
		});
	}

	of(table: number): BoardWatch | null {
		return this.#watches[table - 1] ?? null;
	}

	destroy(): void {
		for (const watch of this.#watches) watch.destroy();
	}
}
