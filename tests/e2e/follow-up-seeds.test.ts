import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, LAPTOP, PHONE } from './outline-helpers.ts';
import { addCandidate, candidate, chooseTask } from './workshop-helpers.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const CHOSEN = 'Asiakas katoaa siirrossa palvelusta toiseen';
const SEEDS = ['Kielitaito ei riitä palveluihin', 'Lomakkeet ovat liian vaikeita'];

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

/** Laptop and phone width, axe at each, no sideways scrolling on the phone. */
async function shoot(
	page: Page,
	name: string,
	expectNoAxeViolations: (page: Page) => Promise<void>
): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(viewport);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} scrolls sideways at ${size} px`).toBeLessThanOrEqual(0);
		await expectNoAxeViolations(page);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `follow-up-seeds-${name}-${size}.png`),
			fullPage: true
		});
	}
	await page.setViewportSize(LAPTOP);
}

test("a follow-up session's problem definition starts with the seeds the earlier workshop left unchosen", async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(300_000);
	await signUpFacilitator(page, { name: 'Verkosto Jäsen' });
	const { joinCode, workshopId } = await createWorkshop(page, {
		title: 'Vaasan kotoutumispaja',
		locality: 'Vaasa',
		tableCount: 1,
		template: 'half-day-morning'
	});

	// The earlier workshop: three candidates, one chosen; the other two are its seeds.
	const earlier = await joinAs(await browser.newContext({ viewport: LAPTOP }), joinCode, AINO);
	await page.getByTestId('start-day').click();
	for (let step = 0; step < 3; step++) await page.getByTestId('phase-next').click();
	await expect(earlier.getByTestId('pd-candidates')).toBeVisible();
	for (const text of [CHOSEN, ...SEEDS]) await addCandidate(earlier, text);
	await chooseTask(earlier, CHOSEN);
	await earlier.context().close();

	// Shared with a network, which starts the follow-up from its archive.
	await page.goto('/facilitator');
	await page.getByTestId('networks-link').click();
	await page.getByLabel('Verkoston nimi').fill('Pohjanmaan verkosto');
	await page.getByRole('button', { name: 'Luo verkosto' }).click();
	await expect(page).toHaveURL(/\/facilitator\/networks\/[A-Za-z0-9_-]+$/);
	const networkId = new URL(page.url()).pathname.split('/').at(-1)!;
	await page.goto(`/facilitator/w/${workshopId}/commitments`);
	await page.getByTestId('share-toggle').click();
	await expect(page.getByTestId('share-state')).toHaveText('Jaettu');
	await page.goto(`/facilitator/networks/${networkId}`);
	await page.getByTestId('start-follow-up').click();
	await expect(page).toHaveURL(/\/facilitator\/w\/[A-Za-z0-9_-]+\/plan$/);
	const followUpId = new URL(page.url()).pathname.split('/').at(-2)!;

	// Its second phase revisits the seeds: they are the table's candidates, marked as seeds.
	await page.goto(`/facilitator/w/${followUpId}`);
	const followUpCode = (await page.getByTestId('join-code-display').textContent())!.trim();
	const participant = await joinAs(
		await browser.newContext({ viewport: LAPTOP }),
		followUpCode,
		AINO
	);
	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	await expect(participant.getByTestId('pd-candidates')).toBeVisible({ timeout: 15_000 });
	await expect(participant.getByTestId('pd-candidate')).toHaveCount(SEEDS.length);
	for (const text of SEEDS) {
		await expect(candidate(participant, text).getByTestId('pd-seed')).toHaveText(
			/^Aihio pajasta \d{1,2}\.\d{1,2}\.\d{4}$/
		);
	}
	await expect(candidate(participant, CHOSEN)).toHaveCount(0);
	// New candidates are no seeds; voting works on seeds as on any candidate.
	await addCandidate(participant, 'Uusi huoli: tulkkeja ei saa');
	await expect(
		candidate(participant, 'Uusi huoli: tulkkeja ei saa').getByTestId('pd-seed')
	).toHaveCount(0);
	await candidate(participant, SEEDS[0]).getByTestId('pd-vote').focus();
	await participant.keyboard.press('Enter');
	await expect(candidate(participant, SEEDS[0]).getByTestId('pd-votes')).toContainText('1');
	await shoot(participant, 'fi', expectNoAxeViolations);
	await useLanguage(participant, 'sv');
	await expect(candidate(participant, SEEDS[1]).getByTestId('pd-seed')).toHaveText(
		/^Idé från workshop \d{1,2}\.\d{1,2}\.\d{4}$/
	);
	await shoot(participant, 'sv', expectNoAxeViolations);
});
