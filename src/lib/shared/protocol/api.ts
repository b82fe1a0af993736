import * as v from 'valibot';
import { WORKSHOP_DURATION_LIST } from '../model/actor.ts';
import { CommitmentSchema, isoDateSchema } from '../model/commitment.ts';
import { ERROR_CODES } from './errors.ts';

/**
 * The JSON HTTP API (issue 6), read-only, for a network's own systems: its shared workshops, their
 * agreed commitments and exports. Bodies the report export already defines (a workshop report, a
 * locality report) are the JSON export's, described by server/exports/schema/report.schema.json.
 * server/api/openapi.json is generated from these schemas and that file.
 */

export const API_BASE_PATH = '/api/v1';
export const OPENAPI_PATH = `${API_BASE_PATH}/openapi.json`;

/** One shared workshop in the list: what the record says, without reading its boards. */
export const ApiWorkshopSummarySchema = v.pipe(
	v.strictObject({
		id: v.pipe(v.string(), v.description('Stable id of the workshop.')),
		title: v.pipe(v.string(), v.description('The workshop title the facilitator gave.')),
		locality: v.pipe(v.string(), v.description('Locality (paikkakunta) of the workshop.')),
		date: isoDateSchema,
		duration: v.picklist(WORKSHOP_DURATION_LIST)
	}),
	v.description('A workshop shared with the network of the token.')
);
export type ApiWorkshopSummary = v.InferOutput<typeof ApiWorkshopSummarySchema>;

export const ApiWorkshopListSchema = v.pipe(
	v.strictObject({
		workshops: v.pipe(
			v.array(ApiWorkshopSummarySchema),
			v.description('Newest workshop day first.')
		)
	}),
	v.description("The network's shared workshops that pass the filters.")
);
export type ApiWorkshopList = v.InferOutput<typeof ApiWorkshopListSchema>;

export const ApiWorkshopCommitmentsSchema = v.pipe(
	v.strictObject({
		workshopId: v.string(),
		/** Agreed commitments only, by table. */
		commitments: v.pipe(
			v.array(CommitmentSchema),
			v.description('Agreed commitments, by table, with their current follow-up status.')
		)
	}),
	v.description("One workshop's agreed commitments.")
);
export type ApiWorkshopCommitments = v.InferOutput<typeof ApiWorkshopCommitmentsSchema>;

/** Every API error: a stable code to branch on and a short English text for people. */
export const ApiErrorSchema = v.pipe(
	v.strictObject({
		error: v.strictObject({
			code: v.picklist(Object.values(ERROR_CODES)),
			message: v.string()
		})
	}),
	v.description('An error: `code` is stable, `message` is for people and may change.')
);
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;
