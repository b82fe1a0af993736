import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startRajapinta, type RunningServer } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { UserId } from '#shared/model/ids.ts';
import { newStore, seedWorkshop, type TestStore } from './harness.ts';

/** The server's API rate limit in this file, low so the last test reaches it quickly. */
const API_RATE_LIMIT = 60;
const WHAT = 'Työkierto TE-toimiston ja sosiaalipalvelujen välillä';

/**
 * The JSON API (issue 6) over HTTP on a real server with SvelteKit's routes: a member makes a
 * token on the network's page; the token reads the network's shared workshops, commitments and
 * exports; another network's workshop is 404 like a missing one; a revoked token is refused; the
 * rate limit answers 429. API tokens are stored rows; the store contract (AC1) covers both kinds.
 */
describe('JSON API v1 with API tokens', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let otherWorkshop: WorkshopRecord;
	let cookie: string;
	let networkId: string;
	let secret: string;

	const post = async (path: string, fields: Record<string, string>, asCookie: string) => {
		const response = await fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: {
				cookie: asCookie,
				origin: server.url,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
		const body = (await response.json()) as { type: string; status?: number; data?: string };
		return { status: response.status, ...body };
	};
	const api = (path: string, token: string | null = secret) =>
		fetch(`${server.url}/api/v1${path}`, {
			headers: token ? { authorization: `Bearer ${token}` } : {}
		});
	const agreedCommitment = async (w: WorkshopRecord, what: string) => {
		const actor = { kind: 'user', userId: w.createdBy as UserId } as const;
		const made = await server.services.commitments.propose({
			actor,
			workshopId: w.id,
			table: null,
			input: {
				what,
				ownerActorType: 'employment_office',
				due: '2027-01-31',
				firstStep: '=SUM(A1) stays text',
				namedPerson: '',
				namedPersonConsent: false
			}
		});
		await server.services.commitments.setAgreed({
			actor,
			workshopId: w.id,
			id: made.id,
			agreed: true
		});
	};

	beforeAll(async () => {
		store = newStore('embedded');
		vite = await createServer({
			configFile: 'vite.config.ts',
			server: { middlewareMode: true, hmr: false, ws: false },
			appType: 'custom',
			logLevel: 'silent'
		});
		server = await startRajapinta({
			config: loadConfig({
				PORT: '0',
				HOST: '127.0.0.1',
				SEED_DEMO: 'false',
				LOG_LEVEL: 'quiet',
				RETENTION_JOB: 'false',
				API_RATE_LIMIT: String(API_RATE_LIMIT),
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		const { networks } = server.services;
		({ workshop, facilitatorCookie: cookie } = await seedWorkshop(server.services));
		await agreedCommitment(workshop, WHAT);
		networkId = (await networks.create(workshop.createdBy as UserId, 'Savon verkosto')).id;
		await networks.setShared({
			userId: workshop.createdBy as UserId,
			workshopId: workshop.id,
			networkId,
			shared: true
		});
		// Another facilitator's workshop, shared with their own network only.
		({ workshop: otherWorkshop } = await seedWorkshop(server.services));
		await agreedCommitment(otherWorkshop, 'Toisen verkoston salainen sitoumus');
		const otherNetwork = await networks.create(otherWorkshop.createdBy as UserId, 'Toinen');
		await networks.setShared({
			userId: otherWorkshop.createdBy as UserId,
			workshopId: otherWorkshop.id,
			networkId: otherNetwork.id,
			shared: true
		});
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	it('a member makes a named token on the network page; it is shown once and stored hashed', async () => {
		const page = await fetch(`${server.url}/facilitator/networks/${networkId}/api-tokens`, {
			headers: { cookie }
		});
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('/api/v1/openapi.json');
		const made = await post(
			`/facilitator/networks/${networkId}/api-tokens?/create`,
			{ name: 'Kunnan raportointi' },
			cookie
		);
		expect(made.type).toBe('success');
		secret = /rpat_[A-Za-z0-9_-]{43}/.exec(made.data ?? '')![0];
		const [stored] = await server.services.storage.apiTokens.listActive(networkId);
		expect(stored.name).toBe('Kunnan raportointi');
		expect(stored.tokenHash).not.toContain(secret);
		expect(JSON.stringify(stored)).not.toContain(secret.slice(5));
		// The page lists it by name, never its secret.
		const listed = await (
			await fetch(`${server.url}/facilitator/networks/${networkId}/api-tokens`, {
				headers: { cookie }
			})
		).text();
		expect(listed).toContain('Kunnan raportointi');
		expect(listed).not.toContain(secret);
		const empty = await post(
			`/facilitator/networks/${networkId}/api-tokens?/create`,
			{ name: ' ' },
			cookie
		);
		expect(empty).toMatchObject({ type: 'failure', status: 400 });
		expect(empty.data).toContain('name_required');
	});

	it('the token reads the shared workshops, one report, its commitments and the locality', async () => {
		const list = await api('/workshops');
		expect(list.status).toBe(200);
		expect(list.headers.get('content-type')).toContain('application/json');
		expect(list.headers.get('cache-control')).toBe('private, no-store');
		const { workshops } = (await list.json()) as { workshops: { id: string }[] };
		expect(workshops.map((w) => w.id)).toEqual([workshop.id]);
		expect(
			((await (await api('/workshops?locality=Oulu')).json()) as { workshops: [] }).workshops
		).toEqual([]);
		expect((await api('/workshops?year=20x6')).status).toBe(400);

		const report = (await (await api(`/workshops/${workshop.id}`)).json()) as {
			kind: string;
			commitments: { what: string }[];
		};
		expect(report.kind).toBe('workshop');
		expect(report.commitments.map((c) => c.what)).toEqual([WHAT]);

		const commitments = (await (await api(`/workshops/${workshop.id}/commitments`)).json()) as {
			commitments: { what: string; status: string }[];
		};
		expect(commitments.commitments).toMatchObject([{ what: WHAT, status: 'not_started' }]);

		const locality = (await (
			await api(`/localities/${encodeURIComponent(workshop.locality)}/commitments`)
		).json()) as { kind: string; commitments: { what: string }[] };
		expect(locality.kind).toBe('locality');
		expect(locality.commitments.map((c) => c.what)).toEqual([WHAT]);
	});

	it('the bodies validate against the OpenAPI document the app serves', async () => {
		const served = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(served.status).toBe(200);
		const doc = (await served.json()) as { openapi: string; components: unknown };
		expect(doc.openapi).toBe('3.1.0');
		const ajv = new Ajv2020({ strict: false });
		addFormats.default(ajv);
		ajv.addSchema({ $id: 'https://rajapinta.invalid/doc', components: doc.components });
		const check = (name: string, body: unknown) => {
			const validate = ajv.getSchema(`https://rajapinta.invalid/doc#/components/schemas/${name}`)!;
			expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
		};
		check('WorkshopList', await (await api('/workshops')).json());
		check('WorkshopReport', await (await api(`/workshops/${workshop.id}`)).json());
		check('WorkshopCommitments', await (await api(`/workshops/${workshop.id}/commitments`)).json());
		check('LocalityReport', await (await api('/localities/Kuopio/commitments')).json());
		check('Error', await (await api('/workshops/nope')).json());
	});

	it('exports the workshop in a chosen format; an unknown format is a JSON 400', async () => {
		const csv = await api(`/workshops/${workshop.id}/export?format=csv&lang=sv`);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
		expect(await csv.text()).toContain(WHAT);
		const pdf = await api(`/workshops/${workshop.id}/export?format=pdf`);
		expect(pdf.status).toBe(200);
		expect(new Uint8Array(await pdf.arrayBuffer()).subarray(0, 4)).toEqual(
			new TextEncoder().encode('%PDF')
		);
		const bad = await api(`/workshops/${workshop.id}/export?format=exe`);
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: { code: 'invalid_payload' } });
	});

	it("another network's workshop is 404, exactly like one that does not exist", async () => {
		for (const path of [
			`/workshops/${otherWorkshop.id}`,
			`/workshops/${otherWorkshop.id}/commitments`,
			`/workshops/${otherWorkshop.id}/export?format=json`
		]) {
			const response = await api(path);
			expect(response.status).toBe(404);
			const body = await response.text();
			expect(body).not.toContain('salainen');
			const missing = await api(path.replace(otherWorkshop.id, 'no-such-workshop-id'));
			expect(missing.status).toBe(404);
			expect(await missing.text()).toBe(body);
		}
		const locality = (await (await api('/localities/Kuopio/commitments')).json()) as {
			commitments: { what: string }[];
		};
		expect(locality.commitments.map((c) => c.what)).not.toContain(
			'Toisen verkoston salainen sitoumus'
		);
		const unknown = await api('/nothing/here');
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
	});

	it('no token or a wrong one is a JSON 401 with WWW-Authenticate', async () => {
		for (const token of [null, 'rpat_' + 'x'.repeat(43), 'not a token']) {
			const response = await api('/workshops', token);
			expect(response.status).toBe(401);
			expect(response.headers.get('www-authenticate')).toContain('Bearer');
			expect(await response.json()).toMatchObject({ error: { code: 'unauthorised' } });
		}
	});

	it('records the last use; a non-member cannot see or revoke tokens; a revoked token is refused', async () => {
		const [stored] = await server.services.storage.apiTokens.listActive(networkId);
		expect(stored.lastUsedAt).not.toBeNull();
		const outsider = await server.services.accounts.signUp({
			email: 'ulkopuolinen-api@example.fi',
			password: 'correct horse battery',
			displayName: 'Ulkopuolinen'
		});
		const outsiderCookie = `rp_session=${outsider.token}`;
		const page = await fetch(`${server.url}/facilitator/networks/${networkId}/api-tokens`, {
			headers: { cookie: outsiderCookie }
		});
		expect(page.status).toBe(404);
		const refused = await post(
			`/facilitator/networks/${networkId}/api-tokens?/revoke`,
			{ token: stored.id },
			outsiderCookie
		);
		expect(refused.status).toBe(404);
		expect((await api('/workshops')).status).toBe(200);

		const revoked = await post(
			`/facilitator/networks/${networkId}/api-tokens?/revoke`,
			{ token: stored.id },
			cookie
		);
		expect(revoked.type).toBe('success');
		const after = await api('/workshops');
		expect(after.status).toBe(401);
		expect(await server.services.storage.apiTokens.listActive(networkId)).toEqual([]);
	});

	it('answers 429 with Retry-After past the rate limit', async () => {
		let limited: Response | null = null;
		for (let i = 0; i <= API_RATE_LIMIT && !limited; i++) {
			const response = await api('/workshops', null);
			if (response.status === 429) limited = response;
			else await response.arrayBuffer();
		}
		expect(limited).not.toBeNull();
		expect(limited!.headers.get('retry-after')).toBe('60');
		expect(await limited!.json()).toMatchObject({ error: { code: 'rate_limited' } });
	});
});
