import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (test-results is Playwright's output folder). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const CONSOLE_VIEWPORTS = [
	{ name: 'laptop', width: 1280, height: 800 },
	{ name: 'phone', width: 360, height: 640 }
] as const;
/** A projector is a 1080p or a 720p screen; the room reads it from afar. */
const PROJECTOR_VIEWPORTS = [
	{ name: '1080p', width: 1920, height: 1080 },
	{ name: '720p', width: 1280, height: 720 }
] as const;

async function shoot(
	page: Page,
	name: string,
	viewports: readonly { name: string; width: number; height: number }[],
	fullPage: boolean
): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const before = page.viewportSize();
	for (const viewport of viewports) {
		await page.setViewportSize({ width: viewport.width, height: viewport.height });
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${viewport.name}.png`),
			fullPage
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

/** Adds a note outside any area from the outline, by keyboard. */
async function addNote(page: Page, text: string): Promise<void> {
	await page.getByTestId('add-note').focus();
	await page.keyboard.press('Enter');
	await expect(page.locator('textarea:focus')).toHaveCount(1);
	await page.keyboard.type(text);
	await page.keyboard.press('Control+Enter');
}

test('the console shows each table live; a spotlighted table fills the projector, which only facilitators open', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, {
		title: 'Projektoripaja',
		tableCount: 2
	});
	const participants = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const aino = await joinAs(participants, joinCode, {
		displayName: 'Aino',
		organisation: 'Kuopion työllisyyspalvelut',
		actorType: 'employment_office'
	});
	await expect(page.getByTestId('table-participants-1')).toContainText('Aino');
	// The facilitator writes on table 1's board from the console's table view (a second tab), so
	// the test does not depend on the phase's participant rights.
	const table = 1;
	const writer = await page.context().newPage();
	await writer.setViewportSize({ width: 1280, height: 800 });
	await writer.goto(`/facilitator/w/${workshopId}/table/${table}`);
	await writer.getByTestId('view-outline').focus();
	await writer.keyboard.press('Enter');
	await expect(writer.getByTestId('board-outline')).toBeVisible();
	await addNote(writer, 'Yhteinen asiakas kulkee luukulta toiselle');
	await addNote(writer, 'Tieto ei siirry palvelujen välillä');

	// The console: the table's thumbnail and the server's count of edits follow without a reload.
	const card = page.getByTestId('table-card').nth(table - 1);
	await expect(card.getByTestId('board-thumbnail')).toHaveAttribute('data-notes', '2');
	await expect(page.getByTestId(`table-activity-${table}`)).toContainText(
		/Muutoksia 5 min aikana: [1-9]/
	);
	await expect(page.getByTestId(`table-activity-${table}`)).toContainText('juuri nyt');

	// The projector, opened from the console in a new tab of the facilitator's browser.
	const [projector] = await Promise.all([
		page.context().waitForEvent('page'),
		page.getByTestId('open-projector').click()
	]);
	await projector.setViewportSize({ width: 1920, height: 1080 });
	await expect(projector).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/projector$`));
	await expect(projector.getByTestId('projector-phase')).not.toHaveText('Yhdistetään…');
	await expect(projector.getByTestId(`projector-tile-${table}`)).toContainText(
		'Yhteinen asiakas kulkee luukulta toiselle'
	);
	await expect(projector.getByTestId('projector-spotlight')).toHaveCount(0);

	// Countdown and broadcast reach the projector live.
	await page.getByTestId('timer-minutes').fill('10');
	await page.getByTestId('timer-start').click();
	await expect(projector.getByTestId('projector-countdown')).toContainText(/\d:\d\d/);
	await page.getByTestId('broadcast-text').fill('Kahvi on valmis aulassa');
	await page.getByTestId('broadcast-send').click();
	await expect(projector.getByTestId('projector-broadcast')).toHaveText('Kahvi on valmis aulassa');

	// Spotlight: the facilitator picks the table; the projector shows its notes large.
	await page.getByTestId(`spotlight-${table}`).click();
	await expect(page.getByTestId(`spotlight-${table}`)).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId(`spotlight-badge-${table}`)).toBeVisible();
	const spotlight = projector.getByTestId('projector-spotlight');
	await expect(spotlight).toContainText(`Pöytä ${table}`);
	await expect(spotlight.getByTestId('projector-note')).toHaveText([
		'Yhteinen asiakas kulkee luukulta toiselle',
		'Tieto ei siirry palvelujen välillä'
	]);
	// A note written now appears on the projector without a reload.
	await addNote(writer, 'Asiakas on oman elämänsä asiantuntija');
	await expect(spotlight.getByTestId('projector-note')).toHaveCount(3);

	await expectNoAxeViolations(page);
	await expectNoAxeViolations(projector);
	await shoot(page, 'overview-console-fi', CONSOLE_VIEWPORTS, true);
	await shoot(projector, 'projector-spotlight-fi', PROJECTOR_VIEWPORTS, false);

	// Clearing the spotlight brings back the tables side by side.
	await page.getByTestId(`spotlight-${table}`).click();
	await expect(projector.getByTestId('projector-spotlight')).toHaveCount(0);
	await expect(projector.getByTestId(`projector-tile-${table}`)).toBeVisible();
	await shoot(projector, 'projector-tables-fi', PROJECTOR_VIEWPORTS, false);

	// Swedish.
	await useLanguage(page, 'sv');
	await useLanguage(projector, 'sv');
	await expect(projector.getByTestId('projector-countdown')).toContainText('Tid kvar');
	await page.getByTestId(`spotlight-${table}`).click();
	await expect(projector.getByTestId('projector-spotlight')).toContainText(`Bord ${table}`);
	await expect(page.getByTestId(`spotlight-badge-${table}`)).toContainText('På projektorn nu');
	await shoot(page, 'overview-console-sv', CONSOLE_VIEWPORTS, true);
	await shoot(projector, 'projector-spotlight-sv', PROJECTOR_VIEWPORTS, false);
	await page.getByTestId(`spotlight-${table}`).click();
	await expect(projector.getByTestId(`projector-tile-${table}`)).toBeVisible();
	await shoot(projector, 'projector-tables-sv', PROJECTOR_VIEWPORTS, false);

	// A participant's browser cannot open the projector: it is sent to the facilitators' sign-in.
	await aino.goto(`/facilitator/w/${workshopId}/projector`);
	await expect(aino).toHaveURL(/\/facilitator\/sign-in$/);
	await expect(aino.getByTestId('projector')).toHaveCount(0);
	await participants.close();
});
