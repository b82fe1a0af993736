import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', { width: 1280, height: 800 }],
		['360', { width: 360, height: 740 }]
	] as const) {
		await page.setViewportSize(viewport);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`),
			fullPage: true
		});
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

/** Presses Tab until the element with `testId` has focus: it must be reachable by keyboard. */
async function tabTo(page: Page, testId: string): Promise<void> {
	for (let i = 0; i < 60; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
		if (focused === testId) return;
	}
	throw new Error(`${testId} is not reachable with Tab`);
}

/** A participant who joins with a plain form post, as a browser without scripts would. */
async function joinByForm(
	api: APIRequestContext,
	baseURL: string,
	code: string,
	name: string
): Promise<void> {
	const response = await api.post('/join', {
		form: { code, displayName: name, organisation: `${name} ry`, actorType: 'ngo' },
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
}

test('a participant sees what is stored about them and deletes it, by keyboard, in Finnish and Swedish', async ({
	page,
	browser,
	playwright,
	baseURL,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(180_000);
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, { tableCount: 2 });
	const aino = await joinAs(await browser.newContext(), joinCode, {
		displayName: 'Aino Äijälä',
		organisation: 'Kajaanin TE-toimisto',
		actorType: 'employment_office'
	});
	const bo = await playwright.request.newContext({ baseURL });
	await joinByForm(bo, baseURL!, joinCode, 'Bo Ekström');

	// From the table page to the privacy page with the keyboard only.
	await expect(aino.getByTestId('privacy-link')).toBeVisible();
	await shoot(aino, 'privacy-table-link-fi');
	await tabTo(aino, 'privacy-link');
	await aino.keyboard.press('Enter');
	await expect(aino).toHaveURL(new RegExp(`/w/${workshopId}/privacy$`));
	const stored = aino.getByTestId('privacy-stored');
	await expect(stored).toContainText('Aino Äijälä');
	await expect(stored).toContainText('Kajaanin TE-toimisto');
	await expect(stored).toContainText('TE-toimisto');
	await expect(aino.getByRole('heading', { level: 1 })).toHaveText('Omat tietosi');
	await expectNoAxeViolations(aino);
	await shoot(aino, 'privacy-participant-fi');

	await useLanguage(aino, 'sv');
	await expect(aino.getByRole('heading', { level: 1 })).toHaveText('Dina uppgifter');
	await expectNoAxeViolations(aino);
	await shoot(aino, 'privacy-participant-sv');

	// A participant of another workshop, and a stray POST without the confirmation, erase nobody.
	const other = await playwright.request.newContext({ baseURL });
	const otherPage = await (await browser.newContext()).newPage();
	await signUpFacilitator(otherPage, { name: 'Toinen Fasilitoija' });
	const second = await createWorkshop(otherPage, { title: 'Toinen paja', tableCount: 1 });
	await joinByForm(other, baseURL!, second.joinCode, 'Cecilia');
	const intruder = await other.post(`/w/${workshopId}/privacy?/delete`, {
		form: { confirm: 'yes' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(intruder.status()).toBe(403);
	const unconfirmed = await bo.post(`/w/${workshopId}/privacy?/delete`, {
		form: {},
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(unconfirmed.status()).toBe(400);
	await aino.reload();
	await expect(aino.getByTestId('privacy-stored')).toContainText('Aino Äijälä');

	// The confirmation step, then the erasure: by keyboard.
	await tabTo(aino, 'privacy-delete');
	await aino.keyboard.press('Enter');
	await expect(aino.getByTestId('privacy-confirm')).toBeVisible();
	await expectNoAxeViolations(aino);
	await shoot(aino, 'privacy-participant-confirm-sv');
	await useLanguage(aino, 'fi');
	await shoot(aino, 'privacy-participant-confirm-fi');
	await tabTo(aino, 'privacy-confirm');
	await aino.keyboard.press('Enter');
	await expect(aino.getByTestId('privacy-deleted')).toBeVisible();
	await expectNoAxeViolations(aino);
	await shoot(aino, 'privacy-participant-deleted-fi');

	// The session is over: the table sends them to /join, and the cookie is gone.
	await aino.goto(`/w/${workshopId}/table`);
	await expect(aino).toHaveURL(/\/join/);
	const cookies = await aino.context().cookies();
	expect(cookies.map((cookie) => cookie.name)).not.toContain('rp_participant');

	// The attendance list: the facilitators only, and Aino is no longer on it.
	const outsider = await bo.get(`/facilitator/w/${workshopId}/attendance`);
	expect(outsider.status()).toBe(404);
	const otherFacilitator = await otherPage.request.get(`/facilitator/w/${workshopId}/attendance`);
	expect(otherFacilitator.status()).toBe(404);
	const list = await page.request.get(`/facilitator/w/${workshopId}/attendance`);
	const text = (await list.body()).toString('utf8');
	expect(text).toContain('Bo Ekström');
	expect(text).not.toContain('Aino');
	await bo.dispose();
	await other.dispose();
});

test('the facilitator downloads the attendance list, sets the retention and erases the personal data', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(120_000);
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, { tableCount: 1 });
	const context = await browser.newContext();
	const participant = await joinAs(context, joinCode, {
		displayName: '=Eino "Testaaja"',
		organisation: 'Kuopion kaupunki; sosiaalipalvelut',
		actorType: 'social_services'
	});

	await page.getByTestId('privacy-link').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/privacy$`));
	await expect(page.getByTestId('privacy-count')).toContainText('1');

	const csv = await page.request.get(`/facilitator/w/${workshopId}/attendance`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	const body = await csv.body();
	expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = body.toString('utf8').slice(1).split('\r\n');
	expect(lines[0]).toBe('"Nimi";"Organisaatio";"Toimijatyyppi";"Liittymisaika"');
	expect(lines[1]).toMatch(
		/^"'=Eino ""Testaaja""";"Kuopion kaupunki; sosiaalipalvelut";"[^"]+";"\d{4}-\d\d-\d\d \d\d:\d\d"$/
	);

	await page.getByTestId('retention-days').fill('400');
	await page.getByTestId('retention-save').click();
	await expect(page.locator('#retention-error')).toBeVisible();
	await page.getByTestId('retention-days').fill('30');
	await page.getByTestId('retention-save').click();
	await expect(page.getByRole('status')).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('retention-days')).toHaveValue('30');
	await expectNoAxeViolations(page);
	await shoot(page, 'privacy-facilitator-fi');
	await useLanguage(page, 'sv');
	await expectNoAxeViolations(page);
	await shoot(page, 'privacy-facilitator-sv');
	await useLanguage(page, 'fi');

	await page.getByTestId('erase-start').click();
	await expectNoAxeViolations(page);
	await page.getByTestId('erase-confirm').click();
	await expect(page.getByTestId('privacy-erased')).toBeVisible();
	await expect(page.getByTestId('privacy-count')).toContainText('0');

	// The participant's board closes and their table no longer opens.
	// Either the board shows it is offline or the page has already left the table.
	await expect
		.poll(async () => {
			const status = participant.getByTestId('connection-status');
			if (!participant.url().endsWith('/table') || (await status.count()) === 0) return 'left';
			return status.getAttribute('data-status');
		})
		.not.toBe('online');
	await participant.goto(`/w/${workshopId}/table`);
	await expect(participant).toHaveURL(/\/join/);
	const after = await page.request.get(`/facilitator/w/${workshopId}/attendance`);
	expect((await after.body()).toString('utf8').trim().split('\r\n')).toHaveLength(1);
	await context.close();
});
