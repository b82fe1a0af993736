import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, LAPTOP, press, shoot } from './outline-helpers.ts';
import { addCandidate, candidate } from './workshop-helpers.ts';

const FIRST = 'Tieto ei kulje';
const SECOND = 'Asiakas katoaa siirrossa';

test('hidden vote counts: each participant sees only their own votes until the facilitator shows them to everyone', async ({
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

	// The plan: the candidates phase (the fourth) hides the counts.
	await page.getByTestId('edit-plan').click();
	const candidatesPhase = page.getByTestId('plan-phase').nth(3);
	await press(candidatesPhase.locator('summary'));
	await candidatesPhase.getByLabel('Piilota äänimäärät, kunnes näytät ne').check();
	await page.getByTestId('plan-save').click();
	await expect(page.getByTestId('plan-status')).toContainText('Ohjelma tallennettu');
	await page.goto(`/facilitator/w/${workshopId}`);

	const a = await joinAs(await browser.newContext({ viewport: LAPTOP }), joinCode, AINO);
	const b = await joinAs(await browser.newContext({ viewport: LAPTOP }), joinCode, BERTIL);
	await page.getByTestId('start-day').click();
	for (let step = 0; step < 3; step++) await page.getByTestId('phase-next').click();
	await expect(page.getByTestId('vote-counts-show')).toBeVisible();

	await addCandidate(a, FIRST);
	await addCandidate(b, SECOND);
	await expect(candidate(a, SECOND)).toHaveCount(1);
	// Bertil gives both his votes to the second candidate, Aino one to the first.
	await press(candidate(b, SECOND).getByTestId('pd-vote'));
	await press(candidate(b, SECOND).getByTestId('pd-vote'));
	await press(candidate(a, FIRST).getByTestId('pd-vote'));

	// Each sees their own votes only, and the candidates stay in the order written.
	await expect(a.getByTestId('votes-hidden')).toBeVisible();
	await expect(candidate(a, FIRST).getByTestId('pd-votes')).toHaveText('Sinun äänesi: 1');
	await expect(candidate(a, SECOND).getByTestId('pd-votes')).toHaveText('Sinun äänesi: 0');
	await expect(candidate(b, SECOND).getByTestId('pd-votes')).toHaveText('Sinun äänesi: 2');
	await expect(b.getByTestId('pd-candidate').first()).toContainText(FIRST);
	await expectNoAxeViolations(a);
	await shoot(a, 'hidden-votes-participant-fi');
	await expectNoAxeViolations(page);
	await shoot(page, 'hidden-votes-console-fi');

	await press(page.getByTestId('vote-counts-show'));
	await expect(page.getByTestId('vote-counts-shown')).toBeVisible();
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('votes-hidden')).toHaveCount(0);
		await expect(candidate(viewer, SECOND).getByTestId('pd-votes')).toHaveText('Ääniä: 2');
		await expect(candidate(viewer, FIRST).getByTestId('pd-votes')).toHaveText('Ääniä: 1');
		// Most votes first, now that everyone may see them.
		await expect(viewer.getByTestId('pd-candidate').first()).toContainText(SECOND);
	}

	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: new URL(page.url()).origin }]);
	await page.reload();
	await expect(page.getByTestId('vote-counts-shown')).toHaveText('Antalet röster syns för alla.');
	await expectNoAxeViolations(page);
	await shoot(page, 'hidden-votes-console-sv');
});
