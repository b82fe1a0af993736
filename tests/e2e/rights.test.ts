import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, LAPTOP, addNote, press, shoot, texts } from './outline-helpers.ts';

test('a phase where participants edit only their own notes: the board offers no more, and the server refuses an edit made offline before it', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);
	// The morning template opens with the whole table editing, then warms up with own notes only.
	const { joinCode } = await createWorkshop(page, { tableCount: 1, template: 'half-day-morning' });
	const contextA = await browser.newContext({ viewport: LAPTOP });
	const contextB = await browser.newContext({ viewport: LAPTOP });
	const a = await joinAs(contextA, joinCode, AINO);
	const b = await joinAs(contextB, joinCode, BERTIL);
	for (const viewer of [a, b]) await press(viewer.getByTestId('view-outline'));

	await addNote(a, 'Ainon ajatus');
	await expect.poll(() => texts(b)).toEqual(['Ainon ajatus']);
	await expect(b.getByTestId('board-rights')).toHaveCount(0);
	const ainosNote = b.getByTestId('note-text').first();
	await expect(ainosNote).not.toHaveAttribute('readonly');

	// Bertil adds to Aino's note while his Wi-Fi is down; meanwhile the warm-up begins.
	await contextB.setOffline(true);
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'offline');
	await ainosNote.focus();
	await b.keyboard.press('Control+End');
	await b.keyboard.type(' ja Bertilin lisäys');
	await b.keyboard.press('Control+Enter');
	expect(await texts(b)).toEqual(['Ainon ajatus ja Bertilin lisäys']);

	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	await expect(page.locator('[aria-current="step"]')).toContainText('Virittäytyminen');
	await expect(a.getByTestId('board-rights')).toContainText('vain omia lappujasi');

	// Back online, the server refuses the edit; his board ends with what the table has, and he is
	// told. (The notice used to go missing in the full suite: a page data refresh that failed
	// offline reloaded the page just as the refusal came. It is now kept until dismissed.)
	await contextB.setOffline(false);
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online', {
		timeout: 20_000
	});
	await expect.poll(() => texts(b), { timeout: 20_000 }).toEqual(['Ainon ajatus']);
	await expect(b.getByTestId('board-refused')).toHaveAttribute('data-refusal', 'rights');
	// Give a refused or relayed edit time to arrive before checking that it did not.
	await a.waitForTimeout(1000);
	expect(await texts(a)).toEqual(['Ainon ajatus']);

	// From now on the outline offers Bertil only what the phase allows: his own notes.
	await expect(b.getByTestId('note-text').first()).toHaveAttribute('readonly', '');
	await expect(b.getByTestId('delete-note')).toHaveCount(0);
	await addNote(b, 'Bertilin kortti');
	await expect
		.poll(async () => (await texts(a)).sort())
		.toEqual(['Ainon ajatus', 'Bertilin kortti']);
	await expect(b.getByTestId('delete-note')).toHaveCount(1);

	await expectNoAxeViolations(b);
	await shoot(b, 'rights-edit-own-fi');
	await contextB.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: new URL(b.url()).origin }
	]);
	await b.reload();
	await press(b.getByTestId('view-outline'));
	await expect(b.getByTestId('board-rights')).toContainText('bara dina egna lappar');
	await expectNoAxeViolations(b);
	await shoot(b, 'rights-edit-own-sv');
	await contextA.close();
	await contextB.close();
});
