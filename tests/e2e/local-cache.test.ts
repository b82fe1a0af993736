import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, BERTIL, CECILIA, LAPTOP, PHONE, addNote, press } from './outline-helpers.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Screenshots of the page as it is, at laptop and phone width. */
async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(viewport);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`) });
	}
	await page.setViewportSize(LAPTOP);
}

/** The names of this browser's board caches for one workshop (IndexedDB databases). */
function cachesOf(page: Page, workshopId: string): Promise<string[]> {
	return page.evaluate(async (prefix) => {
		const databases = await indexedDB.databases();
		return databases.map((db) => db.name ?? '').filter((name) => name.startsWith(prefix));
	}, `rajapinta/workshop/${workshopId}/`);
}

test('a shared laptop keeps no board: leaving, deleting one’s data and a closed session (4401) clear the local cache', async ({
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
	const tableCache = `rajapinta/workshop/${workshopId}/table/1`;

	// Aino writes a note: the board is cached on her device.
	const contextA = await browser.newContext({ viewport: LAPTOP });
	const a = await joinAs(contextA, joinCode, AINO);
	await press(a.getByTestId('view-outline'));
	await addNote(a, 'Ainon ajatus');
	await expect.poll(() => cachesOf(a, workshopId)).toEqual([tableCache]);

	// She leaves by keyboard: a confirmation first, which Cancel takes back.
	await press(a.getByTestId('leave-start'));
	await expect(a.getByTestId('leave-confirm')).toBeFocused();
	await expect(a.getByTestId('leave')).toContainText('poistetaan tämän laitteen muistista');
	await expectNoAxeViolations(a);
	await shoot(a, 'leave-confirm-fi');
	await press(a.getByTestId('leave-cancel'));
	await expect(a.getByTestId('leave-start')).toBeFocused();
	await contextA.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: baseURL! }]);
	await a.reload();
	await press(a.getByTestId('leave-start'));
	await expect(a.getByTestId('leave')).toContainText('tas workshoppens tavlor bort');
	await expectNoAxeViolations(a);
	await shoot(a, 'leave-confirm-sv');
	await press(a.getByTestId('leave-confirm'));
	await expect(a).toHaveURL(/\/join\?left=1$/);
	await expect(a.getByTestId('join-left')).toContainText('Du har lämnat workshoppen');
	await expectNoAxeViolations(a);
	await shoot(a, 'leave-done-sv');
	await contextA.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'fi', url: baseURL! }]);
	await a.reload();
	await expect(a.getByTestId('join-left')).toContainText('Olet poistunut työpajasta');
	await expectNoAxeViolations(a);
	await shoot(a, 'leave-done-fi');
	expect(await cachesOf(a, workshopId)).toEqual([]);
	// The credential went too: the table page sends her to join again.
	await a.goto(`/w/${workshopId}/table`);
	await expect(a).toHaveURL(/\/join$/);
	await contextA.close();

	// Bertil deletes his personal data: the cache goes with it.
	const contextB = await browser.newContext({ viewport: LAPTOP });
	const b = await joinAs(contextB, joinCode, BERTIL);
	await expect.poll(() => cachesOf(b, workshopId)).toEqual([tableCache]);
	await b.getByTestId('privacy-link').click();
	await b.getByTestId('privacy-delete').click();
	await b.getByTestId('privacy-confirm').click();
	await expect(b.getByTestId('privacy-deleted')).toBeVisible();
	expect(await cachesOf(b, workshopId)).toEqual([]);
	await contextB.close();

	// Cecilia's table page is open when her session ends on the server (her data erased from
	// another tab): the sync socket closes with 4401 and the page deletes the cache by itself.
	const contextC = await browser.newContext({ viewport: LAPTOP });
	const c = await joinAs(contextC, joinCode, CECILIA);
	await press(c.getByTestId('view-outline'));
	await addNote(c, 'Cecilian ajatus');
	await expect.poll(() => cachesOf(c, workshopId)).toEqual([tableCache]);
	const erased = await c.request.post(`/w/${workshopId}/privacy?/delete`, {
		form: { confirm: 'yes' },
		headers: { origin: baseURL!, accept: 'text/html' }
	});
	expect(erased.ok()).toBe(true);
	await expect(c.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'online', {
		timeout: 15_000
	});
	await expect.poll(() => cachesOf(c, workshopId), { timeout: 15_000 }).toEqual([]);
	await contextC.close();
});
