import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	ReportJsonSchema,
	overviewRow,
	type LocalityReport,
	type NetworkOverview
} from '#shared/model/report.ts';
import { fixtureWorkshop, FIXTURE_COMMITMENTS } from '../fixtures/workshop.ts';
import { renderReport } from '../index.ts';
import { SCHEMA_FILE, formatSchema, reportJsonSchema } from './generate.ts';

const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(committed);

const locality: LocalityReport = {
	kind: 'locality',
	schemaVersion: 1,
	generatedAt: '2027-02-01T10:00:00.000Z',
	locality: { name: 'Kuopio', code: null },
	workshops: [{ date: '2026-11-23', duration: 'full_day' }],
	commitments: FIXTURE_COMMITMENTS.map((c) => ({
		...c,
		workshopDate: '2026-11-23',
		overdue: false
	}))
};
const overview: NetworkOverview = {
	kind: 'overview',
	schemaVersion: 1,
	generatedAt: '2027-02-01T10:00:00.000Z',
	title: 'Pohjois-Savo',
	rows: [overviewRow(fixtureWorkshop())]
};

async function exported(report: Parameters<typeof renderReport>[0]): Promise<unknown> {
	const { bytes } = await renderReport(report, { format: 'json', language: 'fi' });
	return JSON.parse(new TextDecoder().decode(bytes));
}

describe('JSON schema', () => {
	it('report.schema.json is what the valibot schemas generate (regenerate: schema/generate.ts)', async () => {
		expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await formatSchema(reportJsonSchema()));
	});

	it.each([
		['workshop', () => fixtureWorkshop()],
		['locality', () => locality],
		['overview', () => overview]
	] as const)('the %s export validates with ajv and with valibot', async (_kind, make) => {
		const json = await exported(make());
		expect(validate(json), ajv.errorsText(validate.errors)).toBe(true);
		expect(v.safeParse(ReportJsonSchema, json).issues).toBeUndefined();
	});

	it('refuses what a reader must not get: extra fields, a names list, a bad status or date', async () => {
		const json = (await exported(fixtureWorkshop())) as Record<string, unknown>;
		const bad = [
			{ ...json, participantNames: ['Päivi'] },
			{ ...json, commitments: [{ ...FIXTURE_COMMITMENTS[0], status: 'maybe' }] },
			{ ...json, date: '23.11.2026' },
			{ ...json, locality: { name: 'Kuopio', code: 'A' } }
		];
		for (const value of bad) expect(validate(value)).toBe(false);
	});
});
