import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { RunningServer } from '#server/app.ts';
import { startRajapinta } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { UserId } from '#shared/model/ids.ts';
import { newStore, seedWorkshop, type TestStore } from './harness.ts';

/**
 * Read-only share links (issue 6) on a real server: a network member makes a link to a shared
 * workshop, anybody holding it reads the commitments without an account until it expires; an
 * expired link is refused with 410, a forged or revoked one with 404. A member revokes one link
 * on the workshop's share page. The store contract (AC2) covers both store kinds.
 */
describe('read-only share links', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	let networkId: string;
	const WHAT = 'Yhteinen neuvontapiste kirjastoon';

	const post = async (path: string, fields: Record<string, string>, cookie: string) => {
		const response = await fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: {
				cookie,
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
	const get = (path: string, cookie?: string) =>
		fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
	const createLink = (cookie: string, fields: Record<string, string> = {}) =>
		post(
			`/facilitator/networks/${networkId}/share?/create`,
			{ workshop: workshop.id, days: '30', ...fields },
			cookie
		);
	const pathOf = (data: string | undefined) =>
		/\/share\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(data ?? '')?.[0];

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
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
		const owner = workshop.createdBy as UserId;
		const { commitments, networks } = server.services;
		const commitment = await commitments.propose({
			actor: { kind: 'user', userId: owner },
			workshopId: workshop.id,
			table: null,
			input: {
				what: WHAT,
				ownerActorType: 'employment_office',
				due: '',
				firstStep: '',
				namedPerson: '',
				namedPersonConsent: false
			}
		});
		await commitments.setAgreed({
			actor: { kind: 'user', userId: owner },
			workshopId: workshop.id,
			id: commitment.id,
			agreed: true
		});
		networkId = (await networks.create(owner, 'Savon verkosto')).id;
		await networks.setShared({ userId: owner, workshopId: workshop.id, networkId, shared: true });
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	it('a member makes a link; anybody without an account reads the workshop through it', async () => {
		const form = await get(
			`/facilitator/networks/${networkId}/share?workshop=${workshop.id}`,
			facilitatorCookie
		);
		expect(form.status).toBe(200);
		const created = await createLink(facilitatorCookie);
		expect(created.type).toBe('success');
		const path = pathOf(created.data);
		expect(path).toBeDefined();
		const page = await get(path!);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('private, no-store');
		expect(await page.text()).toContain(WHAT);
	});

	it('refuses an expired link with 410 and shows nothing of the workshop', async () => {
		const token = server.services.shareLinks.sign({
			linkId: 'expired-link',
			networkId,
			workshopId: workshop.id,
			expiresAt: Date.now() - 1000
		});
		const page = await get(`/share/${token}`);
		expect(page.status).toBe(410);
		expect(await page.text()).not.toContain(WHAT);
	});

	it('refuses a forged link, a link made by a non-member, and an invalid validity', async () => {
		const token = server.services.shareLinks.sign({
			linkId: 'never-stored',
			networkId,
			workshopId: workshop.id,
			expiresAt: Date.now() + 60_000
		});
		// Genuine signature, but no stored link: refused.
		expect((await get(`/share/${token}`)).status).toBe(404);
		// A later expiry with the old signature: the MAC no longer matches.
		const [body, mac] = token.split('.');
		const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { e: number };
		const forged = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 86_400_000 })).toString(
			'base64url'
		);
		expect((await get(`/share/${forged}.${mac}`)).status).toBe(404);
		expect((await get('/share/not-a-token')).status).toBe(404);

		const outsider = await server.services.accounts.signUp({
			email: 'ulkopuolinen@example.fi',
			password: 'correct horse battery',
			displayName: 'Ulkopuolinen'
		});
		const refused = await createLink(`rp_session=${outsider.token}`);
		expect(refused.status).toBe(404);
		const tooLong = await createLink(facilitatorCookie, { days: '365' });
		expect(tooLong).toMatchObject({ type: 'failure', status: 400 });
		expect(tooLong.data).toContain('days_invalid');
	});

	it('a member lists the active links and revokes one; it is refused, the other still opens', async () => {
		const first = pathOf((await createLink(facilitatorCookie, { days: '7' })).data)!;
		const second = pathOf((await createLink(facilitatorCookie, { days: '90' })).data)!;
		const listed = await server.services.shareLinks.list({
			userId: workshop.createdBy as UserId,
			networkId,
			workshopId: workshop.id
		});
		const firstListed = listed.find((link) => first.endsWith(link.token));
		expect(firstListed).toBeDefined();
		expect(listed.some((link) => second.endsWith(link.token))).toBe(true);
		// The share page lists them too, with their addresses to copy again.
		const page = await get(
			`/facilitator/networks/${networkId}/share?workshop=${workshop.id}`,
			facilitatorCookie
		);
		const html = await page.text();
		expect(html).toContain(first);
		expect(html).toContain(second);

		const outsider = await server.services.accounts.signUp({
			email: 'toinen-ulkopuolinen@example.fi',
			password: 'correct horse battery',
			displayName: 'Ulkopuolinen'
		});
		const refused = await post(
			`/facilitator/networks/${networkId}/share?/revoke`,
			{ link: firstListed!.id },
			`rp_session=${outsider.token}`
		);
		expect(refused.status).toBe(404);
		expect((await get(first)).status).toBe(200);

		const revoked = await post(
			`/facilitator/networks/${networkId}/share?/revoke`,
			{ link: firstListed!.id },
			facilitatorCookie
		);
		expect(revoked.type).toBe('success');
		expect(revoked.data).toContain('true');
		const refusedPage = await get(first);
		expect(refusedPage.status).toBe(404);
		expect(await refusedPage.text()).not.toContain(WHAT);
		expect((await get(second)).status).toBe(200);
		const again = await server.services.shareLinks.list({
			userId: workshop.createdBy as UserId,
			networkId,
			workshopId: workshop.id
		});
		expect(again.map((link) => link.id)).not.toContain(firstListed!.id);
	});

	it('an old link, signed before links were stored, still opens and can then be revoked', async () => {
		// Signed as 504e390 signed links (no stored row, no link id), with the server's own secret.
		const secret = await server.services.storage.settings.getOrCreate(
			'participant_token_secret',
			'not-this-one'
		);
		const key = createHmac('sha256', secret).update('rajapinta:share-link').digest();
		const oldLink = (expiresAt: number) => {
			const body = Buffer.from(
				JSON.stringify({ n: networkId, w: workshop.id, e: expiresAt })
			).toString('base64url');
			return `/share/${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
		};
		const path = oldLink(Date.now() + 20 * 86_400_000);
		const page = await get(path);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain(WHAT);
		// Opening it stored it: listed with the others, once however often it opens.
		expect((await get(path)).status).toBe(200);
		const listed = await server.services.shareLinks.list({
			userId: workshop.createdBy as UserId,
			networkId,
			workshopId: workshop.id
		});
		const old = listed.filter((link) => link.id.startsWith('old-'));
		expect(old).toHaveLength(1);
		expect((await get(`/share/${old[0].token}`)).status).toBe(200);
		// An expired old link is refused as expired; a tampered one as unknown.
		expect((await get(oldLink(Date.now() - 1000))).status).toBe(410);
		const tampered = `${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`;
		expect((await get(tampered)).status).toBe(404);

		const revoked = await post(
			`/facilitator/networks/${networkId}/share?/revoke`,
			{ link: old[0].id },
			facilitatorCookie
		);
		expect(revoked.type).toBe('success');
		const refused = await get(path);
		expect(refused.status).toBe(404);
		expect(await refused.text()).not.toContain(WHAT);
	});

	it('unsharing the workshop revokes its links', async () => {
		const created = await createLink(facilitatorCookie, { days: '7' });
		const path = pathOf(created.data)!;
		expect((await get(path)).status).toBe(200);
		await server.services.networks.setShared({
			userId: workshop.createdBy as UserId,
			workshopId: workshop.id,
			networkId,
			shared: false
		});
		expect((await get(path)).status).toBe(404);
	});
});
