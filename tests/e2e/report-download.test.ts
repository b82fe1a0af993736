import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures.ts';
import { LAPTOP, PHONE } from './outline-helpers.ts';

/** Kept across runs (Playwright's own output is test-results/playwright). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

test('the console downloads the workshop report in the chosen format and language, anonymised on request', async ({
	page,
	signUpFacilitator,
	createWorkshop,
	expectNoAxeViolations
}) => {
	await signUpFacilitator(page);
	const { workshopId } = await createWorkshop(page, { locality: 'Joensuu', tableCount: 2 });
	const form = page.getByTestId('report-download');
	await expect(form).toBeVisible();

	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const locale of ['fi', 'sv'] as const) {
		await page
			.context()
			.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
		await page.reload();
		for (const [size, viewport] of [
			['laptop', LAPTOP],
			['phone', PHONE]
		] as const) {
			await page.setViewportSize(viewport);
			await form.scrollIntoViewIfNeeded();
			await expectNoAxeViolations(page);
			await form.screenshot({ path: path.join(SCREENSHOT_DIR, `report-${locale}-${size}.png`) });
		}
	}
	// The page is in Swedish now, so the report language starts as Swedish.
	await expect(page.locator('#report-language')).toHaveValue('sv');

	await page.locator('#report-format').selectOption('md');
	await page.locator('#report-language').selectOption('fi');
	const plain = page.waitForEvent('download');
	await form.getByRole('button').press('Enter');
	const named = await plain;
	expect(named.suggestedFilename()).toMatch(/\.md$/);
	const markdown = readFileSync((await named.path())!, 'utf8');
	expect(markdown).toContain('Joensuu');

	await page.locator('#report-anonymise').check();
	await page.locator('#report-format').selectOption('json');
	const coded = page.waitForEvent('download');
	await form.getByRole('button').click();
	const anonymised = readFileSync((await (await coded).path())!, 'utf8');
	expect(anonymised).not.toContain('Joensuu');
	expect(JSON.parse(anonymised)).toMatchObject({ locality: { name: null, code: 'A' } });
	expect(page.url()).toContain(`/facilitator/w/${workshopId}`);
});
