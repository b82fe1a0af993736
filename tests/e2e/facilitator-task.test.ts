import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, LAPTOP, press, shoot } from './outline-helpers.ts';

const LANGUAGE = 'Kielitaito ei riitä palveluihin';
const HANDOVER = 'Asiakas katoaa siirrossa palvelusta toiseen';

function candidate(page: Page, text: string): Locator {
	return page.getByTestId('pd-candidate').filter({ hasText: text });
}

async function addCandidate(page: Page, text: string): Promise<void> {
	const draft = page.getByTestId('pd-draft-problem_candidates');
	await draft.fill(text);
	await press(page.getByTestId('pd-add-problem_candidates'));
	await expect(draft).toHaveValue('');
}

test('the facilitator chooses a table’s development task on the table page, by keyboard; the table sees it', async ({
	page,
	browser,
	baseURL,
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
	const a = await joinAs(contextA, joinCode, AINO);
	// Opening, warm-up, the private charting, then the candidates.
	await page.getByTestId('start-day').click();
	for (let step = 0; step < 3; step++) await page.getByTestId('phase-next').click();
	await expect(a.getByTestId('pd-candidates')).toBeVisible();
	await addCandidate(a, LANGUAGE);
	await addCandidate(a, HANDOVER);

	// The console's table view: candidates and the choice, no writing or voting of their own.
	await page.goto(`/facilitator/w/${workshopId}/table/1`);
	const section = page.getByTestId('problem-definition');
	await expect(section).toContainText('Pöydän 1 kehittämistehtävä');
	await expect(page.getByTestId('pd-candidate')).toHaveCount(2);
	await expect(section.getByTestId('pd-vote')).toHaveCount(0);
	await expect(section.getByTestId('pd-votes-left')).toHaveCount(0);
	await expect(section.getByTestId('pd-draft-problem_candidates')).toHaveCount(0);
	await expect(page.getByTestId('pd-chosen-none')).toBeVisible();

	await press(candidate(page, HANDOVER).getByTestId('pd-choose'));
	await expect(page.getByTestId('pd-confirm')).toContainText('pöydän 1 kehittämistehtäväksi');
	await expect(page.getByTestId('pd-confirm-yes')).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('pd-chosen-text')).toHaveText(HANDOVER);
	await expect(page.getByTestId('pd-status')).toContainText(HANDOVER);
	// The table sees the task the facilitator chose.
	await expect(a.getByTestId('pd-chosen-text')).toHaveText(HANDOVER);
	await expect(candidate(a, HANDOVER).getByTestId('pd-chosen-badge')).toBeVisible();
	await expectNoAxeViolations(page);
	await shoot(page, 'facilitator-task-fi');

	// Changed to the other candidate, then withdrawn; in Swedish.
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: baseURL! }]);
	await page.reload();
	await expect(section).toContainText('Utvecklingsuppgift för bord 1');
	await press(candidate(page, LANGUAGE).getByTestId('pd-choose'));
	await expect(page.getByTestId('pd-confirm')).toContainText('utvecklingsuppgiften för bord 1');
	await press(page.getByTestId('pd-confirm-yes'));
	await expect(page.getByTestId('pd-chosen-text')).toHaveText(LANGUAGE);
	await expect(a.getByTestId('pd-chosen-text')).toHaveText(LANGUAGE);
	await expectNoAxeViolations(page);
	await shoot(page, 'facilitator-task-sv');
	await press(page.getByTestId('pd-withdraw'));
	await expect(page.getByTestId('pd-chosen-none')).toBeVisible();
	await expect(a.getByTestId('pd-chosen-none')).toBeVisible();
	await contextA.close();
});
