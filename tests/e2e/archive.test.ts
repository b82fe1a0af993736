import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, Page } from '@playwright/test';
import { expect, test, type Facilitator } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (kept across runs: Playwright's own output is test-results/playwright). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const VIEWPORTS = [
	{ name: 'laptop', width: 1280, height: 800 },
	{ name: 'phone', width: 360, height: 740 }
] as const;

/**
 * Screenshots at both sizes, with axe-core run at each, and a check that nothing makes the page
 * wider than a phone (the usual way a form or a table breaks at 360 px).
 */
async function screenshots(
	page: Page,
	name: string,
	expectNoAxeViolations: (page: Page) => Promise<void>
): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const before = page.viewportSize();
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize({ width: viewport.width, height: viewport.height });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(0);
		await expectNoAxeViolations(page);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `archive-${name}-${viewport.name}.png`),
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

/** A signed-up facilitator in a context of its own. */
async function newAccount(
	browser: Browser,
	signUp: (page: Page, options?: { name?: string }) => Promise<Facilitator>,
	name: string
): Promise<{ page: Page; account: Facilitator }> {
	const page = await (await browser.newContext()).newPage();
	return { page, account: await signUp(page, { name }) };
}

async function createNetwork(page: Page, name: string): Promise<string> {
	await page.goto('/facilitator');
	await page.getByTestId('networks-link').click();
	await page.getByLabel('Verkoston nimi').fill(name);
	await page.getByRole('button', { name: 'Luo verkosto' }).click();
	await expect(page).toHaveURL(/\/facilitator\/networks\/[A-Za-z0-9_-]+$/);
	return new URL(page.url()).pathname.split('/').at(-1)!;
}

const WHAT = 'Työkierto TE-toimiston ja sosiaalipalvelujen välillä';
const NOTE = 'Ensimmäinen työkiertojakso pidetty, palaute kerätty.';

test('a table commitment is agreed, followed up in the network archive and exported per locality', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(300_000);
	const member = await newAccount(browser, signUpFacilitator, 'Verkosto Jäsen');
	const outsider = await newAccount(browser, signUpFacilitator, 'Toinen Verkosto');
	await signUpFacilitator(page, { name: 'Fasilitoija Testinen' });
	const { workshopId, joinCode, title } = await createWorkshop(page, {
		title: 'Kuopion kotoutumispaja',
		locality: 'Kuopio',
		tableCount: 2,
		template: 'half-day-morning'
	});

	// The day runs to its commitments phase.
	const participant = await joinAs(await browser.newContext(), joinCode, {
		organisation: 'Kuopion sosiaalipalvelut',
		actorType: 'social_services'
	});
	await page.getByTestId('start-day').click();
	while (
		!((await page.locator('[aria-current="step"]').textContent()) ?? '').includes('Sitoumukset')
	) {
		const current = await page.locator('[aria-current="step"]').textContent();
		await page.getByTestId('phase-next').click();
		await expect(page.locator('[aria-current="step"]')).not.toHaveText(current ?? '');
	}

	// The participant proposes a commitment with the keyboard only.
	// The form opens with the phase, well before the table page's 10 s refresh would show it.
	const form = participant.getByTestId('commitment-form-new');
	await expect(form).toBeVisible({ timeout: 5_000 });
	await screenshots(participant, 'participant-form-fi', expectNoAxeViolations);
	await form.getByLabel('Mitä teemme').focus();
	await participant.keyboard.type(WHAT);
	await participant.keyboard.press('Tab');
	await expect(form.getByLabel('Kuka vastaa (toimija)')).toBeFocused();
	// Typing on a focused select picks the first option that starts with the letters.
	await participant.keyboard.type('TE');
	await expect(form.getByLabel('Kuka vastaa (toimija)')).toHaveValue('employment_office');
	// The due date is optional; Tab walks through its day, month and year to the first step.
	const firstStep = form.getByLabel('Ensimmäinen askel');
	for (let presses = 0; presses < 5; presses += 1) {
		await participant.keyboard.press('Tab');
		if (await firstStep.evaluate((element) => element === document.activeElement)) break;
	}
	await expect(firstStep).toBeFocused();
	await participant.keyboard.type('Sovitaan ensimmäinen vierailu');
	await form.getByRole('button', { name: 'Lisää sitoumus' }).focus();
	await participant.keyboard.press('Enter');
	const proposed = participant.getByTestId('commitment').filter({ hasText: WHAT });
	await expect(proposed.getByTestId('commitment-state')).toHaveText('Ehdotus');
	await expect(form.getByLabel('Mitä teemme')).toHaveValue('');

	// The facilitator agrees it on the console's commitments page and shares the workshop.
	const networkId = await createNetwork(page, 'Pohjois-Savon kotoutumisverkosto');
	await page.getByLabel('Jäsenen sähköposti').fill(member.account.email);
	await page.getByRole('button', { name: 'Lisää jäsen' }).click();
	await expect(page.getByTestId('members')).toContainText(member.account.email);

	await page.goto(`/facilitator/w/${workshopId}`);
	await page.getByTestId('commitments-link').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/commitments$`));
	const row = page.getByTestId('commitment').filter({ hasText: WHAT });
	await expect(row.getByTestId('commitment-state')).toHaveText('Ehdotus');
	await row.getByTestId('commitment-agree').click();
	await expect(row.getByTestId('commitment-state')).toHaveText('Sovittu');
	await page.getByTestId('share-toggle').click();
	await expect(page.getByTestId('share-state')).toHaveText('Jaettu');
	await screenshots(page, 'console-commitments-fi', expectNoAxeViolations);
	// On the table page the agreed commitment is the room's now: no edit or remove, a note instead.
	await participant.reload();
	const agreedAtTable = participant.getByTestId('commitment').filter({ hasText: WHAT });
	await expect(agreedAtTable.getByTestId('commitment-state')).toHaveText('Sovittu');
	await expect(agreedAtTable.getByTestId('commitment-locked')).toHaveText(
		'Sovittu yhdessä. Vain fasilitaattori voi muuttaa sitä.'
	);
	await expect(agreedAtTable.getByRole('button')).toHaveCount(0);
	await expect(agreedAtTable.locator('details')).toHaveCount(0);
	await screenshots(participant, 'participant-agreed-fi', expectNoAxeViolations);

	// The network member finds the workshop in the archive and marks the commitment done.
	const archive = member.page;
	await archive.goto('/facilitator');
	await archive.getByTestId('networks-link').click();
	await archive.getByTestId('network-link').filter({ hasText: 'Pohjois-Savon' }).click();
	await expect(archive).toHaveURL(new RegExp(`/facilitator/networks/${networkId}$`));
	await expect(archive.getByTestId('overview-row')).toContainText(title);
	const commitment = archive.getByTestId('archive-commitment').filter({ hasText: WHAT });
	await expect(commitment.getByTestId('commitment-status')).toHaveText('Ei aloitettu');
	await screenshots(archive, 'network-fi', expectNoAxeViolations);
	await commitment.getByTestId('follow-up-open').click();
	await commitment.getByLabel('Tila').selectOption('done');
	await commitment.getByLabel('Päivä', { exact: true }).fill('2026-11-30');
	await commitment.getByLabel('Muistiinpano').fill(NOTE);
	await screenshots(archive, 'follow-up-fi', expectNoAxeViolations);
	await commitment.getByTestId('follow-up-save').click();
	await expect(commitment.getByTestId('commitment-status')).toHaveText('Tehty');
	await expect(commitment.getByTestId('history')).toContainText('30.11.2026');
	await expect(commitment.getByTestId('history')).toContainText(NOTE);

	// The locality export (CSV) shows it done.
	await archive.getByLabel('Tiedostomuoto').last().selectOption('csv');
	const [download] = await Promise.all([
		archive.waitForEvent('download'),
		archive.getByRole('button', { name: /Lataa paikkakunnan raportti \(Kuopio\)/ }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/\.csv$/);
	const rows: string[][] = parseCsv(readFileSync(await download.path()), {
		delimiter: ';',
		bom: true
	});
	const header = rows[0];
	const found = rows.find((cells) => cells.some((cell) => cell.includes(WHAT)));
	expect(found, 'the commitment is a row of the locality CSV').toBeDefined();
	expect(found![header.indexOf('Tila')]).toBe('Tehty');

	// A read-only link for somebody outside the network, opened without an account.
	await archive.getByTestId('share-link').click();
	await archive.getByLabel('Voimassa').selectOption('7');
	await archive.getByTestId('share-link-create').click();
	const shareUrl = await archive.getByTestId('share-link-url').inputValue();
	expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
	await screenshots(archive, 'share-link-fi', expectNoAxeViolations);
	const reader = await (await browser.newContext()).newPage();
	await reader.goto(shareUrl);
	const shared = reader.getByTestId('shared-commitment').filter({ hasText: WHAT });
	await expect(shared.getByTestId('shared-status')).toHaveText('Tehty');
	await screenshots(reader, 'shared-view-fi', expectNoAxeViolations);
	await useLanguage(reader, 'sv');
	await expect(shared.getByTestId('shared-status')).toHaveText('Klart');
	await screenshots(reader, 'shared-view-sv', expectNoAxeViolations);
	await useLanguage(archive, 'sv');
	await screenshots(archive, 'share-link-sv', expectNoAxeViolations);
	await useLanguage(archive, 'fi');
	await archive.goto(`/facilitator/networks/${networkId}`);

	// A member of another network sees nothing of this one.
	await createNetwork(outsider.page, 'Toinen verkosto');
	const refused = await outsider.page.goto(`/facilitator/networks/${networkId}`);
	expect(refused?.status()).toBe(404);
	const refusedExport = await outsider.page.request.get(
		`/facilitator/networks/${networkId}/export?kind=locality&locality=Kuopio&format=csv`
	);
	expect(refusedExport.status()).toBe(404);

	// The same screens in Swedish.
	await useLanguage(archive, 'sv');
	await expect(commitment.getByTestId('commitment-status')).toHaveText('Klart');
	await screenshots(archive, 'network-sv', expectNoAxeViolations);
	await commitment.getByTestId('follow-up-open').click();
	await screenshots(archive, 'follow-up-sv', expectNoAxeViolations);
	await useLanguage(page, 'sv');
	await screenshots(page, 'console-commitments-sv', expectNoAxeViolations);
	await useLanguage(participant, 'sv');
	await expect(participant.getByTestId('commitment-form-new')).toBeVisible();
	await expect(
		participant.getByTestId('commitment').filter({ hasText: WHAT }).getByTestId('commitment-locked')
	).toHaveText('Överenskommet tillsammans. Bara facilitatorn kan ändra det.');
	await screenshots(participant, 'participant-form-sv', expectNoAxeViolations);
	await archive.goto('/facilitator/networks');
	await screenshots(archive, 'networks-sv', expectNoAxeViolations);
	await useLanguage(archive, 'fi');
	await screenshots(archive, 'networks-fi', expectNoAxeViolations);
});
