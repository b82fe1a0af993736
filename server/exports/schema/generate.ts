import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as prettier from 'prettier';
import { REPORT_SCHEMA_VERSION, ReportJsonSchema } from '#shared/model/report.ts';

/**
 * report.schema.json is generated from the valibot schemas in src/lib/shared/model/report.ts,
 * so the document and the validation cannot drift: `npx node server/exports/schema/generate.ts`
 * rewrites it, and schema.spec.ts fails while the committed file is stale. Checks that JSON
 * Schema cannot say (a real calendar day, base64) are enforced by valibot only.
 */
export const SCHEMA_FILE = path.join(import.meta.dirname, 'report.schema.json');

export function reportJsonSchema(): Record<string, unknown> {
	const schema = toJsonSchema(ReportJsonSchema, { target: 'draft-2020-12', errorMode: 'ignore' });
	return {
		$schema: schema.$schema,
		$id: `urn:rajapinta:schema:report:v${REPORT_SCHEMA_VERSION}`,
		title: 'Rajapinta report export',
		description:
			'JSON export of a workshop report, a locality report or a network overview (field "kind").',
		...schema
	};
}

/** Formatted as the repository's prettier config wants it, so `npm run lint` passes. */
export async function formatSchema(schema: Record<string, unknown>): Promise<string> {
	const options = await prettier.resolveConfig(SCHEMA_FILE);
	return prettier.format(JSON.stringify(schema), { ...options, parser: 'json' });
}

if (import.meta.main) {
	writeFileSync(SCHEMA_FILE, await formatSchema(reportJsonSchema()));
	console.log(`[exports] wrote ${SCHEMA_FILE}`);
}
