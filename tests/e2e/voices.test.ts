import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, LAPTOP, addNote, press, shoot, texts } from './outline-helpers.ts';

test('the voice-balance view counts notes per actor group, never per person, and names a quiet group', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(180_000);
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1, template: 'half-day-morning' });
	const consoleUrl = page.url();
	const contextA = await browser.newContext({ viewport: LAPTOP });
	const contextB = await browser.newContext({ viewport: LAPTOP });
	const a = await joinAs(contextA, joinCode, AINO);
	const b = await joinAs(contextB, joinCode, BERTIL);
	for (const viewer of [a, b]) await press(viewer.getByTestId('view-outline'));

	// The opening lets the whole table write: Aino writes five notes, Bertil one.
	const ainos = ['Yksi', 'Kaksi', 'Kolme', 'Neljä', 'Viisi'];
	for (const text of ainos) await addNote(a, text);
	await addNote(b, 'Bertilin ainoa');
	await expect.poll(async () => (await texts(a)).length).toBe(6);

	await press(page.getByTestId('voices-link'));
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Kuka on äänessä');
	const row = (actor: string) => page.locator(`[data-testid="voices-row"][data-actor="${actor}"]`);
	await expect
		.poll(async () => {
			await press(page.getByTestId('voices-refresh'));
			return row('employment_office').getByTestId('voices-contributions').textContent();
		})
		.toBe('5');
	await expect(row('social_services').getByTestId('voices-contributions')).toHaveText('1');
	await expect(row('social_services')).toHaveAttribute('data-level', 'quiet');
	await expect(row('ngo')).toHaveAttribute('data-level', 'absent');
	await expect(page.getByTestId('voices-quiet')).toContainText('Sosiaalipalvelut');
	// Counts per group only: no participant's name is on the page.
	await expect(page.locator('main')).not.toContainText('Aino');
	await expect(page.locator('main')).not.toContainText('Bertil');
	await expectNoAxeViolations(page);
	await shoot(page, 'voices-fi');

	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: new URL(consoleUrl).origin }]);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Vem hörs');
	await expect(page.getByTestId('voices-quiet')).toContainText('Tysta grupper');
	await expectNoAxeViolations(page);
	await shoot(page, 'voices-sv');
	await contextA.close();
	await contextB.close();
});
