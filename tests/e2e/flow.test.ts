import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (kept across runs: Playwright's own output is test-results/playwright). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const VIEWPORTS = [
	{ name: 'laptop', width: 1280, height: 800 },
	{ name: 'phone', width: 360, height: 740 }
] as const;

async function screenshots(page: Page, name: string, fullPage = true): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const before = page.viewportSize();
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize({ width: viewport.width, height: viewport.height });
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `flow-${name}-${viewport.name}.png`),
			fullPage
		});
	}
	if (before) await page.setViewportSize(before);
}

/** Switches the page's language through the language switcher's endpoint and reloads. */
async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

async function createFromTemplate(page: Page, template: string, title: string): Promise<string> {
	await page.goto('/facilitator');
	await page.getByTestId(`create-template-${template}`).check();
	await page.getByTestId('create-title').fill(title);
	await page.getByTestId('create-locality').fill('Seinäjoki');
	await page.getByTestId('create-tables').fill('2');
	await page.getByTestId('create-submit').click();
	await expect(page).toHaveURL(/\/facilitator\/w\/[A-Za-z0-9_-]+$/);
	return new URL(page.url()).pathname.split('/').at(-1)!;
}

test('a facilitator creates a workshop from the morning template and edits its plan', async ({
	page,
	signUpFacilitator,
	expectNoAxeViolations
}) => {
	await signUpFacilitator(page);
	await expect(page.getByTestId('create-template-half-day-morning')).toBeVisible();
	await expectNoAxeViolations(page);
	const workshopId = await createFromTemplate(page, 'half-day-morning', 'Aamupäivän paja');

	await page.getByTestId('edit-plan').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/plan$`));
	const phases = page.getByTestId('plan-phase');
	await expect(phases).toHaveCount(9);
	await expect(phases.nth(0).getByTestId('plan-time')).toContainText('08:30–08:45');
	await expect(phases.nth(1)).toHaveAttribute('data-phase-id', 'warm-up');

	// Reorder with the keyboard-reachable buttons: the warm-up goes first.
	await phases.nth(1).getByTestId('plan-move-up').click();
	await expect(phases.nth(0)).toHaveAttribute('data-phase-id', 'warm-up');
	await expect(phases.nth(0).getByTestId('plan-move-down')).toBeFocused();
	await expect(phases.nth(0).getByTestId('plan-time')).toContainText('08:30–08:50');
	// A longer opening moves every later phase.
	await phases.nth(1).getByTestId('plan-duration').fill('25');
	await expect(phases.nth(1).getByTestId('plan-time')).toContainText('08:50–09:15');
	await expect(page.getByTestId('plan-status')).toContainText('Tallentamattomia');
	await expectNoAxeViolations(page);
	await page.getByTestId('plan-save').click();
	await expect(page.getByTestId('plan-status')).toContainText('Ohjelma tallennettu');

	await page.reload();
	await expect(phases.nth(0)).toHaveAttribute('data-phase-id', 'warm-up');
	await expect(phases.nth(1).getByTestId('plan-duration')).toHaveValue('25');
	await expect(page.getByTestId('plan-total')).toContainText('12:10');

	await page.getByTestId('template-name').fill('Seinäjoen aamu');
	await page.getByTestId('template-save').click();
	await expect(page.getByTestId('template-status')).toContainText('Seinäjoen aamu');
	await page.goto('/facilitator');
	await expect(page.getByTestId('create-templates')).toContainText('Seinäjoen aamu');
});

async function joinTable(context: BrowserContext, code: string, organisation: string) {
	const page = await context.newPage();
	await page.goto('/join');
	await page.getByTestId('join-code').fill(code);
	await page.getByTestId('join-organisation').fill(organisation);
	await page.locator('input[name="actorType"][value="social_services"]').check();
	await page.getByTestId('join-submit').click();
	await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/table$/);
	// Marks this document: if a later step reloaded the page, the mark would be gone.
	await page.evaluate(() => ((window as unknown as { flowMark: number }).flowMark = 1));
	return page;
}

const notReloaded = async (page: Page) =>
	expect(await page.evaluate(() => (window as unknown as { flowMark?: number }).flowMark)).toBe(1);

test('participants follow the phases, the plenary and a broadcast; a call for help lights up the console', async ({
	page,
	browser,
	signUpFacilitator,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);
	const workshopId = await createFromTemplate(page, 'half-day-afternoon', 'Iltapäivän paja');
	const code = (await page.getByTestId('join-code-display').textContent())?.trim() ?? '';

	// Plan: the coffee break goes before the plenary, and the plenary gets longer.
	await page.getByTestId('edit-plan').click();
	const phases = page.getByTestId('plan-phase');
	await expect(phases.nth(5)).toHaveAttribute('data-phase-id', 'coffee-break');
	await phases.nth(5).getByTestId('plan-move-up').click();
	await expect(phases.nth(4)).toHaveAttribute('data-phase-id', 'coffee-break');
	await phases.nth(5).getByTestId('plan-duration').fill('30');
	await page.getByTestId('plan-save').click();
	await expect(page.getByTestId('plan-status')).toContainText('Ohjelma tallennettu');
	await expect(phases.nth(0).getByTestId('plan-time')).toContainText('12:30–12:45');
	await screenshots(page, 'plan-fi');
	await page.goto(`/facilitator/w/${workshopId}`);

	// The console sees participants arrive without a reload or the refresh button.
	const first = await joinTable(await browser.newContext(), code, 'Seinäjoen sosiaalitoimi');
	const second = await joinTable(await browser.newContext(), code, 'Lapuan perhepalvelut');
	await expect(page.getByTestId('table-participants-1')).toContainText('Seinäjoen sosiaalitoimi');
	await expect(page.getByTestId('table-participants-2')).toContainText('Lapuan perhepalvelut');

	for (const participant of [first, second]) {
		await expect(participant.getByTestId('flow-phase-title')).toHaveText('Avaus');
	}
	await page.getByTestId('start-day').click();
	await expect(page.getByTestId('start-day')).toHaveCount(0);
	await page.getByTestId('phase-next').click();
	await expect(page.locator('[aria-current="step"]')).toContainText('Virittäytyminen');
	for (const participant of [first, second]) {
		await expect(participant.getByTestId('flow-phase-title')).toHaveText(
			'Virittäytyminen metaforakorteilla'
		);
	}
	await first.getByTestId('flow-phase-title').click();
	await expect(first.getByTestId('flow-instructions')).toContainText('kuvakortti');
	await expectNoAxeViolations(first);
	await screenshots(first, 'participant-fi', false);

	// Everyone to the plenary, and back.
	await page.getByTestId('plenary-toggle').click();
	for (const participant of [first, second]) {
		await expect(participant.getByTestId('flow-plenary')).toBeVisible();
		// The plenary board is for reading; nobody locked it, so it does not say so.
		await expect(participant.getByTestId('flow-plenary').getByTestId('board-locked')).toHaveCount(
			0
		);
	}
	await expectNoAxeViolations(first);
	await screenshots(first, 'participant-plenary-fi', false);
	await page.getByTestId('plenary-toggle').click();
	for (const participant of [first, second]) {
		await expect(participant.getByTestId('flow-plenary')).toHaveCount(0);
	}

	// A broadcast message, dismissed by one screen only.
	await page.getByTestId('broadcast-text').fill('Kahvit ovat valmiina salin takana.');
	await page.getByTestId('broadcast-send').click();
	for (const participant of [first, second]) {
		await expect(participant.getByTestId('flow-broadcast-text')).toHaveText(
			'Kahvit ovat valmiina salin takana.'
		);
	}
	await expectNoAxeViolations(second);
	await screenshots(second, 'participant-broadcast-fi', false);
	await first.getByTestId('flow-broadcast-dismiss').click();
	await expect(first.getByTestId('flow-broadcast')).toHaveCount(0);
	await expect(second.getByTestId('flow-broadcast')).toBeVisible();

	// Pause all screens with a message.
	await page.getByTestId('pause-message').fill('Katsotaan yhdessä valkokankaalle.');
	await page.getByTestId('pause-toggle').click();
	await expect(second.getByTestId('flow-pause-message')).toHaveText(
		'Katsotaan yhdessä valkokankaalle.'
	);
	await screenshots(second, 'participant-paused-fi', false);
	// The pause is modal: the page behind it takes no focus or clicks, but the message still shows.
	const inertBehind = (testId: string) =>
		second.getByTestId(testId).evaluate((element) => element.closest('[inert]') !== null);
	expect(await inertBehind('flow-signal-help')).toBe(true);
	expect(await inertBehind('flow-broadcast')).toBe(false);
	await page.getByTestId('pause-toggle').click();
	await expect(second.getByTestId('flow-pause')).toHaveCount(0);
	expect(await second.locator('[inert]').count()).toBe(0);

	// "We need help" from table 1 lights up on the console.
	await first.getByTestId('flow-signal-help').click();
	await expect(first.getByTestId('flow-signal-help')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('signal-1')).toContainText('Tarvitsemme apua');
	const card = page.getByTestId('table-card').filter({ has: page.getByTestId('table-signal-1') });
	await expect(card).toHaveAttribute('data-signal', 'help');
	await expectNoAxeViolations(page);
	await screenshots(page, 'console-fi');
	await page.getByTestId('signal-clear-1').click();
	await expect(page.getByTestId('signal-1')).toHaveCount(0);
	await expect(first.getByTestId('flow-signal-help')).toHaveAttribute('aria-pressed', 'false');

	for (const participant of [first, second]) await notReloaded(participant);

	// The same views in Swedish.
	await useLanguage(page, 'sv');
	await second.getByTestId('flow-signal-done').click();
	await expect(page.getByTestId('signal-2')).toContainText('Vi är klara');
	await screenshots(page, 'console-sv');
	await useLanguage(second, 'sv');
	await expect(second.getByTestId('flow-phase-title')).toHaveText('Uppvärmning med metaforkort');
	await screenshots(second, 'participant-sv', false);
	await page.getByTestId('plenary-toggle').click();
	await expect(second.getByTestId('flow-plenary')).toBeVisible();
	await expect(second.getByTestId('flow-plenary')).toContainText('Gemensam diskussion');
	await screenshots(second, 'participant-plenary-sv', false);
	await page.goto(`/facilitator/w/${workshopId}/plan`);
	await expectNoAxeViolations(page);
	await screenshots(page, 'plan-sv');
});
