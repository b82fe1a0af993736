import { localityCode, type LocalityRef, type Report } from '#shared/model/report.ts';

/**
 * Codes localities for an anonymised report: each locality becomes a code (A, B, …) and its name
 * is replaced wherever participants wrote it, including inflected forms that start with the name
 * ("Kuopiossa" → "Locality A"). Forms whose stem changes ("Lahti" → "Lahden") are not caught, and
 * neither are street or organisation names: a person still reads the report before it goes out.
 * The workshop's own title is dropped, since titles usually name the place.
 */
export function anonymiseReport(
	report: Report,
	options: {
		/** Code per locality name; names not in it get the next free code. */
		codes?: Map<string, string>;
		/** The coded name as the report language writes it, e.g. code => `Paikkakunta ${code}`. */
		label: (code: string) => string;
	}
): Report {
	const codes = options.codes ?? new Map<string, string>();
	const codeOf = (name: string) => {
		let code = codes.get(name);
		if (!code) {
			code = localityCode(codes.size);
			codes.set(name, code);
		}
		return code;
	};
	const ref = (locality: LocalityRef): { name: null; code: string } =>
		locality.name === null ? locality : { name: null, code: codeOf(locality.name) };
	switch (report.kind) {
		case 'workshop': {
			const locality = ref(report.locality);
			const name = report.locality.name;
			const scrub =
				name === null ? (text: string) => text : replacer(name, options.label(locality.code));
			return deepMapStrings(
				{ ...report, title: null, locality },
				scrub,
				new Set(['locality', 'generatedAt', 'date', 'due', 'id', 'kind'])
			);
		}
		case 'locality': {
			const locality = ref(report.locality);
			const name = report.locality.name;
			const scrub =
				name === null ? (text: string) => text : replacer(name, options.label(locality.code));
			return deepMapStrings({ ...report, locality }, scrub, new Set(['locality']));
		}
		case 'overview':
			return {
				...report,
				rows: report.rows.map((row) => ({ ...row, locality: ref(row.locality) }))
			};
	}
}

function replacer(name: string, label: string): (text: string) => string {
	const escaped = name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}[\\p{L}:]*`, 'giu');
	return (text) => text.replace(pattern, label);
}

/** Applies `map` to every string in plain data, leaving bytes and the keys in `skip` alone. */
function deepMapStrings<T>(value: T, map: (text: string) => string, skip: Set<string>): T {
	if (typeof value === 'string') return map(value) as T;
	if (Array.isArray(value)) return value.map((item) => deepMapStrings(item, map, skip)) as T;
	if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, item]) => [
			key,
			skip.has(key) ? item : deepMapStrings(item, map, skip)
		])
	) as T;
}
