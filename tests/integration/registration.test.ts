import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { PARTICIPANT_COOKIE } from '#server/auth/tokens.ts';
import type { RunningServer } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { startRajapinta } from '#server/app.ts';
import { pdfText } from '#server/exports/fixtures/read.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { hashPersonalCode, hashRegistrationToken } from '#server/registrations/personal-code.ts';
import type { RegistrationToken } from '#shared/model/registration.ts';
import { newStore, seedWorkshop, type TestStore } from './harness.ts';

/**
 * Registration before the day over HTTP, on the real server with SvelteKit served by Vite in
 * middleware mode: a facilitator opens registration and asks a question, people register at
 * /r/<code>, and on the day their own link or code seats them as who they registered as.
 */
describe('registration before the day', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	let code: string;
	/** Only a hash of each link's token is stored: the test keeps the tokens it was given. */
	const issuedTokens: RegistrationToken[] = [];
	let asaToken: RegistrationToken;

	const post = (path: string, fields: Record<string, string>, cookie = '') =>
		fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: {
				cookie,
				origin: server.url,
				// A browser's plain form post: SvelteKit answers with a page or a redirect, not JSON.
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
	const get = (path: string, cookie = '') =>
		fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
	const facilitatorPage = `/registration`;
	const registrationPath = () => `/facilitator/w/${workshop.id}${facilitatorPage}`;
	const participantCookie = (response: Response) => {
		const cookie = response.headers
			.getSetCookie()
			.find((line) => line.startsWith(`${PARTICIPANT_COOKIE}=`));
		return cookie?.split(';')[0] ?? null;
	};
	const register = async (fields: Record<string, string>) => {
		const questionId = (await server.services.storage.registrations.settings(workshop.id))!
			.questions[0].id;
		const { answer, ...rest } = fields;
		return post(`/r/${code}`, {
			organisation: 'Kuopion kaupunki',
			actorType: 'social_services',
			language: 'sv',
			...rest,
			...(answer === undefined ? {} : { [`answer-${questionId}`]: answer })
		});
	};
	/** The personal code the registration response hands to the person's page, shown once there. */
	const codeCookieOf = (response: Response) => {
		const line = response.headers
			.getSetCookie()
			.find((cookie) => cookie.startsWith('rajapinta_new_code='));
		expect(line, 'no code cookie').toBeDefined();
		expect(line).toMatch(/HttpOnly/i);
		expect(line).toMatch(/Path=\/p\/[A-Za-z0-9_-]{32}/);
		return line!.split(';')[0];
	};
	const tokenOf = (response: Response) => {
		const match = /^\/p\/([A-Za-z0-9_-]{32})\?new=1$/.exec(response.headers.get('location') ?? '');
		expect(match, response.headers.get('location') ?? 'no location').not.toBeNull();
		issuedTokens.push(match![1] as RegistrationToken);
		return match![1] as RegistrationToken;
	};
	/** Every byte the store has written (the SQLite file, its WAL), as text to search. */
	const storedBytes = () =>
		readdirSync(store.env.DATA_DIR, { recursive: true, withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1'))
			.join('\n');

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
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 3 }));
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	it('is closed until the facilitator opens it; then the link shows the question', async () => {
		expect((await get(registrationPath(), facilitatorCookie)).status).toBe(200);
		// Somebody who is not the workshop's facilitator cannot open it.
		const stranger = await post(`${registrationPath()}?/open`, {});
		expect(stranger.status).toBe(303);
		expect(stranger.headers.get('location')).toBe('/facilitator/sign-in');
		expect(await server.services.storage.registrations.settings(workshop.id)).toBeNull();

		expect((await post(`${registrationPath()}?/open`, {}, facilitatorCookie)).status).toBe(200);
		const added = await post(
			`${registrationPath()}?/addQuestion`,
			{ questionFi: 'Mikä asiakkaan polussa toimii?', questionSv: '', questionEn: '' },
			facilitatorCookie
		);
		expect(added.status).toBe(200);
		const settings = await server.services.storage.registrations.settings(workshop.id);
		expect(settings?.open).toBe(true);
		code = settings!.code;
		expect(code).toMatch(/^[A-Za-z0-9_-]{21}$/);
		const page = await (await get(`/r/${code}`)).text();
		expect(page).toContain('Mikä asiakkaan polussa toimii?');
		expect(page).toContain('Testipaja');
	});

	it('registers a person and gives them their own link and code, validated and capped', async () => {
		const refused = await register({ displayName: '', answer: 'x'.repeat(2001) });
		expect(refused.status).toBe(400);
		expect(await server.services.storage.registrations.listByWorkshop(workshop.id)).toEqual([]);

		const response = await register({
			displayName: 'Åsa Öhman',
			answer: 'Yhteinen asiakassuunnitelma',
			nameWithAnswers: 'yes'
		});
		expect(response.status).toBe(303);
		const token = tokenOf(response);
		asaToken = token;
		const [stored] = await server.services.storage.registrations.listByWorkshop(workshop.id);
		expect(stored).toMatchObject({
			tokenHash: hashRegistrationToken(token),
			displayName: 'Åsa Öhman',
			organisation: 'Kuopion kaupunki',
			actorType: 'social_services',
			language: 'sv',
			nameWithAnswers: true,
			participantId: null
		});
		// Only a hash of the code is stored: nothing in the row is the code.
		const codeCookie = codeCookieOf(response);
		const personalCode = codeCookie.split('=')[1];
		expect(personalCode).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
		expect(stored.personalCodeHash).toBe(hashPersonalCode(personalCode));
		expect(JSON.stringify(stored)).not.toContain(personalCode);
		// Nor is the link's token: neither the row nor any byte the store wrote holds it.
		expect(JSON.stringify(stored)).not.toContain(token);
		expect(storedBytes()).toContain(hashRegistrationToken(token));
		expect(storedBytes()).not.toContain(token);
		const own = await get(`/p/${token}?new=1`, codeCookie);
		expect(own.status).toBe(200);
		expect(own.headers.get('cache-control')).toBe('private, no-store');
		// The page shows the code once and deletes the cookie that brought it.
		expect(own.headers.getSetCookie().some((line) => /^rajapinta_new_code=;/.test(line))).toBe(
			true
		);
		const html = await own.text();
		const shown = `${personalCode.slice(0, 5)}-${personalCode.slice(5)}`;
		expect(html).toContain(shown);
		expect(html).toContain(`/p/${token}`);
		expect(html).toContain('Yhteinen asiakassuunnitelma');
		const later = await (await get(`/p/${token}`)).text();
		expect(later).not.toContain(shown);
		expect(later).toContain('Ota uusi koodi');
	});

	it('issues a new personal code on the own page; the old code stops working', async () => {
		const response = await register({ displayName: 'Koodi Hukassa', actorType: 'education' });
		const token = tokenOf(response);
		const oldCode = codeCookieOf(response).split('=')[1];
		const before = await server.services.registrations.byToken(token);
		expect((await server.services.registrations.byPersonalCode(oldCode))?.id).toBe(before!.id);

		const reissued = await post(`/p/${token}?/reissue`, {});
		expect(reissued.status).toBe(200);
		const html = await reissued.text();
		const match =
			/data-testid="registration-code"[^>]*>([2-9A-HJ-NP-Z]{5})-([2-9A-HJ-NP-Z]{5})</.exec(html);
		expect(match, 'new code on the page').not.toBeNull();
		const newCode = match![1] + match![2];
		expect(newCode).not.toBe(oldCode);
		const after = await server.services.registrations.byToken(token);
		expect(after!.personalCodeHash).toBe(hashPersonalCode(newCode));
		expect(await server.services.registrations.byPersonalCode(oldCode)).toBeNull();
		expect((await server.services.registrations.byPersonalCode(newCode))?.id).toBe(before!.id);
		// An unknown link issues nothing.
		expect((await post(`/p/${'x'.repeat(32)}?/reissue`, {})).status).toBe(404);
		await server.services.registrations.deleteOwn(after!);
	});

	it('seats the registered person with their own link, once, and recognises them on a second device', async () => {
		const first = await post(`/p/${asaToken}?/join`, {});
		expect(first.status).toBe(303);
		expect(first.headers.get('location')).toBe(`/w/${workshop.id}/table`);
		const cookie = participantCookie(first);
		expect(cookie).not.toBeNull();
		const claims = server.services.tokens.verify(cookie!.split('=')[1]);
		const participant = await server.services.storage.participants.findById(claims!.participantId);
		expect(participant).toMatchObject({
			workshopId: workshop.id,
			displayName: 'Åsa Öhman',
			organisation: 'Kuopion kaupunki',
			actorType: 'social_services'
		});
		expect(
			first.headers.getSetCookie().some((line) => line.startsWith('PARAGLIDE_LOCALE=sv'))
		).toBe(true);

		// Her own view of her personal data includes what she gave when registering.
		const own = await (await get(`/w/${workshop.id}/privacy`, cookie!)).text();
		expect(own).toContain('Ilmoittautumisesi ennen päivää');
		expect(own).toContain('Yhteinen asiakassuunnitelma');

		const second = await post(`/p/${asaToken}?/join`, {});
		const again = server.services.tokens.verify(participantCookie(second)!.split('=')[1]);
		expect(again?.participantId).toBe(participant!.id);
		expect(await server.services.storage.participants.listByWorkshop(workshop.id)).toHaveLength(1);
		const linked = await server.services.registrations.byToken(asaToken);
		expect(linked?.participantId).toBe(participant!.id);
	});

	it('seats a registered person by their short code on /join; walk-ins join as before', async () => {
		const registered = await register({
			displayName: 'Pekka Virtanen',
			actorType: 'ngo',
			answer: 'Kyydit'
		});
		const personalCode = codeCookieOf(registered).split('=')[1];
		const typed = `${personalCode.slice(0, 5).toLowerCase()}-${personalCode.slice(5)}`;
		const joined = await post('/join', { code: typed });
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe(`/w/${workshop.id}/table`);
		const wrong = await post('/join', { code: 'ABCDE-23456' });
		expect(wrong.status).toBe(400);

		const walkIn = await post('/join', {
			code: workshop.joinCode,
			displayName: '',
			organisation: 'TE-toimisto',
			actorType: 'employment_office'
		});
		expect(walkIn.status).toBe(303);
		const seated = await server.services.storage.participants.listByWorkshop(workshop.id);
		expect(seated.map((p) => p.displayName)).toEqual(['Åsa Öhman', 'Pekka Virtanen', null]);
		// The mixer placed the three at three different tables.
		expect(new Set(seated.map((p) => p.table)).size).toBe(3);
	});

	it('shows the facilitator who has not arrived, answers named only with permission, and lists only arrivals for attendance', async () => {
		await register({
			displayName: 'Ei Saapunut',
			actorType: 'education',
			answer: 'Nimetön vastaus'
		});
		const html = await (await get(registrationPath(), facilitatorCookie)).text();
		expect(html).toContain('Ei vielä saapunut');
		expect(html).toContain('Yhteinen asiakassuunnitelma');
		expect(html).toContain('– Åsa Öhman');
		expect(html).toContain('Kyydit');
		expect(html).not.toContain('– Pekka Virtanen');
		expect(html).not.toContain('– Ei Saapunut');
		const overview = await server.services.registrations.overview(
			(await server.services.workshops.facilitators(workshop.id))[0].userId,
			workshop.id
		);
		expect(overview.registrants.map((r) => [r.displayName, r.arrived])).toEqual([
			['Åsa Öhman', true],
			['Pekka Virtanen', true],
			['Ei Saapunut', false]
		]);

		const csv = await (
			await get(`/facilitator/w/${workshop.id}/attendance`, facilitatorCookie)
		).text();
		expect(csv).toContain('Åsa Öhman');
		expect(csv).toContain('Pekka Virtanen');
		expect(csv).not.toContain('Ei Saapunut');
		const pdf = await get(`/facilitator/w/${workshop.id}/attendance?format=pdf`, facilitatorCookie);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		const printed = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
		expect(printed).toContain('Åsa Öhman');
		expect(printed).not.toContain('Ei Saapunut');
	});

	it('lets a person delete their own registration, and refuses new ones once closed', async () => {
		const token = tokenOf(await register({ displayName: 'Poistuva Henkilö' }));
		expect((await post(`/p/${token}?/delete`, {})).status).toBe(400);
		expect((await post(`/p/${token}?/delete`, { confirm: 'yes' })).status).toBe(200);
		expect(await server.services.registrations.byToken(token)).toBeNull();
		expect(await (await get(`/p/${token}`)).text()).toContain('Ilmoittautumista ei löydy');

		expect((await post(`${registrationPath()}?/close`, {}, facilitatorCookie)).status).toBe(200);
		expect(await (await get(`/r/${code}`)).text()).toContain('Ilmoittautuminen ei ole auki');
		expect((await register({ displayName: 'Myöhäinen' })).status).toBe(404);
		expect((await get('/r/not-a-code')).status).toBe(200);
	});

	it("erasing the workshop's personal data removes every registration, arrived or not", async () => {
		const before = await server.services.storage.registrations.listByWorkshop(workshop.id);
		expect(before.length).toBeGreaterThan(0);
		const privacyPage = await (
			await get(`/facilitator/w/${workshop.id}/privacy`, facilitatorCookie)
		).text();
		expect(privacyPage).toContain(`Ilmoittautumisia tallennettuna: ${before.length}.`);
		const owner = (await server.services.workshops.facilitators(workshop.id))[0].userId;
		await server.services.privacy.eraseWorkshop(owner, workshop.id);
		expect(await server.services.storage.registrations.listByWorkshop(workshop.id)).toEqual([]);
		expect(issuedTokens.length).toBeGreaterThanOrEqual(before.length);
		for (const token of issuedTokens) {
			expect(await (await get(`/p/${token}`)).text()).toContain('Ilmoittautumista ei löydy');
		}
	});
});
