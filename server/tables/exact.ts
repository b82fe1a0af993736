import { scoreSeating, type MixRequest, type MixResult } from './mixing.ts';

/** Most people the exhaustive search accepts: 12 people at 3 tables is about 35,000 seatings. */
export const EXACT_MAX_PEOPLE = 12;

/**
 * The best seating by trying every one with table sizes within one of each other. Only for small
 * rooms: it measures how close mixTables comes to the optimum (tests and `npm run bench`).
 */
export function bestSeatingExhaustively(request: MixRequest): MixResult {
	const { people, tableCount } = request;
	if (people.length > EXACT_MAX_PEOPLE) {
		throw new RangeError(`exhaustive search takes at most ${EXACT_MAX_PEOPLE} people`);
	}
	const largest = Math.ceil(people.length / tableCount);
	const smallest = Math.floor(people.length / tableCount);
	const sizes = new Array<number>(tableCount).fill(0);
	const tables = new Array<number>(people.length).fill(0);
	let best: MixResult | null = null;

	const visit = (person: number): void => {
		if (person === people.length) {
			if (Math.max(...sizes) - Math.min(...sizes) > 1) return;
			const seating = new Map(people.map((p, i) => [p.id, tables[i] + 1]));
			const result = scoreSeating(request, seating);
			if (best === null || result.score > best.score) best = result;
			return;
		}
		const left = people.length - person;
		for (let table = 0; table < tableCount; table++) {
			const pinned = people[person].pinnedTable;
			if (pinned && pinned !== table + 1) continue;
			if (sizes[table] >= largest) continue;
			sizes[table]++;
			tables[person] = table;
			// Prune when the people left cannot fill every table to the smallest size.
			const missing = sizes.reduce((sum, size) => sum + Math.max(0, smallest - size), 0);
			if (missing <= left - 1) visit(person + 1);
			sizes[table]--;
		}
	};
	visit(0);
	if (best === null) throw new RangeError('no seating satisfies the pins');
	return best;
}
