import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (test-results is Playwright's output folder). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const VIEWPORTS = [
	{ name: 'laptop', width: 1280, height: 800 },
	{ name: 'phone', width: 360, height: 740 }
] as const;

/** The half-day morning template's feedback phase is its ninth and last. */
const FEEDBACK_PHASE_INDEX = 8;

/** One screenshot per viewport; with `focus`, scrolled so that element is in view. */
async function screenshots(page: Page, name: string, focus?: Locator): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const before = page.viewportSize();
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize({ width: viewport.width, height: viewport.height });
		if (focus) await focus.evaluate((element) => element.scrollIntoView({ block: 'start' }));
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `feedback-${name}-${viewport.name}.png`),
			fullPage: !focus
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

/**
 * Answers one question by keyboard: Tab (or a focus on the first radio) enters the group, Space
 * picks 1 and each arrow key moves the choice one step up.
 */
async function rate(page: Page, rating: number): Promise<void> {
	await page.keyboard.press('Space');
	for (let i = 1; i < rating; i++) await page.keyboard.press('ArrowRight');
}

test('feedback phase: two participants answer by keyboard, the facilitator sees the summary', async ({
	page,
	browser,
	createWorkshop,
	signUpFacilitator,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(120_000);
	await signUpFacilitator(page);
	const workshop = await createWorkshop(page, { template: 'half-day-morning', tableCount: 2 });
	const join = async (b: Browser, organisation: string) =>
		joinAs(await b.newContext(), workshop.joinCode, { organisation, actorType: 'ngo' });
	const first = await join(browser, 'Kainuun Setlementti');
	const second = await join(browser, 'Kajaanin kaupunki');

	// Before the feedback phase, no form.
	await expect(first.getByTestId('feedback')).toHaveCount(0);

	await page.getByTestId('start-day').click();
	await expect(page.getByTestId('start-day')).toHaveCount(0);
	for (let index = 1; index <= FEEDBACK_PHASE_INDEX; index++) {
		await page.getByTestId('phase-next').click();
		await expect(page.getByTestId('phase-item').nth(index)).toHaveAttribute('aria-current', 'step');
	}

	// The table page follows the phase without a reload.
	for (const participant of [first, second]) {
		await expect(participant.getByTestId('feedback-form')).toBeVisible();
	}

	// Sending nothing: 400 with an error beside each question, nothing stored.
	await second.getByTestId('feedback-send').focus();
	await second.keyboard.press('Enter');
	await expect(second.getByTestId('feedback-form').getByRole('alert')).toBeVisible();
	for (const question of ['usefulness', 'voices', 'again']) {
		await expect(second.getByTestId(`feedback-${question}`)).toContainText(
			'Valitse yksi vaihtoehto.'
		);
	}
	await expectNoAxeViolations(second);
	await screenshots(second, 'errors-fi', second.getByTestId('feedback'));

	// First: 4, 5, 3 and an open text, all by keyboard.
	await expectNoAxeViolations(first);
	await screenshots(first, 'form-fi', first.getByTestId('feedback'));
	await first.locator('#fb-usefulness-1').focus();
	await rate(first, 4);
	await first.keyboard.press('Tab');
	await rate(first, 5);
	await first.keyboard.press('Tab');
	await rate(first, 3);
	await first.keyboard.press('Tab');
	await expect(first.locator('#fb-text')).toBeFocused();
	await first.keyboard.type('Hyvä päivä, lisää tällaisia.');
	await first.keyboard.press('Tab');
	await expect(first.getByTestId('feedback-send')).toBeFocused();
	await first.keyboard.press('Enter');
	await expect(first.getByTestId('feedback-done')).toHaveText('Kiitos palautteestasi!');
	await expect(first.getByTestId('feedback-done')).toBeFocused();

	// Second: 5, 4, 5 without text; the form keeps working after the refused attempt.
	await second.locator('#fb-usefulness-1').focus();
	await rate(second, 5);
	await second.keyboard.press('Tab');
	await rate(second, 4);
	await second.keyboard.press('Tab');
	await rate(second, 5);
	await second.getByTestId('feedback-send').focus();
	await second.keyboard.press('Enter');
	await expect(second.getByTestId('feedback-done')).toHaveText('Kiitos palautteestasi!');
	await expectNoAxeViolations(second);
	await screenshots(second, 'thanks-fi', second.getByTestId('feedback'));

	// A reload shows "already answered", not the form.
	await first.reload();
	await expect(first.getByTestId('feedback-done')).toHaveText('Olet jo vastannut. Kiitos!');
	await expect(first.getByTestId('feedback-form')).toHaveCount(0);

	// The facilitator's summary: 2 answers, means 4.5 / 4.5 / 4.0, the open text without a name.
	await page.getByTestId('feedback-link').click();
	await expect(page).toHaveURL(/\/feedback$/);
	await expect(page.getByTestId('feedback-count')).toHaveText('Vastauksia: 2');
	await expect(page.getByTestId('feedback-usefulness-mean')).toHaveText('Keskiarvo 4,5 / 5');
	await expect(page.getByTestId('feedback-voices-mean')).toHaveText('Keskiarvo 4,5 / 5');
	await expect(page.getByTestId('feedback-again-mean')).toHaveText('Keskiarvo 4,0 / 5');
	await expect(page.getByTestId('feedback-texts').getByRole('listitem')).toHaveText([
		'Hyvä päivä, lisää tällaisia.'
	]);
	await expect(page.locator('main')).not.toContainText('Kainuun Setlementti');
	await expectNoAxeViolations(page);
	await screenshots(page, 'summary-fi');

	await useLanguage(page, 'sv');
	await expect(page.getByTestId('feedback-count')).toHaveText('Svar: 2');
	await expect(page.getByTestId('feedback-usefulness-mean')).toHaveText('Medelvärde 4,5 / 5');
	await expectNoAxeViolations(page);
	await screenshots(page, 'summary-sv');

	// Swedish participant view: a third participant sees the form in Swedish.
	const third = await join(browser, 'Folkhälsan');
	await useLanguage(third, 'sv');
	await expect(third.getByTestId('feedback-form')).toContainText('Var dagen till nytta');
	await expectNoAxeViolations(third);
	await screenshots(third, 'form-sv', third.getByTestId('feedback'));
	await useLanguage(first, 'sv');
	await expect(first.getByTestId('feedback-done')).toHaveText('Du har redan svarat. Tack!');
	await screenshots(first, 'done-sv', first.getByTestId('feedback'));

	for (const participant of [first, second, third]) await participant.context().close();
});
