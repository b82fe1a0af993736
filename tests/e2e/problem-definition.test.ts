import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, LAPTOP, PHONE, press } from './outline-helpers.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Screenshots of one part of the page (or all of it) at laptop and phone width. */
async function shoot(page: Page, name: string, element?: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(viewport);
		const target = element ? page.locator(element) : page;
		await target.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`) });
	}
	await page.setViewportSize(LAPTOP);
}

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

/** Keyboard only: into the area's text box, type, Tab to its button, Enter. */
async function addByKeyboard(page: Page, area: string, text: string): Promise<void> {
	const draft = page.getByTestId(`pd-draft-${area}`);
	await draft.focus();
	await page.keyboard.type(text);
	await page.keyboard.press('Tab');
	await expect(page.getByTestId(`pd-add-${area}`)).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(draft).toHaveValue('');
}

function candidate(page: Page, text: string): Locator {
	return page.getByTestId('pd-candidate').filter({ hasText: text });
}

const LANGUAGE = 'Kielitaito ei riitä palveluihin';
const HANDOVER = 'Asiakas katoaa siirrossa palvelusta toiseen';

test('problem definition: two participants add candidates, vote and choose a task; the projector shows it; the facilitator harvests to the plenary', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);
	const { joinCode, workshopId } = await createWorkshop(page, {
		tableCount: 1,
		template: 'half-day-morning'
	});
	const contextA = await browser.newContext({ viewport: LAPTOP });
	const contextB = await browser.newContext({ viewport: LAPTOP });
	const a = await joinAs(contextA, joinCode, AINO);
	const b = await joinAs(contextB, joinCode, BERTIL);
	for (const viewer of [a, b])
		await expect(viewer.getByTestId('problem-definition')).toHaveCount(0);

	// Opening, warm-up, the private charting, then the candidates with dot voting.
	await page.getByTestId('start-day').click();
	for (let step = 0; step < 3; step++) await page.getByTestId('phase-next').click();
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('problem-definition')).toBeVisible();
		await expect(viewer.getByTestId('pd-candidates')).toBeVisible();
	}

	await addByKeyboard(a, 'meaningful', 'Yhteiset asiakaspalaverit');
	await addByKeyboard(b, 'needs_development', 'Tieto ei kulje organisaatioiden välillä');
	await addByKeyboard(a, 'problem_candidates', LANGUAGE);
	await addByKeyboard(b, 'problem_candidates', HANDOVER);
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('pd-list-meaningful')).toContainText('Yhteiset');
		await expect(viewer.getByTestId('pd-list-needs_development')).toContainText('Tieto ei kulje');
		await expect(viewer.getByTestId('pd-candidate')).toHaveCount(2);
	}

	// Dots: Aino gives one to Bertil's candidate, Bertil two; the counts are live on both screens.
	await expect(a.getByTestId('pd-votes-left')).toHaveText('Sinulla on ääniä jäljellä: 3');
	await press(candidate(a, HANDOVER).getByTestId('pd-vote'));
	await press(candidate(b, HANDOVER).getByTestId('pd-vote'));
	await press(candidate(b, HANDOVER).getByTestId('pd-vote'));
	await press(candidate(b, LANGUAGE).getByTestId('pd-vote'));
	await press(candidate(b, LANGUAGE).getByTestId('pd-unvote'));
	for (const viewer of [a, b]) {
		await expect(candidate(viewer, HANDOVER).getByTestId('pd-votes')).toHaveText('Ääniä: 3');
		await expect(candidate(viewer, LANGUAGE).getByTestId('pd-votes')).toHaveText('Ääniä: 0');
		// Most dots first.
		await expect(viewer.getByTestId('pd-candidate').first()).toContainText(HANDOVER);
	}
	await expect(b.getByTestId('pd-votes-left')).toHaveText('Sinulla on ääniä jäljellä: 1');
	await expect(a.getByTestId('pd-chosen-none')).toBeVisible();
	await expectNoAxeViolations(a);
	await shoot(a, 'problem-definition-candidates-fi', '[data-testid="problem-definition"]');

	// Aino starts to choose the language candidate, then cancels with Escape: nothing is chosen.
	await press(candidate(a, LANGUAGE).getByTestId('pd-choose'));
	await expect(a.getByTestId('pd-confirm')).toBeVisible();
	await expect(a.getByTestId('pd-confirm')).toContainText(LANGUAGE);
	await a.keyboard.press('Escape');
	await expect(a.getByTestId('pd-confirm')).toBeHidden();
	await expect(a.getByTestId('pd-chosen-none')).toBeVisible();

	// Bertil chooses the most-voted candidate, with confirmation, by keyboard.
	await press(candidate(b, HANDOVER).getByTestId('pd-choose'));
	await expect(b.getByTestId('pd-confirm')).toBeVisible();
	await expectNoAxeViolations(b);
	await shoot(b, 'problem-definition-confirm-fi');
	await press(b.getByTestId('pd-confirm-yes'));
	await expect(b.getByTestId('pd-status')).toHaveText(`Kehittämistehtävä valittu: ${HANDOVER}`);
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('pd-chosen-text')).toHaveText(HANDOVER);
		await expect(candidate(viewer, HANDOVER).getByTestId('pd-chosen-badge')).toBeVisible();
		await expect(viewer.getByTestId('pd-seed-list')).toHaveText(LANGUAGE);
	}
	await expect(b.locator('h3:focus')).toHaveText('Pöytämme kehittämistehtävä');
	await expectNoAxeViolations(a);
	await shoot(a, 'problem-definition-chosen-fi', '[data-testid="problem-definition"]');
	for (const viewer of [a, b]) await expect(viewer.getByTestId('board-refused')).toHaveCount(0);

	// The projector shows the table's chosen task beside its board.
	const projector = await page.context().newPage();
	await projector.setViewportSize(LAPTOP);
	await projector.goto(`/facilitator/w/${workshopId}/projector`);
	await expect(projector.getByTestId('projector-task-1')).toContainText(HANDOVER);

	// The facilitator harvests the unchosen seed into the plenary and writes a plenary note.
	await page.goto(`/facilitator/w/${workshopId}`);
	await press(page.getByTestId('plenary-link'));
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/plenary$`));
	const table1 = page.getByTestId('harvest-table-1');
	await expect(table1).toContainText(`Tehtävä: ${HANDOVER}`);
	const pick = table1.getByRole('checkbox', { name: LANGUAGE });
	await pick.focus();
	await page.keyboard.press('Space');
	await expect(pick).toBeChecked();
	await expect(page.getByTestId('harvest-submit')).toHaveText('Tuo valitut yhteiseen tauluun (1)');
	await press(page.getByTestId('harvest-submit'));
	await expect(page.getByTestId('harvest-status')).toHaveText('Tuotu yhteiseen tauluun: 1.');
	const harvested = page.getByTestId('plenary-item').filter({ hasText: LANGUAGE });
	await expect(harvested.getByTestId('plenary-source')).toHaveText('Pöytä 1');
	await expect(pick).toBeDisabled();
	await page.getByTestId('plenary-note').focus();
	await page.keyboard.type('Kieli nousi esiin kaikilla pöydillä');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('plenary-note-status')).toHaveText('Muistiinpano lisätty.');
	await expect(page.getByTestId('plenary-item')).toHaveCount(2);
	await expectNoAxeViolations(page);
	await shoot(page, 'plenary-desk-fi');

	// The projector follows: the harvested item, linked to its table, and the plenary note.
	const plenaryOnProjector = projector.getByTestId('plenary-notes');
	await expect(plenaryOnProjector.getByTestId('plenary-item')).toHaveCount(2);
	await expect(
		plenaryOnProjector.getByTestId('plenary-item').filter({ hasText: LANGUAGE })
	).toContainText('Pöytä 1');
	await expectNoAxeViolations(projector);
	await shoot(projector, 'projector-tasks-plenary-fi');

	// Swedish.
	await useLanguage(a, 'sv');
	await expect(a.getByTestId('problem-definition')).toContainText('Problemformulering');
	await expect(a.getByTestId('pd-seeds')).toContainText('Utvecklingsidéer');
	await expectNoAxeViolations(a);
	await shoot(a, 'problem-definition-chosen-sv', '[data-testid="problem-definition"]');
	await useLanguage(page, 'sv');
	await expect(page.getByTestId('harvest')).toContainText('Skörda från borden');
	await expect(page.getByTestId('plenary-source')).toHaveText('Bord 1');
	await expectNoAxeViolations(page);
	await shoot(page, 'plenary-desk-sv');
	await useLanguage(projector, 'sv');
	await expect(projector.getByTestId('projector-task-1')).toContainText('Utvecklingsuppgift');
	await expectNoAxeViolations(projector);
	await shoot(projector, 'projector-tasks-plenary-sv');

	// Aino changes the table's mind: the other candidate becomes the task, the first a seed.
	await useLanguage(a, 'fi');
	await press(candidate(a, LANGUAGE).getByTestId('pd-choose'));
	await press(a.getByTestId('pd-confirm-yes'));
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('pd-chosen-text')).toHaveText(LANGUAGE);
		await expect(viewer.getByTestId('pd-seed-list')).toHaveText(HANDOVER);
	}
	await useLanguage(projector, 'fi');
	await expect(projector.getByTestId('projector-task-1')).toContainText(LANGUAGE);
	await contextA.close();
	await contextB.close();
});
