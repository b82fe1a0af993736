import fc from 'fast-check';

/** One request a hostile browser or script could send to a route that takes input. */
export interface FuzzRequest {
	method: 'GET' | 'POST';
	path: string;
	headers: Record<string, string>;
	body?: Buffer;
}

/** The form fields each action reads (src/lib/server/forms.ts), plus names it never reads. */
const ACTIONS = [
	{ path: '/join', fields: ['code', 'displayName', 'organisation', 'actorType'], session: false },
	{ path: '/facilitator/sign-in', fields: ['email', 'password'], session: false },
	{ path: '/facilitator/sign-up', fields: ['displayName', 'email', 'password'], session: false },
	{
		path: '/facilitator?/create',
		fields: ['title', 'locality', 'date', 'duration', 'tableCount', 'template'],
		session: true
	}
] as const;

const fieldValue = fc.oneof(
	{ arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
	{
		arbitrary: fc.constantFrom(
			'K7QM-4XPA',
			'a@b.fi',
			'correct horse battery',
			'2026-02-29',
			'2026-12-03',
			'full_day',
			'ngo',
			'3',
			'999999999999',
			'-1',
			'neliapila',
			'__proto__',
			'%',
			'%E0%A4%A',
			'\u0000',
			'\ud800'
		),
		weight: 3
	},
	{ arbitrary: fc.nat(200_000).map((n) => 'x'.repeat(n)), weight: 1 }
);

function urlEncoded(fields: [string, string][]): string {
	// URLSearchParams, unlike encodeURIComponent, takes lone surrogates (as U+FFFD).
	return new URLSearchParams(fields).toString();
}

function multipart(fields: [string, string][], boundary: string, file: boolean): string {
	const parts = fields.map(([name, value], i) =>
		file && i === 0
			? `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${value}\r\n`
			: `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
	);
	return `${parts.join('')}--${boundary}--\r\n`;
}

/**
 * A POST to a form action: the right or wrong content type, a well-formed, truncated or garbage
 * body, with or without the same-origin header SvelteKit's CSRF check wants, sometimes as the
 * `use:enhance` fetch (accept: application/json).
 */
export function formRequestArb(options: {
	serverUrl: string;
	facilitatorCookie: string;
}): fc.Arbitrary<FuzzRequest> {
	return fc
		.record({
			action: fc.constantFrom(...ACTIONS),
			names: fc.array(
				fc.oneof(
					fc.constantFrom('code', 'email', 'password', 'title'),
					fc.string({ maxLength: 8 })
				),
				{
					maxLength: 3
				}
			),
			values: fc.array(fieldValue, { minLength: 10, maxLength: 10 }),
			encoding: fc.constantFrom('urlencoded', 'multipart', 'multipart-file', 'raw', 'json'),
			contentType: fc.option(
				fc.constantFrom(
					'application/x-www-form-urlencoded',
					'multipart/form-data',
					'multipart/form-data; boundary=',
					'text/plain',
					'application/json',
					'application/x-www-form-urlencoded; charset=utf-16',
					'multipart/form-data; boundary=zz'
				),
				{ freq: 3 }
			),
			cut: fc.option(fc.nat(), { freq: 4 }),
			raw: fc.uint8Array({ maxLength: 300 }),
			origin: fc.constantFrom('same', 'same', 'same', 'none', 'evil'),
			enhance: fc.boolean(),
			cookie: fc.oneof(
				fc.constant(null),
				fc.constant('session'),
				fc.string({ maxLength: 60 }).map((junk) => `rp_session=${junk}; rp_participant=${junk}`)
			)
		})
		.map((c) => {
			const fields: [string, string][] = [
				...c.action.fields.map((name, i): [string, string] => [name, c.values[i] ?? '']),
				...c.names.map((name, i): [string, string] => [name, c.values[9 - i] ?? ''])
			];
			const boundary = 'fuzzBoundary7';
			let body: Buffer;
			let type: string;
			if (c.encoding === 'urlencoded') {
				body = Buffer.from(urlEncoded(fields));
				type = 'application/x-www-form-urlencoded';
			} else if (c.encoding.startsWith('multipart')) {
				body = Buffer.from(multipart(fields, boundary, c.encoding === 'multipart-file'));
				type = `multipart/form-data; boundary=${boundary}`;
			} else if (c.encoding === 'json') {
				body = Buffer.from(JSON.stringify(Object.fromEntries(fields)));
				type = 'application/json';
			} else {
				body = Buffer.from(c.raw);
				type = 'application/x-www-form-urlencoded';
			}
			if (c.cut !== null && body.length > 0) body = body.subarray(0, c.cut % body.length);
			const headers: Record<string, string> = { 'content-type': c.contentType ?? type };
			if (c.origin === 'same') headers.origin = options.serverUrl;
			if (c.origin === 'evil') headers.origin = 'https://evil.example';
			if (c.enhance) {
				headers.accept = 'application/json';
				headers['x-sveltekit-action'] = 'true';
			}
			if (c.cookie === 'session' || c.action.session) headers.cookie = options.facilitatorCookie;
			else if (c.cookie) headers.cookie = c.cookie;
			return { method: 'POST' as const, path: c.action.path, headers, body };
		});
}

/**
 * GETs of the export routes (a workshop's report, a network's archive) with any query string:
 * formats, languages, filters, repeats, prototype names and junk.
 */
export function exportRequestArb(options: {
	/** Route paths without the query, e.g. /facilitator/w/<id>/export. */
	paths: string[];
	facilitatorCookie: string;
}): fc.Arbitrary<FuzzRequest> {
	const param = fc.tuple(
		fc.constantFrom('format', 'lang', 'anonymise', 'kind', 'locality', 'year', 'format[]', ''),
		fc.oneof(
			fc.constantFrom(
				'md',
				'csv',
				'json',
				'toString',
				'__proto__',
				'constructor',
				'hasOwnProperty',
				'fi',
				'sv',
				'en',
				'1',
				'overview',
				'locality',
				'Kuopio',
				'2026',
				'%',
				'%ZZ',
				'\u0000'
			),
			fc.string({ maxLength: 20 })
		)
	);
	return fc
		.record({
			params: fc.array(param, { minLength: 1, maxLength: 4 }),
			encode: fc.boolean(),
			path: fc.oneof(
				{ arbitrary: fc.constantFrom(...options.paths), weight: 6 },
				{
					arbitrary: fc
						.string({ maxLength: 30 })
						.map((id) => `/facilitator/w/${encodeURIComponent(id)}/export`),
					weight: 1
				}
			)
		})
		.map(({ params, encode, path }) => {
			const query = params
				.map(([k, v]) => (encode ? new URLSearchParams([[k, v]]).toString() : `${k}=${v}`))
				.join('&');
			return {
				method: 'GET' as const,
				path: `${path}?${query.replace(/[\s#]/g, '')}`,
				headers: { cookie: options.facilitatorCookie }
			};
		});
}
