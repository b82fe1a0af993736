import type { ActorType } from '#shared/model/actor.ts';
import { tableForLateArrival } from '../tables/mixing.ts';

interface Seated {
	table: number;
	actorType: ActorType;
	organisation: string;
}

/**
 * Picks a table for a walk-in so tables stay small and mixed (DOMAIN.md "The tables"): one of the
 * smallest tables, the one where the newcomer adds the most by the table-mixing score
 * (server/tables/mixing.ts), the lowest number on a tie.
 */
export function chooseTable(
	tableCount: number,
	seated: readonly Seated[],
	newcomer: { actorType: ActorType; organisation: string }
): number {
	const people = seated.map((person, i) => ({ id: `seated-${i}`, ...person }));
	const seating = new Map(people.map((person) => [person.id, person.table]));
	return tableForLateArrival({ people, tableCount }, seating, { id: 'newcomer', ...newcomer });
}
