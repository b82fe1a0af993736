import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { bestSeatingExhaustively } from '#server/tables/exact.ts';
import { mixTables, scoreSeating, type MixPerson, type MixRequest } from '#server/tables/mixing.ts';
import type { ActorType } from '#shared/model/actor.ts';
import { round } from '../histogram.ts';

/**
 * Table assignment quality and time (issue 5): generated rosters with a realistic mix of actor
 * types and organisations (a few big organisations per sector, so many colleagues), scored against
 * random seatings and, on small rooms, against the exhaustive optimum.
 */
const ROSTER_MIX: readonly { actorType: ActorType; share: number; organisations: number }[] = [
	{ actorType: 'employment_office', share: 0.2, organisations: 2 },
	{ actorType: 'social_services', share: 0.25, organisations: 3 },
	{ actorType: 'education', share: 0.2, organisations: 3 },
	{ actorType: 'ngo', share: 0.15, organisations: 4 },
	{ actorType: 'client', share: 0.1, organisations: 0 },
	{ actorType: 'other', share: 0.1, organisations: 3 }
];

const LARGE_ROOMS = [
	{ people: 30, tables: 6, targetMs: 50 },
	{ people: 200, tables: 40, targetMs: 1_000 }
] as const;
const SMALL_ROOMS = [
	{ people: 8, tables: 2 },
	{ people: 10, tables: 2 },
	{ people: 12, tables: 3 }
] as const;
const RANDOM_SEATINGS = 50;

export interface TableMixingOptions {
	/** Rosters per room size. */
	samples: number;
	log: (line: string) => void;
}

export interface LargeRoomResult {
	people: number;
	tables: number;
	/** Median time of one mix, ms (after one warm-up mix). */
	medianMs: number;
	maxMs: number;
	targetMs: number;
	/** Median share of possible actor types at a table, mixed vs random seatings. */
	coverage: { mixed: number; random: number };
	/** Median colleague pairs at one table summed over the room. */
	colleaguePairs: { mixed: number; random: number };
}

export interface SmallRoomResult {
	people: number;
	tables: number;
	/** Worst and median score ÷ optimum score over the samples (1 = optimal). */
	worstRatio: number;
	medianRatio: number;
	optimalShare: number;
}

export interface TableMixingResult {
	large: LargeRoomResult[];
	small: SmallRoomResult[];
}

export function runTableMixingSection(options: TableMixingOptions): TableMixingResult {
	const rng = xoroshiro128plus(20261202);
	const large = LARGE_ROOMS.map((room) => {
		const rosters = Array.from({ length: options.samples }, () => roster(room.people, rng));
		mixTables({ people: rosters[0], tableCount: room.tables });
		const times: number[] = [];
		const coverage = { mixed: [] as number[], random: [] as number[] };
		const colleagues = { mixed: [] as number[], random: [] as number[] };
		for (const [index, people] of rosters.entries()) {
			const request: MixRequest = { people, tableCount: room.tables, seed: index };
			const started = performance.now();
			const mixed = mixTables(request);
			times.push(performance.now() - started);
			coverage.mixed.push(meanCoverage(mixed.diversity));
			colleagues.mixed.push(sum(mixed.diversity.map((table) => table.colleaguePairs)));
			for (let i = 0; i < RANDOM_SEATINGS / options.samples + 1; i++) {
				const random = scoreSeating(request, randomSeating(request, rng));
				coverage.random.push(meanCoverage(random.diversity));
				colleagues.random.push(sum(random.diversity.map((table) => table.colleaguePairs)));
			}
		}
		const result: LargeRoomResult = {
			people: room.people,
			tables: room.tables,
			medianMs: round(median(times), 1),
			maxMs: round(Math.max(...times), 1),
			targetMs: room.targetMs,
			coverage: {
				mixed: round(median(coverage.mixed), 3),
				random: round(median(coverage.random), 3)
			},
			colleaguePairs: { mixed: median(colleagues.mixed), random: median(colleagues.random) }
		};
		options.log(
			`table mixing: ${room.people} people at ${room.tables} tables, ${result.medianMs} ms`
		);
		return result;
	});
	const small = SMALL_ROOMS.map((room) => {
		const ratios: number[] = [];
		for (let i = 0; i < options.samples; i++) {
			const request: MixRequest = {
				people: roster(room.people, rng),
				tableCount: room.tables,
				seed: i
			};
			const optimum = bestSeatingExhaustively(request).score;
			const found = mixTables(request).score;
			ratios.push(optimum === 0 ? 1 : found / optimum);
		}
		options.log(`table mixing: ${room.people} people vs the exhaustive optimum`);
		return {
			people: room.people,
			tables: room.tables,
			worstRatio: round(Math.min(...ratios), 4),
			medianRatio: round(median(ratios), 4),
			optimalShare: round(ratios.filter((ratio) => ratio >= 1).length / ratios.length, 3)
		};
	});
	return { large, small };
}

export function formatTableMixing(result: TableMixingResult): string {
	const lines = [
		'Table mixing (issue 5): time and quality',
		'  people  tables  median ms  max ms  target ms  coverage mixed/random  colleague pairs mixed/random'
	];
	for (const room of result.large) {
		lines.push(
			`  ${pad(room.people, 6)}  ${pad(room.tables, 6)}  ${pad(room.medianMs, 9)}  ${pad(room.maxMs, 6)}  ${pad(room.targetMs, 9)}  ${pad(`${room.coverage.mixed} / ${room.coverage.random}`, 21)}  ${room.colleaguePairs.mixed} / ${room.colleaguePairs.random}`
		);
	}
	lines.push('  people  tables  score ÷ optimum: worst  median  optimal share');
	for (const room of result.small) {
		lines.push(
			`  ${pad(room.people, 6)}  ${pad(room.tables, 6)}  ${pad(room.worstRatio, 22)}  ${pad(room.medianRatio, 6)}  ${room.optimalShare}`
		);
	}
	return lines.join('\n');
}

function roster(size: number, rng: RandomGenerator): MixPerson[] {
	return Array.from({ length: size }, (_, i) => {
		let pick = uniformInt(rng, 0, 999) / 1000;
		const sector = ROSTER_MIX.find((entry) => (pick -= entry.share) < 0) ?? ROSTER_MIX[0];
		const organisation =
			sector.organisations === 0
				? ''
				: `${sector.actorType} ${uniformInt(rng, 1, sector.organisations)}`;
		return { id: `p${i}`, actorType: sector.actorType, organisation };
	});
}

function randomSeating(request: MixRequest, rng: RandomGenerator): Map<string, number> {
	const order = request.people.map((person) => person.id);
	for (let i = order.length - 1; i > 0; i--) {
		const j = uniformInt(rng, 0, i);
		[order[i], order[j]] = [order[j], order[i]];
	}
	return new Map(order.map((id, i) => [id, (i % request.tableCount) + 1]));
}

function meanCoverage(
	tables: readonly { actorTypes: number; possibleActorTypes: number }[]
): number {
	return (
		sum(tables.map((table) => table.actorTypes / Math.max(1, table.possibleActorTypes))) /
		tables.length
	);
}

function sum(values: readonly number[]): number {
	return values.reduce((total, value) => total + value, 0);
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function pad(value: number | string, width: number): string {
	return String(value).padStart(width);
}
