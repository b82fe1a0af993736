import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, LAPTOP, addNote, press, shoot, texts } from './outline-helpers.ts';

async function useSwedish(context: BrowserContext, page: Page): Promise<void> {
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: new URL(page.url()).origin }
	]);
	await page.reload();
}

test('private writing: each participant sees only their own notes until the facilitator reveals them, then everyone sees all', async ({
	page,
	browser,
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
	await expect(page.getByTestId('reveal-panel')).toHaveCount(0);

	// The morning's problem definition (third phase) starts with private writing.
	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	await page.getByTestId('phase-next').click();
	await expect(page.getByTestId('reveal-button')).toBeVisible();
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('private-banner')).toContainText('Vain sinä näet');
		// The private board has loaded (empty) before anyone writes on it.
		await expect(viewer.getByTestId('board-empty')).toBeVisible();
		await expect(viewer.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	}

	await addNote(a, 'Ainon oma ajatus');
	await addNote(b, 'Bertilin oma ajatus');
	await expect.poll(() => texts(a)).toEqual(['Ainon oma ajatus']);
	await expect.poll(() => texts(b)).toEqual(['Bertilin oma ajatus']);
	await expect(a.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(b.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	// The table board is still readable, and holds nothing of anyone's private notes.
	await press(b.getByTestId('private-table'));
	await expect(b.getByTestId('board-rights')).toContainText('vain katsoa');
	// The warm-up's metaphor area and this phase's two areas are on the table board; no one's
	// private note is in them.
	await expect(b.getByTestId('outline-area')).toHaveCount(3);
	expect(await texts(b)).toEqual([]);
	await press(b.getByTestId('private-mine'));
	await expect.poll(() => texts(b)).toEqual(['Bertilin oma ajatus']);
	expect(await texts(a)).toEqual(['Ainon oma ajatus']);

	await expectNoAxeViolations(a);
	await shoot(a, 'private-writing-fi');
	await expectNoAxeViolations(page);
	await page.getByTestId('reveal-panel').scrollIntoViewIfNeeded();
	await shoot(page, 'private-console-fi');

	// Swedish; a reload brings the private board back as it was.
	await useSwedish(contextA, a);
	await press(a.getByTestId('view-outline'));
	await expect(a.getByTestId('private-banner')).toContainText('Bara du ser');
	await expect.poll(() => texts(a)).toEqual(['Ainon oma ajatus']);
	await expectNoAxeViolations(a);
	await shoot(a, 'private-writing-sv');
	await useSwedish(page.context(), page);
	await expect(page.getByTestId('reveal-button')).toHaveText('Visa lapparna');
	await expectNoAxeViolations(page);
	await shoot(page, 'private-console-sv');

	await press(page.getByTestId('reveal-button'));
	await expect(page.getByTestId('reveal-done')).toBeVisible();
	const both = ['Ainon oma ajatus', 'Bertilin oma ajatus'];
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('private-banner')).toHaveCount(0);
		await expect.poll(async () => (await texts(viewer)).sort()).toEqual(both);
	}
	await expectNoAxeViolations(b);
	await contextA.close();
	await contextB.close();
});
