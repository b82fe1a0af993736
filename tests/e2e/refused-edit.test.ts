import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, LAPTOP, addNote, press, shoot, texts } from './outline-helpers.ts';

test('an edit made offline that reaches a board locked meanwhile is refused, and the participant is told, also after a reload', async ({
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
	const { joinCode } = await createWorkshop(page, { tableCount: 1, template: 'half-day-morning' });
	const contextA = await browser.newContext({ viewport: LAPTOP });
	const contextB = await browser.newContext({ viewport: LAPTOP });
	const a = await joinAs(contextA, joinCode, AINO);
	const b = await joinAs(contextB, joinCode, BERTIL);
	for (const viewer of [a, b]) await press(viewer.getByTestId('view-outline'));
	await addNote(a, 'Ainon ajatus');
	await expect.poll(() => texts(b)).toEqual(['Ainon ajatus']);

	// Bertil adds to Aino's note while his Wi-Fi is down; meanwhile the facilitator locks the board.
	await contextB.setOffline(true);
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'offline');
	await b.getByTestId('note-text').first().focus();
	await b.keyboard.press('Control+End');
	await b.keyboard.type(' ja Bertilin lisäys');
	await b.keyboard.press('Control+Enter');
	expect(await texts(b)).toEqual(['Ainon ajatus ja Bertilin lisäys']);
	await page.getByTestId('lock-table-1').click();
	await expect(a.getByTestId('board-locked')).toBeVisible();

	// Back online: the server drops the edit, and Bertil is told so; his board is the table's.
	await contextB.setOffline(false);
	const notice = b.getByTestId('board-refused');
	await expect(notice).toBeVisible({ timeout: 20_000 });
	await expect(notice).toHaveAttribute('data-refusal', 'closed');
	await expect(notice).toContainText('Muutoksesi eivät tallentuneet');
	await expect.poll(() => texts(b), { timeout: 20_000 }).toEqual(['Ainon ajatus']);
	await a.waitForTimeout(1000);
	expect(await texts(a)).toEqual(['Ainon ajatus']);

	// The notice stays until dismissed, even when the page is loaded again meanwhile.
	await b.reload();
	await expect(b.getByTestId('board-refused')).toBeVisible();
	await expectNoAxeViolations(b);
	await shoot(b, 'refused-closed-fi');
	await contextB.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: baseURL! }]);
	await b.reload();
	await expect(b.getByTestId('board-refused')).toContainText('Dina ändringar sparades inte');
	await expectNoAxeViolations(b);
	await shoot(b, 'refused-closed-sv');
	await press(b.getByTestId('board-refused-dismiss'));
	await expect(b.getByTestId('board-refused')).toHaveCount(0);
	await b.reload();
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(b.getByTestId('board-refused')).toHaveCount(0);
	await contextA.close();
	await contextB.close();
});
