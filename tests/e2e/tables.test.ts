import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ActorType } from '#shared/model/actor.ts';
import { expect, test } from './fixtures.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const TYPES: ActorType[] = ['employment_office', 'social_services', 'education', 'ngo', 'client'];

async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', { width: 1280, height: 800 }],
		['360', { width: 360, height: 740 }]
	] as const) {
		await page.setViewportSize(viewport);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`),
			fullPage: true
		});
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('the facilitator mixes the tables for the next round and moves one person, whose screen follows', async ({
	page,
	browser,
	playwright,
	baseURL,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, { tableCount: 3 });

	// Eleven people join as a browser without scripts would (a plain form post), one in a browser.
	for (let i = 0; i < 11; i++) {
		const api = await playwright.request.newContext({ baseURL });
		const response = await api.post('/join', {
			form: {
				code: joinCode,
				displayName: `Osallistuja ${i + 1}`,
				organisation: `Organisaatio ${Math.floor(i / 2) + 1}`,
				actorType: TYPES[i % TYPES.length]
			},
			headers: { origin: baseURL!, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		await api.dispose();
	}
	const aino = await joinAs(await browser.newContext(), joinCode, {
		displayName: 'Aino',
		organisation: 'Kajaanin TE-toimisto',
		actorType: 'employment_office'
	});

	await page.goto(`/facilitator/w/${workshopId}`);
	await page.getByTestId('tables-link').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/tables$`));
	for (const table of [1, 2, 3]) {
		await expect(page.getByTestId(`current-table-${table}`).getByRole('listitem')).not.toHaveCount(
			0
		);
	}
	await expect(page.getByTestId(/^current-person-/)).toHaveCount(12);
	await expectNoAxeViolations(page);
	await shoot(page, 'tables-current-fi');

	await page.getByTestId('tables-mix').click();
	await expect(page.getByTestId('tables-proposal')).toBeVisible();
	await expect(page.getByTestId('proposal-repeats')).toContainText('istuvat taas yhdessä');
	await expectNoAxeViolations(page);
	await shoot(page, 'tables-proposal-fi');
	await page.getByTestId('tables-apply').click();
	await expect(page.getByTestId('tables-status')).toContainText('Pöytää vaihtaneita');
	await expect(page.getByTestId('tables-proposal')).toHaveCount(0);

	// Aino goes to another table; her screen switches without a reload.
	const ainoRow = page.getByTestId(/^current-person-/).filter({ hasText: 'Aino' });
	const select = ainoRow.getByRole('combobox');
	const from = Number((await select.inputValue()) || '0');
	const to = (from % 3) + 1;
	await select.selectOption(String(to));
	await ainoRow.getByRole('button', { name: /^Siirrä/ }).click();
	await expect(page.getByTestId('tables-status')).toContainText(`Aino siirrettiin pöytään ${to}`);
	await expect(aino.getByTestId('table-number')).toHaveText(`Pöytä ${to}`);
	await expect(aino.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');

	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: baseURL! }]);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Borden');
	await expectNoAxeViolations(page);
	await shoot(page, 'tables-current-sv');
});
