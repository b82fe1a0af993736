import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (test-results is Playwright's output folder). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const VIEWPORTS = [
	{ name: 'laptop', width: 1280, height: 800 },
	{ name: 'phone', width: 360, height: 740 }
] as const;

const WHAT = 'Yhteinen neuvontapiste kirjastoon';

/** Both sizes, axe at each, and no sideways scrolling at phone width. */
async function screenshots(
	page: Page,
	name: string,
	expectNoAxeViolations: (page: Page) => Promise<void>,
	options: { checkOverflow?: boolean } = {}
): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const before = page.viewportSize();
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize({ width: viewport.width, height: viewport.height });
		if (options.checkOverflow !== false) {
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `${name} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(0);
		}
		await expectNoAxeViolations(page);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `follow-up-${name}-${viewport.name}.png`),
			fullPage: true
		});
	}
	if (before) await page.setViewportSize(before);
}

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

test('a network starts a follow-up session, sees the open commitments return, and manages API tokens and share links', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(600_000);
	await signUpFacilitator(page, { name: 'Verkosto Jäsen' });
	const { workshopId } = await createWorkshop(page, {
		title: 'Kuopion kotoutumispaja',
		locality: 'Kuopio',
		tableCount: 2,
		template: 'half-day-morning'
	});

	// A network, and an agreed commitment of table 1 shared with it.
	await page.goto('/facilitator');
	await page.getByTestId('networks-link').click();
	await page.getByLabel('Verkoston nimi').fill('Pohjois-Savon verkosto');
	await page.getByRole('button', { name: 'Luo verkosto' }).click();
	await expect(page).toHaveURL(/\/facilitator\/networks\/[A-Za-z0-9_-]+$/);
	const networkId = new URL(page.url()).pathname.split('/').at(-1)!;
	await page.goto(`/facilitator/w/${workshopId}/commitments`);
	const group = page.getByTestId('commitment-form-new-1');
	await page.locator('details').filter({ has: group }).locator('summary').click();
	await group.getByLabel('Mitä teemme').fill(WHAT);
	await group.getByLabel('Kuka vastaa (toimija)').selectOption('employment_office');
	await group.getByLabel('Ensimmäinen askel').fill('Kysytään kirjastolta tila');
	await group.getByRole('button', { name: 'Lisää sitoumus' }).click();
	const row = page.getByTestId('commitment').filter({ hasText: WHAT });
	await row.getByTestId('commitment-agree').click();
	await expect(row.getByTestId('commitment-state')).toHaveText('Sovittu');
	await page.getByTestId('share-toggle').click();
	await expect(page.getByTestId('share-state')).toHaveText('Jaettu');

	// The archive offers "Start a follow-up session"; the keyboard starts it.
	await page.goto(`/facilitator/networks/${networkId}`);
	const start = page.getByTestId('start-follow-up');
	await expect(start).toHaveAccessibleName(/Aloita jatkotapaaminen pajasta Kuopion kotoutumispaja/);
	await screenshots(page, 'archive-fi', expectNoAxeViolations);
	await start.focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/facilitator\/w\/[A-Za-z0-9_-]+\/plan$/);
	const followUpId = new URL(page.url()).pathname.split('/').at(-2)!;
	expect(followUpId).not.toBe(workshopId);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Jatkotapaaminen: Kuopio');

	// Participants see the open commitment in the opening phase.
	await page.goto(`/facilitator/w/${followUpId}`);
	const joinCode = (await page.getByTestId('join-code-display').textContent())!.trim();
	const participant = await joinAs(await browser.newContext(), joinCode, {
		organisation: 'Kuopion kirjasto',
		actorType: 'education'
	});
	const open = participant.getByTestId('open-commitments');
	await expect(open.getByTestId('open-commitment')).toContainText(WHAT);
	await expect(open).toContainText('TE-toimisto');
	await screenshots(participant, 'participant-fi', expectNoAxeViolations);
	await useLanguage(participant, 'sv');
	await expect(open).toContainText('Öppna åtaganden');
	await screenshots(participant, 'participant-sv', expectNoAxeViolations);

	// And on the projector.
	const projector = await page.context().newPage();
	await projector.goto(`/facilitator/w/${followUpId}/projector`);
	await expect(projector.getByTestId('open-commitments')).toContainText(WHAT);
	await screenshots(projector, 'projector-fi', expectNoAxeViolations, { checkOverflow: false });
	await useLanguage(projector, 'sv');
	await expect(projector.getByTestId('open-commitments')).toContainText(WHAT);
	await screenshots(projector, 'projector-sv', expectNoAxeViolations, { checkOverflow: false });
	// The projector shares the facilitator's browser context, and so its language cookie.
	await useLanguage(projector, 'fi');

	// Moving on from the opening phase takes the list away without a reload.
	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	await expect(participant.getByTestId('open-commitments')).toHaveCount(0, { timeout: 15_000 });
	await expect(projector.getByTestId('open-commitments')).toHaveCount(0);

	// API tokens: made by keyboard, shown once, used, revoked.
	await page.goto(`/facilitator/networks/${networkId}`);
	await page.getByTestId('api-tokens-link').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/networks/${networkId}/api-tokens$`));
	await page.getByLabel('Avaimen nimi').focus();
	await page.keyboard.type('Kunnan raportointi');
	await page.keyboard.press('Enter');
	const secret = await page.getByTestId('api-token-secret').inputValue();
	expect(secret).toMatch(/^rpat_[A-Za-z0-9_-]{43}$/);
	await expect(page.getByTestId('api-tokens')).toContainText('Kunnan raportointi');
	await screenshots(page, 'api-tokens-fi', expectNoAxeViolations);
	const headers = { authorization: `Bearer ${secret}` };
	const listed = await page.request.get('/api/v1/workshops', { headers });
	expect(listed.status()).toBe(200);
	const ids = ((await listed.json()) as { workshops: { id: string }[] }).workshops.map((w) => w.id);
	expect(ids.sort()).toEqual([workshopId, followUpId].sort());
	const docs = await page.request.get(
		(await page.getByTestId('openapi-link').getAttribute('href'))!
	);
	expect(((await docs.json()) as { openapi: string }).openapi).toBe('3.1.0');
	await page.reload();
	await expect(page.getByTestId('api-tokens')).toContainText('käytetty viimeksi');
	await useLanguage(page, 'sv');
	await screenshots(page, 'api-tokens-sv', expectNoAxeViolations);
	await page.getByTestId('api-token-revoke').click();
	await expect(page.getByTestId('api-token-revoked')).toBeVisible();
	await expect(page.getByTestId('api-tokens')).toHaveCount(0);
	expect((await page.request.get('/api/v1/workshops', { headers })).status()).toBe(401);
	await useLanguage(page, 'fi');

	// Share links: two made, one revoked; the revoked one no longer opens.
	await page.goto(`/facilitator/networks/${networkId}/share?workshop=${workshopId}`);
	await page.getByTestId('share-link-create').click();
	const first = await page.getByTestId('share-link-url').inputValue();
	await page.getByLabel('Voimassa').selectOption('90');
	await page.getByTestId('share-link-create').click();
	await expect(page.getByTestId('share-links').locator('li')).toHaveCount(2);
	await screenshots(page, 'share-links-fi', expectNoAxeViolations);
	await useLanguage(page, 'sv');
	await screenshots(page, 'share-links-sv', expectNoAxeViolations);
	await useLanguage(page, 'fi');
	// Listed soonest expiry first: the 30-day link, then the 90-day one.
	const firstRow = page.getByTestId('share-links').locator('li').first();
	await expect(firstRow.getByRole('textbox')).toHaveValue(first);
	await firstRow.getByTestId('share-link-revoke').focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('share-link-revoked')).toBeVisible();
	await expect(page.getByTestId('share-links').locator('li')).toHaveCount(1);
	const reader = await (await browser.newContext()).newPage();
	expect((await reader.goto(first))?.status()).toBe(404);

	// The archive in Swedish, with the new workshop and its button.
	await page.goto(`/facilitator/networks/${networkId}`);
	await useLanguage(page, 'sv');
	await expect(page.getByTestId('start-follow-up').first()).toHaveText(
		'Starta en uppföljningsträff'
	);
	await screenshots(page, 'archive-sv', expectNoAxeViolations);
});
