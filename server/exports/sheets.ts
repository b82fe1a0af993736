import type {
	LocalityReport,
	NetworkOverview,
	Report,
	WorkshopReport
} from '#shared/model/report.ts';
import { cleanText } from './escape.ts';
import { commitmentCells, commitmentColumns, overviewColumns } from './outline.ts';
import type { ReportText } from './text.ts';

/**
 * A report as rows, for CSV (one sheet) and ODS (one or more sheets). A cell keeps its typed value
 * beside the text as the report language writes it, so ODS can store real numbers and dates.
 */
export type Cell =
	{ text: string } | { text: string; number: number } | { text: string; date: string };

export interface Sheet {
	name: string;
	header: string[];
	rows: Cell[][];
}

const s = (value: string): Cell => ({ text: cleanText(value) });

export function sheetsOf(report: Report, text: ReportText): Sheet[] {
	switch (report.kind) {
		case 'workshop':
			return workshopSheets(report, text);
		case 'locality':
			return [localitySheet(report, text)];
		case 'overview':
			return [overviewSheet(report, text)];
	}
}

/** CSV holds one table: a workshop's sheets are stacked, each row naming its section. */
export function singleSheet(report: Report, text: ReportText): Sheet {
	const sheets = sheetsOf(report, text);
	if (sheets.length === 1) return sheets[0];
	return {
		name: sheets[0].name,
		header: [text.t('export_col_section'), ...sheets[0].header],
		rows: sheets.flatMap((sheet) => sheet.rows.map((row) => [s(sheet.name), ...row]))
	};
}

function workshopSheets(report: WorkshopReport, text: ReportText): Sheet[] {
	const { t } = text;
	const n = (value: number): Cell => ({ text: text.number(value), number: value });
	const tableCell = (table: number | null): Cell =>
		table === null ? s(t('export_plenary')) : n(table);
	const header = [
		t('export_col_table'),
		t('export_col_field'),
		t('export_col_text'),
		...commitmentColumns(text).slice(1)
	];
	const pad = (cells: Cell[]): Cell[] => [
		...cells,
		...Array.from({ length: header.length - cells.length }, () => s(''))
	];
	const details: Cell[][] = [];
	if (report.title !== null) details.push([s(''), s(t('export_field_title')), s(report.title)]);
	details.push(
		[s(''), s(t('export_field_locality')), s(text.locality(report.locality))],
		[s(''), s(t('export_field_date')), { text: text.day(report.date), date: report.date }],
		[s(''), s(t('export_field_duration')), s(text.duration(report.duration))],
		[s(''), s(t('export_field_facilitators')), s(report.facilitators.join(', '))],
		[s(''), s(t('export_field_participants')), n(report.participantCount)],
		...report.organisationTypes
			.filter((row) => row.count > 0)
			.map((row) => [s(''), s(text.actor(row.actorType)), n(row.count)])
	);
	const tables: Cell[][] = [];
	for (const table of report.tables) {
		const row = (field: string, value: string) => [n(table.table), s(field), s(value)];
		if (table.developmentTask !== null) {
			tables.push(row(t('export_field_task'), table.developmentTask));
		}
		for (const leaf of table.knot?.leaves ?? []) {
			const label =
				leaf.label || (leaf.actorType ? text.actor(leaf.actorType) : t('export_knot_leaf'));
			for (const item of leaf.items)
				tables.push(row(`${t('export_section_knot')}: ${label}`, item));
		}
		for (const item of table.knot?.sharedObject ?? []) {
			tables.push(row(t('export_knot_shared_object'), item));
		}
		for (const item of table.knot?.rules ?? []) tables.push(row(t('export_knot_rules'), item));
		for (const note of table.notes) tables.push(row(t('export_field_notes'), note));
	}
	const commitments = report.commitments.map((commitment) => {
		const [what, ...rest] = commitmentCells(commitment, text);
		return [tableCell(commitment.table), s(t('export_col_what')), s(what), ...rest.map(s)];
	});
	const seeds = report.developmentSeeds.map((seed) => [tableCell(seed.table), s(''), s(seed.text)]);
	const feedback: Cell[][] = [];
	if (report.feedback) {
		feedback.push([s(''), s(t('export_feedback_responses')), n(report.feedback.responses)]);
		for (const item of report.feedback.questions) {
			if (item.mean === null) continue;
			feedback.push([s(''), s(t(`export_feedback_q_${item.question}`)), n(item.mean)]);
		}
		if (report.feedback.questions.length === 0 && report.feedback.averageRating !== null) {
			const rating = report.feedback.averageRating;
			feedback.push([s(''), s(t('export_feedback_rating')), n(rating)]);
		}
		for (const comment of report.feedback.comments) {
			feedback.push([s(''), s(t('export_feedback_comments')), s(comment)]);
		}
	}
	return [
		{ name: t('export_section_details'), header, rows: details.map(pad) },
		{ name: t('export_section_tables'), header, rows: tables.map(pad) },
		{ name: t('export_section_commitments'), header, rows: commitments.map(pad) },
		{ name: t('export_section_seeds'), header, rows: seeds.map(pad) },
		{ name: t('export_section_feedback'), header, rows: feedback.map(pad) }
	];
}

function localitySheet(report: LocalityReport, text: ReportText): Sheet {
	return {
		name: text.t('export_section_commitments'),
		header: [text.t('export_col_workshop_date'), ...commitmentColumns(text)],
		rows: report.commitments.map((commitment) => [
			{ text: text.day(commitment.workshopDate), date: commitment.workshopDate },
			...commitmentCells(commitment, text, commitment.overdue).map(s)
		])
	};
}

function overviewSheet(report: NetworkOverview, text: ReportText): Sheet {
	const n = (value: number): Cell => ({ text: text.number(value), number: value });
	return {
		name: text.t('export_section_workshops'),
		header: overviewColumns(text),
		rows: report.rows.map((row) => [
			s(text.locality(row.locality)),
			{ text: text.day(row.date), date: row.date },
			s(text.duration(row.duration)),
			n(row.participants),
			n(row.tables),
			n(row.outputs),
			n(row.developmentSeeds),
			n(row.commitments),
			n(row.commitmentsDone)
		])
	};
}
