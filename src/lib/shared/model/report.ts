import * as v from 'valibot';
import { ACTOR_TYPE_LIST, WORKSHOP_DURATION_LIST } from './actor.ts';
import { FEEDBACK_QUESTION_LIST } from './feedback.ts';
import {
	COMMITMENT_ENTRIES,
	CommitmentSchema,
	isOverdue,
	isoDateSchema,
	type Commitment
} from './commitment.ts';

/**
 * What a workshop leaves behind, as data: the report of one workshop, the commitments of one
 * locality across its workshops, and the overview of many workshops. The valibot schemas describe
 * the JSON export exactly (server/exports/schema/report.schema.json is generated from them);
 * the renderers of every other format read the same objects.
 *
 * Privacy (DOMAIN.md): organisations appear only as actor types with counts, and board notes carry
 * no actor type, because at a mixed table an actor type often names the person.
 */

/** Bumped on any change that an older reader of the JSON export would misread. */
export const REPORT_SCHEMA_VERSION = 1;
/** Longest board text kept in a report (a board note's cap), in UTF-16 code units. */
export const REPORT_TEXT_MAX_CHARS = 2000;
/** Bigger board images are left out of a report rather than making it unwieldy. */
export const MAX_BOARD_IMAGE_BYTES = 4 * 1024 * 1024;

const text = v.pipe(v.string(), v.maxLength(REPORT_TEXT_MAX_CHARS));
const shortText = v.pipe(v.string(), v.maxLength(200));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const tableNumber = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999));
const timestamp = v.pipe(
	v.string(),
	v.isoTimestamp(),
	v.description('When the report was made, ISO 8601 with time zone.')
);

/**
 * A locality by name, or by code in an anonymised report ("A" is shown as "Locality A" in the
 * report language); exactly one of the two is set.
 */
export const LocalityRefSchema = v.pipe(
	v.union([
		v.strictObject({ name: v.pipe(shortText, v.minLength(1)), code: v.null() }),
		v.strictObject({ name: v.null(), code: v.pipe(v.string(), v.regex(/^[A-Z]{1,3}$/)) })
	]),
	v.description('Locality name, or a code (A, B, … AA) when the report is anonymised.')
);
export type LocalityRef = v.InferOutput<typeof LocalityRefSchema>;

export const ActorTypeCountSchema = v.strictObject({
	actorType: v.picklist(ACTOR_TYPE_LIST),
	count: count
});

/** One leaf of a Neliapila knot: an actor and what was written on its leaf. */
export const KnotLeafSchema = v.strictObject({
	/** The leaf's actor; null when the table renamed the leaf to something else. */
	actorType: v.nullable(v.picklist(ACTOR_TYPE_LIST)),
	/** The leaf's label as written on the board; '' when it kept the template's label. */
	label: shortText,
	/** What this actor brings, needs and when it calls the knot, note by note. */
	items: v.array(text)
});

/** The four-leaf clover: four actors around a shared object, with the knot's ground rules. */
export const NeliapilaKnotSchema = v.strictObject({
	leaves: v.pipe(v.array(KnotLeafSchema), v.maxLength(8)),
	sharedObject: v.array(text),
	rules: v.array(text)
});
export type NeliapilaKnot = v.InferOutput<typeof NeliapilaKnotSchema>;

export const TableReportSchema = v.strictObject({
	table: tableNumber,
	/** The development task the table chose; null until the flow records one. */
	developmentTask: v.nullable(text),
	knot: v.nullable(NeliapilaKnotSchema),
	/** Every other note on the table's board, oldest first, without author or actor type. */
	notes: v.array(text)
});
export type TableReport = v.InferOutput<typeof TableReportSchema>;

/** An idea a table raised but did not choose (kehittämisaihio); seeds follow-up sessions. */
export const DevelopmentSeedSchema = v.strictObject({
	table: v.nullable(tableNumber),
	text: v.pipe(text, v.minLength(1))
});
export type DevelopmentSeed = v.InferOutput<typeof DevelopmentSeedSchema>;

const meanRating = v.pipe(v.number(), v.minValue(1), v.maxValue(5));

/** The figures of one rated question of the anonymous survey. */
export const FeedbackQuestionSchema = v.strictObject({
	question: v.picklist(FEEDBACK_QUESTION_LIST),
	/** Mean of the 1–5 answers, one decimal; null without answers. */
	mean: v.nullable(meanRating),
	/** How many answered 1, 2, 3, 4 and 5 (the first entry counts the 1s). */
	distribution: v.pipe(v.array(count), v.length(5))
});

export const FeedbackSummarySchema = v.strictObject({
	responses: count,
	/** Mean of the 1–5 overall rating (the survey's usefulness question); null without ratings. */
	averageRating: v.nullable(meanRating),
	/** Each rated question of the survey; empty when the figures came from elsewhere. */
	questions: v.array(FeedbackQuestionSchema),
	/** Free-text answers, in an order that says nothing about who answered when. */
	comments: v.array(text)
});
export type FeedbackSummary = v.InferOutput<typeof FeedbackSummarySchema>;

/** A picture of a final board. In JSON the PNG is base64; in memory it is bytes. */
export const BoardImageJsonSchema = v.strictObject({
	/** The table; null for the plenary. */
	table: v.nullable(tableNumber),
	/** Alternative text for screen readers. */
	alt: v.pipe(shortText, v.minLength(1)),
	mediaType: v.literal('image/png'),
	/** PNG file, base64. */
	data: v.pipe(v.string(), v.base64())
});

export const WorkshopReportSchema = v.pipe(
	v.strictObject({
		kind: v.literal('workshop'),
		schemaVersion: v.literal(REPORT_SCHEMA_VERSION),
		generatedAt: timestamp,
		/** The workshop's own title; null in an anonymised report (titles often name the place). */
		title: v.nullable(shortText),
		locality: LocalityRefSchema,
		date: isoDateSchema,
		duration: v.picklist(WORKSHOP_DURATION_LIST),
		/** Display names of the facilitators. */
		facilitators: v.array(shortText),
		participantCount: count,
		/** Participating organisation types with counts, in ACTOR_TYPE_LIST order; never names. */
		organisationTypes: v.array(ActorTypeCountSchema),
		tables: v.array(TableReportSchema),
		/** Agreed commitments only. */
		commitments: v.array(CommitmentSchema),
		developmentSeeds: v.array(DevelopmentSeedSchema),
		feedback: v.nullable(FeedbackSummarySchema),
		boardImages: v.array(BoardImageJsonSchema)
	}),
	v.description('Report of one boundary-crossing workshop (Rajapinta JSON export).')
);
export type WorkshopReportJson = v.InferOutput<typeof WorkshopReportSchema>;

export interface BoardImage {
	table: number | null;
	alt: string;
	png: Uint8Array;
}

/** The report as the server holds it: the JSON form with images as bytes. */
export type WorkshopReport = Omit<WorkshopReportJson, 'boardImages'> & {
	boardImages: BoardImage[];
};

export const LocalityCommitmentSchema = v.strictObject({
	...COMMITMENT_ENTRIES,
	/** Day of the workshop that agreed it. */
	workshopDate: isoDateSchema,
	/** Open and past its due day when the report was made. */
	overdue: v.boolean()
});
export type LocalityCommitment = v.InferOutput<typeof LocalityCommitmentSchema>;

export const LocalityReportSchema = v.pipe(
	v.strictObject({
		kind: v.literal('locality'),
		schemaVersion: v.literal(REPORT_SCHEMA_VERSION),
		generatedAt: timestamp,
		locality: LocalityRefSchema,
		workshops: v.array(
			v.strictObject({ date: isoDateSchema, duration: v.picklist(WORKSHOP_DURATION_LIST) })
		),
		/** Every agreed commitment of the locality's workshops, oldest workshop first. */
		commitments: v.array(LocalityCommitmentSchema)
	}),
	v.description('Agreed commitments of one locality across its workshops, with follow-up status.')
);
export type LocalityReport = v.InferOutput<typeof LocalityReportSchema>;

export const OverviewRowSchema = v.strictObject({
	locality: LocalityRefSchema,
	date: isoDateSchema,
	duration: v.picklist(WORKSHOP_DURATION_LIST),
	participants: count,
	tables: count,
	/** Chosen development tasks plus Neliapila knots. */
	outputs: count,
	developmentSeeds: count,
	/** Agreed commitments, and how many of them are done. */
	commitments: count,
	commitmentsDone: count
});
export type OverviewRow = v.InferOutput<typeof OverviewRowSchema>;

export const NetworkOverviewSchema = v.pipe(
	v.strictObject({
		kind: v.literal('overview'),
		schemaVersion: v.literal(REPORT_SCHEMA_VERSION),
		generatedAt: timestamp,
		/** What the overview covers, e.g. a network's name; null when untitled. */
		title: v.nullable(shortText),
		/** One row per workshop, by date. */
		rows: v.array(OverviewRowSchema)
	}),
	v.description('One row per workshop: the summary table of an annual report.')
);
export type NetworkOverview = v.InferOutput<typeof NetworkOverviewSchema>;

/** Any export: what `renderReport` takes and the JSON export writes. */
export const ReportJsonSchema = v.variant('kind', [
	WorkshopReportSchema,
	LocalityReportSchema,
	NetworkOverviewSchema
]);
export type ReportJson = v.InferOutput<typeof ReportJsonSchema>;
export type Report = WorkshopReport | LocalityReport | NetworkOverview;

/** The overview row of one workshop's report. */
export function overviewRow(report: WorkshopReport): OverviewRow {
	const tasks = report.tables.filter((table) => table.developmentTask !== null).length;
	const knots = report.tables.filter((table) => table.knot !== null).length;
	return {
		locality: report.locality,
		date: report.date,
		duration: report.duration,
		participants: report.participantCount,
		tables: report.tables.length,
		outputs: tasks + knots,
		developmentSeeds: report.developmentSeeds.length,
		commitments: report.commitments.length,
		commitmentsDone: report.commitments.filter((c) => c.status === 'done').length
	};
}

/**
 * A locality's report from its workshops' reports: every agreed commitment, oldest workshop
 * first, with its follow-up status and whether it is overdue on the report's day.
 */
export function localityReport(
	reports: readonly WorkshopReport[],
	options: { locality: LocalityRef; generatedAt: string }
): LocalityReport {
	const today = options.generatedAt.slice(0, 10);
	const sorted = [...reports].sort((a, b) => a.date.localeCompare(b.date));
	return {
		kind: 'locality',
		schemaVersion: REPORT_SCHEMA_VERSION,
		generatedAt: options.generatedAt,
		locality: options.locality,
		workshops: sorted.map((report) => ({ date: report.date, duration: report.duration })),
		commitments: sorted.flatMap((report) =>
			report.commitments
				.filter((commitment) => commitment.agreed)
				.map((commitment) => ({
					...commitment,
					workshopDate: report.date,
					overdue: isOverdue(commitment, today)
				}))
		)
	};
}

/** "A" … "Z", "AA" … : the code of the `index`-th (0-based) locality in an anonymised report. */
export function localityCode(index: number): string {
	let code = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
		code = String.fromCharCode(65 + ((n - 1) % 26)) + code;
	}
	return code;
}

export type { Commitment };
