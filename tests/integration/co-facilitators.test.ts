import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { RunningServer } from '#server/app.ts';
import { startRajapinta } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { formatJoinCode } from '#shared/model/ids.ts';
import { newStore, seedWorkshop, type TestStore } from './harness.ts';

/**
 * Co-facilitators and the printable join sheet (issue 4) through the real SvelteKit routes: only
 * the owner invites, by the e-mail of an existing account; the invited facilitator then sees and
 * drives the workshop. Access is decided by the same storage rows for both stores, so one kind
 * covers the routes (the storage contract covers listFacilitators on both).
 */
describe('co-facilitator invite and join sheet', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let ownerCookie: string;
	let coCookie: string;
	let coEmail: string;
	let outsiderCookie: string;

	const signUp = async (name: string) => {
		const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.fi`;
		const session = await server.services.accounts.signUp({
			email,
			password: 'correct horse battery',
			displayName: name
		});
		return { email, cookie: `rp_session=${session.token}`, id: session.user.id };
	};
	const get = (path: string, cookie: string) =>
		fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
	const invite = async (email: string, cookie: string, workshopId: string = workshop.id) => {
		const response = await fetch(`${server.url}/facilitator/w/${workshopId}?/invite`, {
			method: 'POST',
			headers: {
				cookie,
				origin: server.url,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ email }),
			redirect: 'manual'
		});
		const body = (await response.json()) as { type: string; status?: number; data?: string };
		return { httpStatus: response.status, ...body };
	};
	const roles = async () =>
		(await server.services.workshops.facilitators(workshop.id)).map((f) => [f.email, f.role]);

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
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		({ workshop, facilitatorCookie: ownerCookie } = await seedWorkshop(server.services, {
			tableCount: 3
		}));
		const co = await signUp('Kanssafasilitoija');
		coCookie = co.cookie;
		coEmail = co.email;
		outsiderCookie = (await signUp('Ulkopuolinen')).cookie;
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	it('refuses an unknown e-mail and a malformed one, and adds nobody', async () => {
		const before = await roles();
		const unknown = await invite('nobody-here@example.fi', ownerCookie);
		expect(unknown).toMatchObject({ type: 'failure', status: 404 });
		expect(unknown.data).toContain('unknown');
		const malformed = await invite('not an address', ownerCookie);
		expect(malformed).toMatchObject({ type: 'failure', status: 400 });
		expect(malformed.data).toContain('invalid');
		const tooLong = await invite(`${'a'.repeat(300)}@example.fi`, ownerCookie);
		expect(tooLong).toMatchObject({ type: 'failure', status: 400 });
		expect(await roles()).toEqual(before);
	});

	it('lets a stranger neither invite nor open the console or the sheet', async () => {
		const refused = await invite(coEmail, outsiderCookie);
		expect(refused.type).toBe('error');
		expect(refused.httpStatus).toBe(403);
		expect((await get(`/facilitator/w/${workshop.id}`, outsiderCookie)).status).toBe(403);
		expect((await get(`/facilitator/w/${workshop.id}/print`, outsiderCookie)).status).toBe(403);
		expect((await get('/facilitator/w/nosuchworkshop1/print', ownerCookie)).status).toBe(404);
		expect(await roles()).toHaveLength(1);
	});

	it('the owner adds a co-facilitator by e-mail, who then sees and opens the workshop', async () => {
		// Typed with capitals: accounts are found by the lower-cased address.
		const added = await invite(coEmail.toUpperCase(), ownerCookie);
		expect(added.type).toBe('success');
		expect(added.data).toContain('Kanssafasilitoija');
		expect(await roles()).toEqual([
			[expect.stringMatching(/@example\.fi$/), 'owner'],
			[coEmail, 'co_facilitator']
		]);

		const dashboard = await get('/facilitator', coCookie);
		expect(dashboard.status).toBe(200);
		expect(await dashboard.text()).toContain(workshop.title);
		const console = await get(`/facilitator/w/${workshop.id}`, coCookie);
		expect(console.status).toBe(200);
		expect(await console.text()).toContain(coEmail);

		const again = await invite(coEmail, ownerCookie);
		expect(again).toMatchObject({ type: 'failure', status: 409 });
		expect(again.data).toContain('already');
	});

	it('a co-facilitator cannot invite: the server checks, not only the hidden form', async () => {
		const third = await signUp('Kolmas');
		const refused = await invite(third.email, coCookie);
		expect(refused).toMatchObject({ type: 'failure', status: 403 });
		expect(refused.data).toContain('owner_only');
		expect(await roles()).toHaveLength(2);
		const page = await (await get(`/facilitator/w/${workshop.id}`, coCookie)).text();
		expect(page).not.toContain('data-testid="invite-email"');
	});

	it('counts invites against the sign-in budget, so addresses cannot be probed here', async () => {
		let status: number | undefined;
		for (let attempt = 0; attempt < 40 && status !== 429; attempt++) {
			({ status } = await invite(`probe${attempt}@example.fi`, ownerCookie));
		}
		expect(status).toBe(429);
		const limited = await invite(`probe-last@example.fi`, ownerCookie);
		expect(limited.data).toContain('rate_limited');
	});

	it('the print page shows the code, an accessible QR code and one card per table', async () => {
		const response = await get(`/facilitator/w/${workshop.id}/print`, coCookie);
		expect(response.status).toBe(200);
		const html = await response.text();
		const code = formatJoinCode(workshop.joinCode);
		expect(html).toContain(`data-testid="sheet-code">${code}<`);
		expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="[^"]*\/join\?code=/);
		expect(html.match(/data-testid="table-card"/g)).toHaveLength(3);
		// Both national languages on the sheet, marked as such for screen readers.
		expect(html).toContain('lang="fi"');
		expect(html).toContain('lang="sv"');
	});
});
