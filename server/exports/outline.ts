import type { Commitment } from '#shared/model/commitment.ts';
import type {
	LocalityReport,
	NetworkOverview,
	NeliapilaKnot,
	Report,
	TableReport,
	WorkshopReport
} from '#shared/model/report.ts';
import { cleanText } from './escape.ts';
import type { ReportText } from './text.ts';

/**
 * A report laid out once, format-neutrally: PDF, DOCX, ODT and Markdown each walk these blocks.
 * Every string in it has been through cleanText; each renderer escapes for its own format.
 */
export type Block =
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	| { kind: 'paragraph'; text: string }
	/** Label–value pairs, e.g. the workshop's details. */
	| { kind: 'fields'; rows: [label: string, value: string][] }
	| { kind: 'list'; items: string[] }
	/** `weights`: relative column widths for paged formats; equal when absent. */
	| { kind: 'table'; header: string[]; rows: string[][]; weights?: number[] }
	/** A picture with a visible caption above it and alternative text. */
	| { kind: 'image'; png: Uint8Array; alt: string; caption: string };

/** What, owner, named person, due, first step, status. */
const COMMITMENT_WEIGHTS = [2.8, 1.8, 1.6, 1.6, 2.3, 1.5];

export interface Outline {
	/** Document title (metadata, and the first heading). */
	title: string;
	language: ReportText['language'];
	blocks: Block[];
	/** Wide tables read better across the page (the locality's and the overview's tables). */
	landscape?: boolean;
	/** "Page 2 of 5" in the report language, for paged formats. */
	pageLabel(page: number, pages: number): string;
}

type Laid = Omit<Outline, 'pageLabel'>;

export function outlineOf(report: Report, text: ReportText): Outline {
	const pageLabel = (page: number, pages: number) => text.t('export_page', { page, pages });
	switch (report.kind) {
		case 'workshop':
			return { ...workshopOutline(report, text), pageLabel };
		case 'locality':
			return { ...localityOutline(report, text), pageLabel };
		case 'overview':
			return { ...overviewOutline(report, text), pageLabel };
	}
}

const c = cleanText;

function workshopOutline(report: WorkshopReport, text: ReportText): Laid {
	const { t } = text;
	const title = t('export_title_workshop');
	const blocks: Block[] = [{ kind: 'heading', level: 1, text: title }];
	const details: [string, string][] = [];
	if (report.title !== null) details.push([t('export_field_title'), c(report.title)]);
	details.push(
		[t('export_field_locality'), c(text.locality(report.locality))],
		[t('export_field_date'), text.day(report.date)],
		[t('export_field_duration'), text.duration(report.duration)],
		[t('export_field_facilitators'), c(report.facilitators.join(', ')) || '–'],
		[t('export_field_participants'), text.number(report.participantCount)],
		[t('export_field_generated'), text.moment(report.generatedAt)]
	);
	blocks.push({ kind: 'fields', rows: details });

	blocks.push({ kind: 'heading', level: 2, text: t('export_section_organisations') });
	const present = report.organisationTypes.filter((row) => row.count > 0);
	blocks.push(
		present.length === 0
			? none(text)
			: {
					kind: 'table',
					header: [t('export_col_actor_type'), t('export_col_count')],
					rows: present.map((row) => [text.actor(row.actorType), text.number(row.count)])
				}
	);

	blocks.push({ kind: 'heading', level: 2, text: t('export_section_tables') });
	if (report.tables.length === 0) blocks.push(none(text));
	for (const table of report.tables) blocks.push(...tableBlocks(table, text));

	blocks.push({ kind: 'heading', level: 2, text: t('export_section_commitments') });
	blocks.push(commitmentTable(report.commitments, text));

	blocks.push({ kind: 'heading', level: 2, text: t('export_section_seeds') });
	blocks.push(
		report.developmentSeeds.length === 0
			? none(text)
			: {
					kind: 'list',
					items: report.developmentSeeds.map(
						(seed) => `${c(seed.text)} (${tableName(seed.table, text)})`
					)
				}
	);

	blocks.push({ kind: 'heading', level: 2, text: t('export_section_feedback') });
	const feedback = report.feedback;
	if (feedback === null) blocks.push(none(text));
	else {
		const rows: [string, string][] = [
			[t('export_feedback_responses'), text.number(feedback.responses)]
		];
		// The survey's own questions when there are any; otherwise the one overall rating.
		for (const item of feedback.questions) {
			if (item.mean !== null)
				rows.push([t(`export_feedback_q_${item.question}`), text.number(item.mean)]);
		}
		if (feedback.questions.length === 0 && feedback.averageRating !== null) {
			rows.push([t('export_feedback_rating'), text.number(feedback.averageRating)]);
		}
		blocks.push({ kind: 'fields', rows });
		if (feedback.comments.length > 0) {
			blocks.push({ kind: 'heading', level: 3, text: t('export_feedback_comments') });
			blocks.push({ kind: 'list', items: feedback.comments.map(c) });
		}
	}

	if (report.boardImages.length > 0) {
		blocks.push({ kind: 'heading', level: 2, text: t('export_section_images') });
		for (const image of report.boardImages) {
			const caption = tableName(image.table, text);
			blocks.push({ kind: 'image', png: image.png, alt: c(image.alt), caption });
		}
	}
	return { title, language: text.language, blocks };
}

function tableBlocks(table: TableReport, text: ReportText): Block[] {
	const { t } = text;
	const blocks: Block[] = [
		{ kind: 'heading', level: 3, text: t('export_table_heading', { table: table.table }) },
		{
			kind: 'fields',
			rows: [
				[
					t('export_field_task'),
					table.developmentTask === null ? t('export_none_recorded') : c(table.developmentTask)
				]
			]
		}
	];
	blocks.push({ kind: 'paragraph', text: `${t('export_section_knot')}:` });
	blocks.push(table.knot === null ? none(text) : knotBlock(table.knot, text));
	blocks.push({ kind: 'paragraph', text: `${t('export_field_notes')}:` });
	blocks.push(table.notes.length === 0 ? none(text) : { kind: 'list', items: table.notes.map(c) });
	return blocks;
}

/** The knot as a two-column table: each leaf, then the shared object and the rules. */
function knotBlock(knot: NeliapilaKnot, text: ReportText): Block {
	const { t } = text;
	const rows = knot.leaves.map((leaf) => [
		c(leaf.label) || (leaf.actorType ? text.actor(leaf.actorType) : t('export_knot_leaf')),
		joinItems(leaf.items, text)
	]);
	rows.push([t('export_knot_shared_object'), joinItems(knot.sharedObject, text)]);
	rows.push([t('export_knot_rules'), joinItems(knot.rules, text)]);
	return { kind: 'table', header: [t('export_knot_leaf'), t('export_col_text')], rows };
}

function joinItems(items: readonly string[], text: ReportText): string {
	return items.length === 0 ? t0(text) : items.map(c).join('\n');
}

const t0 = (text: ReportText) => text.t('export_none_recorded');

function none(text: ReportText): Block {
	return { kind: 'paragraph', text: t0(text) };
}

function tableName(table: number | null, text: ReportText): string {
	return table === null ? text.t('export_plenary') : text.t('export_table_heading', { table });
}

export function commitmentColumns(text: ReportText): string[] {
	const { t } = text;
	return [
		t('export_col_what'),
		t('export_col_owner'),
		t('export_col_person'),
		t('export_col_due'),
		t('export_col_first_step'),
		t('export_col_status')
	];
}

export function commitmentCells(
	commitment: Commitment,
	text: ReportText,
	overdue = false
): string[] {
	const status = text.status(commitment.status);
	return [
		c(commitment.what),
		text.actor(commitment.ownerActorType),
		c(commitment.namedPerson ?? '') || '–',
		commitment.due === null ? '–' : text.day(commitment.due),
		c(commitment.firstStep) || '–',
		overdue ? `${status} (${text.t('export_overdue')})` : status
	];
}

function commitmentTable(commitments: readonly Commitment[], text: ReportText): Block {
	if (commitments.length === 0) return none(text);
	return {
		kind: 'table',
		header: commitmentColumns(text),
		rows: commitments.map((commitment) => commitmentCells(commitment, text)),
		weights: COMMITMENT_WEIGHTS
	};
}

function localityOutline(report: LocalityReport, text: ReportText): Laid {
	const { t } = text;
	const title = `${t('export_title_locality')}: ${c(text.locality(report.locality))}`;
	const blocks: Block[] = [
		{ kind: 'heading', level: 1, text: title },
		{
			kind: 'fields',
			rows: [
				[t('export_field_locality'), c(text.locality(report.locality))],
				[t('export_field_generated'), text.moment(report.generatedAt)]
			]
		},
		{ kind: 'heading', level: 2, text: t('export_section_workshops') },
		report.workshops.length === 0
			? none(text)
			: {
					kind: 'list',
					items: report.workshops.map(
						(workshop) => `${text.day(workshop.date)}, ${text.duration(workshop.duration)}`
					)
				},
		{ kind: 'heading', level: 2, text: t('export_section_commitments') }
	];
	blocks.push(
		report.commitments.length === 0
			? none(text)
			: {
					kind: 'table',
					header: [t('export_col_workshop_date'), ...commitmentColumns(text)],
					weights: [1.3, ...COMMITMENT_WEIGHTS],
					rows: report.commitments.map((commitment) => [
						text.day(commitment.workshopDate),
						...commitmentCells(commitment, text, commitment.overdue)
					])
				}
	);
	return { title, language: text.language, blocks, landscape: true };
}

export function overviewColumns(text: ReportText): string[] {
	const { t } = text;
	return [
		t('export_col_locality'),
		t('export_col_date'),
		t('export_col_duration'),
		t('export_col_participants'),
		t('export_col_tables'),
		t('export_col_outputs'),
		t('export_col_seeds'),
		t('export_col_commitments'),
		t('export_col_done')
	];
}

function overviewOutline(report: NetworkOverview, text: ReportText): Laid {
	const { t } = text;
	const title = t('export_title_overview');
	const details: [string, string][] = [];
	if (report.title !== null) details.push([t('export_field_network'), c(report.title)]);
	details.push([t('export_field_generated'), text.moment(report.generatedAt)]);
	const n = text.number;
	const sum = (pick: (row: NetworkOverview['rows'][number]) => number) =>
		n(report.rows.reduce((total, row) => total + pick(row), 0));
	const rows = report.rows.map((row) => [
		c(text.locality(row.locality)),
		text.day(row.date),
		text.duration(row.duration),
		n(row.participants),
		n(row.tables),
		n(row.outputs),
		n(row.developmentSeeds),
		n(row.commitments),
		n(row.commitmentsDone)
	]);
	if (rows.length > 0) {
		rows.push([
			t('export_total'),
			'',
			'',
			sum((row) => row.participants),
			sum((row) => row.tables),
			sum((row) => row.outputs),
			sum((row) => row.developmentSeeds),
			sum((row) => row.commitments),
			sum((row) => row.commitmentsDone)
		]);
	}
	return {
		title,
		language: text.language,
		landscape: true,
		blocks: [
			{ kind: 'heading', level: 1, text: title },
			{ kind: 'fields', rows: details },
			{ kind: 'heading', level: 2, text: t('export_section_workshops') },
			rows.length === 0
				? none(text)
				: {
						kind: 'table',
						header: overviewColumns(text),
						rows,
						weights: [2, 1.5, 1.5, 1, 1, 1, 1.2, 1.2, 1]
					}
		]
	};
}
