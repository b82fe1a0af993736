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

test('private writing: notes written offline and sent after the reveal are refused and told; the revealed notes land in the phase’s area', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
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
	for (const viewer of [a, b]) await press(viewer.getByTestId('view-outline'));
	// The morning's third phase charts the work privately on the two-area board.
	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	await page.getByTestId('phase-next').click();
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('private-banner')).toBeVisible();
		await expect(viewer.getByTestId('board-empty')).toBeVisible();
		await expect(viewer.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	}
	await addNote(a, 'Ainon oma ajatus');
	await expect(a.getByTestId('connection-status')).toHaveAttribute('data-pending', 'false');

	// Bertil writes while offline; meanwhile the facilitator reveals.
	await contextB.setOffline(true);
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'offline');
	await addNote(b, 'Bertilin ajatus ilman verkkoa');
	await press(page.getByTestId('reveal-button'));
	await expect(page.getByTestId('reveal-done')).toBeVisible();

	// Aino's note is on the table board, inside the phase's first area, not below the areas.
	await expect(a.getByTestId('private-banner')).toHaveCount(0);
	const meaningful = a.getByTestId('outline-area').filter({ hasText: 'Merkityksellistä' });
	await expect(meaningful.getByTestId('note-text')).toHaveValue('Ainon oma ajatus');
	await expect(a.getByTestId('outline-outside').getByTestId('note-text')).toHaveCount(0);

	// Back online, Bertil's note reaches a private room that takes no writes any more: he is told,
	// and his device keeps no private board.
	await contextB.setOffline(false);
	await expect(b.getByTestId('board-refused')).toHaveAttribute('data-refusal', 'closed', {
		timeout: 25_000
	});
	await expect(b.getByTestId('private-banner')).toHaveCount(0);
	await expect.poll(() => texts(b)).toEqual(['Ainon oma ajatus']);
	await expect
		.poll(() =>
			b.evaluate(async (prefix) => {
				const databases = await indexedDB.databases();
				return databases.map((db) => db.name ?? '').filter((name) => name.startsWith(prefix));
			}, `rajapinta/workshop/${workshopId}/table/1/private`)
		)
		.toEqual([]);
	await a.waitForTimeout(1000);
	expect(await texts(a)).toEqual(['Ainon oma ajatus']);
	await contextA.close();
	await contextB.close();
});
