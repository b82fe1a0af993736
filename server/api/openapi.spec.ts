import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fixtureWorkshop } from '../exports/fixtures/workshop.ts';
import { reportToJson } from '../exports/json.ts';
import { formatSchema } from '../exports/schema/generate.ts';
import { OPENAPI_FILE, openApiDocument } from './openapi.ts';

const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
	paths: Record<string, unknown>;
	components: { schemas: Record<string, Record<string, unknown>> };
};

/** Only a base for $refs; nothing is fetched from it. */
const DOC_ID = 'https://rajapinta.invalid/openapi.json';

/** A component schema as a standalone JSON Schema, its $refs pointing into the document. */
function componentValidator(name: string) {
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	addFormats.default(ajv);
	ajv.addSchema({ $id: DOC_ID, components: committed.components });
	return ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${name}` });
}

describe('OpenAPI document of the JSON API', () => {
	it('openapi.json is what openapi.ts generates (regenerate: npx node server/api/openapi.ts)', async () => {
		expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await formatSchema(openApiDocument()));
	});

	it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
		const result = await validate(structuredClone(committed) as never);
		expect(result.valid, JSON.stringify(result)).toBe(true);
	});

	it('documents every endpoint the routes serve', () => {
		expect(Object.keys(committed.paths).sort()).toEqual([
			'/localities/{locality}/commitments',
			'/workshops',
			'/workshops/{workshopId}',
			'/workshops/{workshopId}/commitments',
			'/workshops/{workshopId}/export'
		]);
	});

	it("a fixture workshop's JSON report validates against its WorkshopReport schema", () => {
		const check = componentValidator('WorkshopReport');
		const json = JSON.parse(JSON.stringify(reportToJson(fixtureWorkshop())));
		expect(check(json), JSON.stringify(check.errors)).toBe(true);
	});

	it('the error body validates against the Error schema, and an unknown code does not', () => {
		const check = componentValidator('Error');
		expect(check({ error: { code: 'not_found', message: 'No such resource.' } })).toBe(true);
		expect(check({ error: { code: 'teapot', message: 'x' } })).toBe(false);
	});
});
