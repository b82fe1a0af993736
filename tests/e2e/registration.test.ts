import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { shoot } from './outline-helpers.ts';

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

/** Presses Tab until the control with this id has focus: it must be reachable by keyboard. */
async function tabToId(page: Page, id: string): Promise<void> {
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab');
		if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
	}
	throw new Error(`#${id} is not reachable with Tab`);
}

/** The same for a control with a data-testid. */
async function tabToTestId(page: Page, testId: string): Promise<void> {
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
		if (focused === testId) return;
	}
	throw new Error(`${testId} is not reachable with Tab`);
}

test('a participant registers by keyboard, answers the pre-task and joins on the day with their own link', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);
	const { workshopId } = await createWorkshop(page, { title: 'Vaasan paja', tableCount: 2 });

	// The facilitator opens registration from the console and writes a question in two languages.
	await page.getByTestId('registration-link').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/registration$`));
	await expect(page.getByTestId('registration-state')).toHaveText('Ilmoittautuminen on kiinni.');
	await page.getByTestId('registration-toggle').click();
	await expect(page.getByTestId('registration-state')).toHaveText('Ilmoittautuminen on auki.');
	await page.getByTestId('question-fi').fill('Mikä yhteistyössä toimii jo hyvin?');
	await page.getByTestId('question-sv').fill('Vad fungerar redan bra i samarbetet?');
	await page.getByTestId('question-add').click();
	await expect(page.getByTestId('registration-questions')).toContainText(
		'Mikä yhteistyössä toimii jo hyvin?'
	);
	const link = (await page.getByTestId('registration-link').textContent())!.trim();
	expect(link).toMatch(/\/r\/[A-Za-z0-9_-]{21}$/);

	// A Swedish-speaking participant registers with the keyboard only.
	const person = await (await browser.newContext()).newPage();
	await person.goto(link);
	await expect(person.getByRole('heading', { level: 1 })).toHaveText('Ilmoittaudu: Vaasan paja');
	await expectNoAxeViolations(person);
	await shoot(person, 'registration-form-fi');
	await useLanguage(person, 'sv');
	await expect(person.getByRole('heading', { level: 1 })).toHaveText('Anmäl dig: Vaasan paja');
	await expect(person.getByText('Vad fungerar redan bra i samarbetet?')).toBeVisible();
	await expectNoAxeViolations(person);
	await shoot(person, 'registration-form-sv');

	// An empty submit names what is missing and moves focus to the summary.
	await tabToTestId(person, 'registration-submit');
	await person.keyboard.press('Enter');
	await expect(person.getByTestId('error-summary')).toBeFocused();
	await expectNoAxeViolations(person);
	await shoot(person, 'registration-form-errors-sv');

	await tabToId(person, 'displayName');
	await person.keyboard.type('Åsa Öhman');
	await tabToId(person, 'organisation');
	await person.keyboard.type('Vasa stad');
	await tabToId(person, 'actorType');
	// The first choice (employment office) with Space, then two down: education.
	await person.keyboard.press('Space');
	await person.keyboard.press('ArrowDown');
	await person.keyboard.press('ArrowDown');
	await expect(person.locator('input[name="actorType"][value="education"]')).toBeChecked();
	// The preferred language starts as the page's language (Swedish); it stays.
	await expect(person.locator('input[name="language"][value="sv"]')).toBeChecked();
	await tabToTestId(person, 'registration-answer');
	await person.keyboard.type('Vi känner varandra redan.');
	await tabToTestId(person, 'registration-submit');
	await person.keyboard.press('Enter');

	await expect(person).toHaveURL(/\/p\/[A-Za-z0-9_-]{32}\?new=1$/);
	await expect(person.getByTestId('registration-done')).toHaveText('Tack! Du är anmäld.');
	const code = (await person.getByTestId('registration-code').textContent())!.trim();
	expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
	await expect(person.getByTestId('registration-details')).toContainText('Vasa stad');
	await expectNoAxeViolations(person);
	await shoot(person, 'registration-personal-sv');
	await useLanguage(person, 'fi');
	await expect(person.getByRole('heading', { level: 1 })).toHaveText('Ilmoittautumisesi');
	await expectNoAxeViolations(person);
	await shoot(person, 'registration-personal-fi');

	// The facilitator sees the registration as not arrived and the answer without a name.
	await page.reload();
	await expect(page.getByTestId('registration-count')).toHaveText(
		'Ilmoittautuneita 1, joista paikalla 0.'
	);
	await expect(page.getByTestId('registration-people')).toContainText('Ei vielä saapunut');
	const answers = page.getByTestId('answers-group');
	await expect(answers).toContainText('Vi känner varandra redan.');
	await expect(answers).not.toContainText('Åsa Öhman');
	await expectNoAxeViolations(page);
	await shoot(page, 'registration-facilitator-fi');
	await useLanguage(page, 'sv');
	await expect(page.getByTestId('registration-count')).toHaveText('Anmälda 1, av dem på plats 0.');
	await expectNoAxeViolations(page);
	await shoot(page, 'registration-facilitator-sv');

	// The tables page lists her among those registered but not here yet.
	await page.goto(`/facilitator/w/${workshopId}/tables`);
	await expect(page.getByTestId('tables-not-arrived')).toContainText('Åsa Öhman, Vasa stad');
	await expectNoAxeViolations(page);
	await shoot(page, 'registration-tables-sv');
	await page.goto(`/facilitator/w/${workshopId}/registration`);

	// On the day: the personal link seats her, by keyboard, in her preferred language.
	await tabToTestId(person, 'registration-join');
	await person.keyboard.press('Enter');
	await expect(person).toHaveURL(new RegExp(`/w/${workshopId}/table$`));
	await expect(person.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(person.locator('html')).toHaveAttribute('lang', 'sv');

	await page.reload();
	await expect(page.getByTestId('registration-count')).toHaveText('Anmälda 1, av dem på plats 1.');
	await expect(page.getByTestId('registration-people')).toContainText('På plats');
});
