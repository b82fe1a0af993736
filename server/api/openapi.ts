import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import {
	ApiErrorSchema,
	ApiWorkshopCommitmentsSchema,
	ApiWorkshopListSchema,
	ApiWorkshopSummarySchema
} from '#shared/protocol/api.ts';
import { API_TOKEN_PREFIX } from '#shared/model/api-token.ts';
import { formatSchema, reportJsonSchema } from '../exports/schema/generate.ts';
import { EXPORT_FORMAT_LIST, EXPORT_FORMATS, REPORT_LANGUAGES } from '../exports/index.ts';
import { RATE_LIMITS } from '../auth/rate-limits.ts';

/**
 * The JSON API's OpenAPI 3.1 document, as data. openapi.json beside this file is generated from
 * it (`npx node server/api/openapi.ts`) and served by the app at /api/v1/openapi.json; the
 * response bodies come from the same valibot schemas the server uses and from the export's JSON
 * Schema, so the document cannot drift from what is sent. openapi.spec.ts fails while the
 * committed file is stale, and validates it with @readme/openapi-parser.
 */
export const OPENAPI_FILE = path.join(import.meta.dirname, 'openapi.json');

type Json = Record<string, unknown>;

function schemaOf(schema: GenericSchema): Json {
	const { $schema: _dialect, ...rest } = toJsonSchema(schema, {
		target: 'draft-2020-12',
		errorMode: 'ignore'
	}) as Json;
	return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (description: string, schema: Json) => ({
	description,
	content: { 'application/json': { schema } }
});
const errorResponse = (description: string) => jsonBody(description, ref('Error'));

const ERRORS = {
	'400': errorResponse('A query parameter is not valid (`invalid_payload`).'),
	'401': {
		...errorResponse('No token, or a token that is unknown or revoked (`unauthorised`).'),
		headers: { 'WWW-Authenticate': { schema: { type: 'string' } } }
	},
	'404': errorResponse(
		"Not found (`not_found`): also for a workshop that exists but is not shared with the token's network, so ids of other networks leak nothing."
	),
	'429': {
		...errorResponse(
			`More than ${RATE_LIMITS.api.points} requests a minute from one address (\`rate_limited\`).`
		),
		headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } }
	},
	'500': errorResponse('Something failed on the server (`internal`); details are in its log.')
};

const workshopId = {
	name: 'workshopId',
	in: 'path',
	required: true,
	description: 'Id of a workshop shared with the network.',
	schema: { type: 'string', maxLength: 64 }
};

export function openApiDocument(): Json {
	const report = reportJsonSchema() as Json & { oneOf: Json[] };
	const [workshopReport, localityReport] = report.oneOf;
	return {
		openapi: '3.1.0',
		jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
		info: {
			title: 'Rajapinta API',
			version: '1.0.0',
			summary: "Read a network's shared workshops, commitments and exports.",
			description: [
				'A read-only JSON API for a network (verkosto, nätverk) to pull its shared workshops into its own systems.',
				'',
				`A network member makes a token on the network's "API tokens" page. The token (it starts with \`${API_TOKEN_PREFIX}\`) is shown once; send it as \`Authorization: Bearer <token>\`. A token sees only the workshops shared with its network, and stops working at once when a member revokes it.`,
				'',
				'Every error is JSON: `{"error": {"code": "...", "message": "..."}}`. Branch on `code`; `message` is for people.',
				'',
				'Reports never carry participant names: organisation types are counted, and a person is named on a commitment only when they agreed to it.'
			].join('\n'),
			license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' }
		},
		servers: [{ url: '/api/v1', description: 'This server' }],
		security: [{ bearer: [] }],
		tags: [
			{ name: 'workshops', description: "The network's shared workshops." },
			{ name: 'commitments', description: 'Agreed commitments and their follow-up status.' },
			{ name: 'exports', description: 'A workshop report as a file.' }
		],
		paths: {
			'/workshops': {
				get: {
					operationId: 'listWorkshops',
					tags: ['workshops'],
					summary: 'List shared workshops',
					description: "The token's network's shared workshops, newest day first.",
					parameters: [
						{
							name: 'locality',
							in: 'query',
							description: 'Only this locality (exact name).',
							schema: { type: 'string', maxLength: 200 }
						},
						{
							name: 'year',
							in: 'query',
							description: 'Only workshops held in this year.',
							schema: { type: 'integer', minimum: 1000, maximum: 2999 }
						}
					],
					responses: {
						'200': jsonBody('The workshops.', ref('WorkshopList')),
						...pick(ERRORS, '400', '401', '429', '500')
					}
				}
			},
			'/workshops/{workshopId}': {
				get: {
					operationId: 'getWorkshop',
					tags: ['workshops'],
					summary: "A workshop's report",
					description:
						'The full report, exactly as the JSON export: tables and their chosen tasks, Neliapila knots, agreed commitments, development seeds, feedback summary and board images.',
					parameters: [workshopId],
					responses: {
						'200': jsonBody('The report.', ref('WorkshopReport')),
						...pick(ERRORS, '401', '404', '429', '500')
					}
				}
			},
			'/workshops/{workshopId}/commitments': {
				get: {
					operationId: 'listWorkshopCommitments',
					tags: ['commitments'],
					summary: "A workshop's agreed commitments",
					parameters: [workshopId],
					responses: {
						'200': jsonBody('The commitments.', ref('WorkshopCommitments')),
						...pick(ERRORS, '401', '404', '429', '500')
					}
				}
			},
			'/localities/{locality}/commitments': {
				get: {
					operationId: 'listLocalityCommitments',
					tags: ['commitments'],
					summary: "A locality's agreed commitments",
					description:
						"Every agreed commitment of the locality's shared workshops, oldest workshop first, with its current follow-up status and whether it is overdue. A locality with no shared workshops gives an empty list.",
					parameters: [
						{
							name: 'locality',
							in: 'path',
							required: true,
							description: 'Locality name, URL-encoded (e.g. `Sein%C3%A4joki`).',
							schema: { type: 'string', maxLength: 200 }
						}
					],
					responses: {
						'200': jsonBody('The locality report.', ref('LocalityReport')),
						...pick(ERRORS, '400', '401', '429', '500')
					}
				}
			},
			'/workshops/{workshopId}/export': {
				get: {
					operationId: 'exportWorkshop',
					tags: ['exports'],
					summary: "A workshop's report as a file",
					description:
						'CSV is UTF-8 with a BOM and semicolons, for Excel with Finnish settings; JSON is the `WorkshopReport` schema and ignores `lang`.',
					parameters: [
						workshopId,
						{
							name: 'format',
							in: 'query',
							schema: { type: 'string', enum: EXPORT_FORMAT_LIST, default: 'json' }
						},
						{
							name: 'lang',
							in: 'query',
							description: 'Language of the report.',
							schema: { type: 'string', enum: [...REPORT_LANGUAGES], default: 'fi' }
						}
					],
					responses: {
						'200': {
							description: 'The file, as an attachment.',
							headers: { 'Content-Disposition': { schema: { type: 'string' } } },
							content: Object.fromEntries(
								EXPORT_FORMAT_LIST.map((format) => [
									EXPORT_FORMATS[format].contentType.split(';')[0],
									format === 'json'
										? { schema: ref('WorkshopReport') }
										: {
												schema: {
													type: 'string',
													contentMediaType: EXPORT_FORMATS[format].contentType
												}
											}
								])
							)
						},
						...pick(ERRORS, '400', '401', '404', '429', '500')
					}
				}
			}
		},
		components: {
			securitySchemes: {
				bearer: {
					type: 'http',
					scheme: 'bearer',
					description: `A network's API token, \`${API_TOKEN_PREFIX}\` and 43 more characters.`
				}
			},
			schemas: {
				WorkshopSummary: schemaOf(ApiWorkshopSummarySchema),
				WorkshopList: schemaOf(ApiWorkshopListSchema),
				WorkshopCommitments: schemaOf(ApiWorkshopCommitmentsSchema),
				WorkshopReport: workshopReport,
				LocalityReport: localityReport,
				Error: schemaOf(ApiErrorSchema)
			}
		}
	};
}

function pick<T extends Record<string, unknown>>(from: T, ...keys: (keyof T)[]) {
	return Object.fromEntries(keys.map((key) => [key, from[key]]));
}

if (import.meta.main) {
	writeFileSync(OPENAPI_FILE, await formatSchema(openApiDocument()));
	console.log(`[api] wrote ${OPENAPI_FILE}`);
}
