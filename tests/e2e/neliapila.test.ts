import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, CECILIA, LAPTOP, addNote, press, shoot } from './outline-helpers.ts';

/** The half-day afternoon's Neliapila phase (templates/half-day-afternoon). */
const KNOT_PHASE_ID = 'neliapila';
const KNOT_PHASE_INDEX = 6;

async function inSwedish(context: BrowserContext, page: Page): Promise<void> {
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: new URL(page.url()).origin }
	]);
	await page.reload();
}

/** Types an answer to one prompt of a leaf and sends it with Enter, keyboard only. */
async function answer(page: Page, leaf: number, prompt: string, text: string): Promise<void> {
	const input = page.getByTestId(`knot-leaf-${leaf}-${prompt}-input`);
	await input.focus();
	await page.keyboard.type(text);
	await page.keyboard.press('Enter');
	await expect(page.getByTestId(`knot-leaf-${leaf}-${prompt}`)).toContainText(text);
}

test('Neliapila: two actors fill their leaves, the balance follows live, and with leaf rights the server refuses a note moved into another actor’s leaf', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, {
		tableCount: 1,
		template: 'half-day-afternoon'
	});

	// The facilitator names the fourth leaf and turns leaf rights on, by keyboard, in the plan.
	await page.goto(`/facilitator/w/${workshopId}/plan`);
	const phase = page.locator(`[data-testid="plan-phase"][data-phase-id="${KNOT_PHASE_ID}"]`);
	await press(phase.locator('summary'));
	await phase.getByTestId('knot-name-3-fi').fill('Aikuisopisto');
	await phase.getByTestId('knot-name-3-sv').fill('Vuxeninstitutet');
	await press(phase.getByTestId('knot-leaf-rights'), 'Space');
	await expect(phase.getByTestId('knot-leaf-rights')).toBeChecked();
	await press(phase.getByTestId('knot-fifth-leaf'), 'Space');
	await expect(phase.getByTestId('knot-fifth-leaf')).toBeChecked();
	await expectNoAxeViolations(page);
	await shoot(page, 'neliapila-plan-fi');
	await press(page.getByTestId('plan-save'));
	await expect(page.getByTestId('plan-status')).not.toBeEmpty();

	const contextA = await browser.newContext({ viewport: LAPTOP });
	const contextC = await browser.newContext({ viewport: LAPTOP });
	const aino = await joinAs(contextA, joinCode, AINO);
	const cecilia = await joinAs(contextC, joinCode, CECILIA);

	await page.goto(`/facilitator/w/${workshopId}`);
	await page.getByTestId('start-day').click();
	for (let step = 0; step < KNOT_PHASE_INDEX; step++) {
		await expect(page.getByTestId('phase-item').nth(step)).toHaveAttribute('aria-current', 'step');
		await page.getByTestId('phase-next').click();
	}
	await expect(page.getByTestId('phase-item').nth(KNOT_PHASE_INDEX)).toHaveAttribute(
		'aria-current',
		'step'
	);

	for (const viewer of [aino, cecilia]) {
		await expect(viewer.getByTestId('knot-view')).toBeVisible();
		await expect(viewer.getByTestId('knot-balance-summary')).toContainText('Aikuisopisto');
	}
	// The configured name is on the leaf; each participant's own leaf is marked as theirs.
	await expect(aino.getByTestId('knot-leaf-3')).toContainText('Aikuisopisto');
	await expect(aino.getByTestId('knot-leaf-1')).toContainText('Sinun lehtesi');
	// Another actor's leaf offers no form, only the reason.
	await expect(aino.getByTestId('knot-leaf-0-read-only')).toBeVisible();
	await expect(aino.getByTestId('knot-leaf-0-brings-input')).toHaveCount(0);

	await answer(aino, 1, 'brings', 'Työnhaun valmennus');
	await expect(cecilia.getByTestId('knot-leaf-1-brings')).toContainText('Työnhaun valmennus');
	await expect(cecilia.getByTestId('knot-balance-summary')).not.toContainText('TE-toimisto');
	await expect(cecilia.getByTestId('knot-balance-leaf-1')).toContainText('tarvitsee');

	await answer(cecilia, 0, 'needs', 'Yksi yhteinen suunnitelma');
	await answer(cecilia, 0, 'convenes', 'Kun tulee muutto');
	await expect(aino.getByTestId('knot-balance-summary')).toHaveText(
		'Tyhjiä lehtiä: Sosiaalipalvelut, Aikuisopisto'
	);
	await expect(page.getByTestId('knot-overview-1')).toContainText('Sosiaalipalvelut, Aikuisopisto');

	// The shared object and the rules are everyone's.
	const shared = aino.getByTestId('knot-shared-any-input');
	await shared.focus();
	await aino.keyboard.type('Polku työhön');
	await aino.keyboard.press('Enter');
	await expect(cecilia.getByTestId('knot-shared')).toContainText('Polku työhön');

	await expectNoAxeViolations(aino);
	await shoot(aino, 'neliapila-table-fi');
	await shoot(page, 'neliapila-console-fi');

	// In the outline, Aino moves a note of hers into the client's leaf: the server refuses it.
	await press(aino.getByTestId('view-outline'));
	await addNote(aino, 'Ainon siirto');
	const item = aino.locator('[data-testid="outline-outside"] li', {
		has: aino.locator('textarea')
	});
	await expect(item).toHaveCount(1);
	await item.getByTestId('note-area').selectOption({ label: 'Asiakas' });
	await press(item.getByTestId('note-move'));
	await expect(aino.getByTestId('board-refused')).toBeVisible({ timeout: 15_000 });
	// Give a relayed move time to arrive before checking that it did not.
	await cecilia.waitForTimeout(1000);
	await expect(cecilia.getByTestId('knot-leaf-0')).not.toContainText('Ainon siirto');
	await expect(aino.getByTestId('knot-leaf-0')).not.toContainText('Ainon siirto');

	// The facilitator allowed a fifth leaf: Cecilia adds one by keyboard; it is open to everyone.
	await cecilia.getByTestId('knot-fifth-name').focus();
	await cecilia.keyboard.type('Kela');
	await cecilia.keyboard.press('Enter');
	await expect(aino.getByTestId('knot-leaf-4')).toContainText('Kela');
	await expect(aino.getByTestId('knot-balance-summary')).toContainText('Kela');
	await expect(cecilia.getByTestId('knot-fifth-form')).toHaveCount(0);
	await answer(aino, 4, 'brings', 'Etuustieto');
	await expect(cecilia.getByTestId('knot-leaf-4')).toContainText('Etuustieto');
	await expect(cecilia.getByTestId('knot-balance-summary')).not.toContainText('Kela');

	await inSwedish(contextA, aino);
	await expect(aino.getByTestId('knot-leaf-3')).toContainText('Vuxeninstitutet');
	await expect(aino.getByTestId('knot-balance-summary')).toContainText('Tomma blad');
	await expectNoAxeViolations(aino);
	await shoot(aino, 'neliapila-table-sv');
	await inSwedish(page.context(), page);
	await expect(page.getByTestId('knot-overview-1')).toContainText('Fyrklöver');
	await shoot(page, 'neliapila-console-sv');
	await page.goto(`/facilitator/w/${workshopId}/plan`);
	await press(phase.locator('summary'));
	await expect(phase.getByTestId('knot-fields')).toContainText('Fyrklöverns aktörer');
	await shoot(page, 'neliapila-plan-sv');
	await contextA.close();
	await contextC.close();
});
