import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
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

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

/** Table sizes as the facilitator's page shows them now. */
async function tableSizes(page: Page): Promise<number[]> {
	const sizes: number[] = [];
	for (const table of [1, 2, 3]) {
		sizes.push(
			await page
				.getByTestId(`current-table-${table}`)
				.getByTestId(/^current-person-/)
				.count()
		);
	}
	return sizes;
}

const personRow = (page: Page, name: string): Locator =>
	page
		.getByTestId(/^current-person-/)
		.filter({ has: page.locator('strong').getByText(name, { exact: true }) });

async function personId(row: Locator): Promise<string> {
	return (await row.getAttribute('data-testid'))!.replace('current-person-', '');
}

test('registration is switched on and off on the plan page, by keyboard', async ({
	page,
	signUpFacilitator,
	createWorkshop,
	expectNoAxeViolations
}) => {
	await signUpFacilitator(page);
	const { workshopId } = await createWorkshop(page, { tableCount: 3 });
	await page.goto(`/facilitator/w/${workshopId}/plan`);
	const toggle = page.getByTestId('plan-registration-switch');
	await expect(toggle).toHaveAttribute('role', 'switch');
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	await expect(toggle).toHaveAccessibleName('Ilmoittautuminen');
	await expect(page.getByTestId('plan-registration-link')).toHaveCount(0);

	await toggle.focus();
	await page.keyboard.press('Space');
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await expect(page.getByTestId('plan-registration-status')).toHaveText(
		'Ilmoittautuminen on päällä.'
	);
	await expect(toggle).toBeFocused();
	await expectNoAxeViolations(page);
	await shoot(page, 'plan-registration-on-fi');

	// The registration page agrees, and its link takes registrations.
	await page.getByTestId('plan-registration-link').click();
	await expect(page).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/registration$`));
	await expect(page.getByText('Ilmoittautuminen on auki.')).toBeVisible();

	await page.goto(`/facilitator/w/${workshopId}/plan`);
	await useLanguage(page, 'sv');
	await expect(toggle).toHaveAccessibleName('Anmälan');
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await expectNoAxeViolations(page);
	await shoot(page, 'plan-registration-on-sv');
	await toggle.focus();
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	await expect(page.getByTestId('plan-registration-status')).toHaveText('Anmälan är av.');
	await page.goto(`/facilitator/w/${workshopId}/registration`);
	await expect(page.getByText('Anmälan är stängd.')).toBeVisible();
});

test('the facilitator drags a person to another table, pins and groups people, marks people not here and evens out the tables', async ({
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
	for (let i = 0; i < 11; i++) {
		const api = await playwright.request.newContext({ baseURL });
		const response = await api.post('/join', {
			form: {
				code: joinCode,
				displayName: `Osallistuja ${i + 1}`,
				organisation: `Organisaatio ${i + 1}`,
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
	await page.goto(`/facilitator/w/${workshopId}/tables`);
	await expect(page.getByTestId(/^current-person-/)).toHaveCount(12);
	expect(await tableSizes(page)).toEqual([4, 4, 4]);

	// Drag and drop: Aino to another table; her screen switches at once.
	const ainoRow = personRow(page, 'Aino');
	const ainoId = await personId(ainoRow);
	const from = Number(await page.getByTestId(`move-table-${ainoId}`).inputValue());
	const to = (from % 3) + 1;
	// Tall enough that nothing scrolls while the mouse drags.
	await page.setViewportSize({ width: 1280, height: 3000 });
	await ainoRow.locator('strong').dragTo(page.getByTestId(`current-table-${to}`).locator('h3'));
	await page.setViewportSize({ width: 1280, height: 800 });
	await expect(page.getByTestId('tables-status')).toContainText(`Aino siirrettiin pöytään ${to}`);
	await expect(page.getByTestId(`current-table-${to}`)).toContainText('Aino');
	await expect(aino.getByTestId('table-number')).toHaveText(`Pöytä ${to}`);

	// Pin Aino to table 1 (she moves there) and keep two Swedish speakers together.
	await page.getByTestId(`constraints-${ainoId}`).click();
	await page.getByTestId(`pin-${ainoId}`).selectOption('1');
	await page.getByTestId(`constraints-save-${ainoId}`).click();
	await expect(page.getByTestId('tables-status')).toContainText('Rajoitukset tallennettiin: Aino.');
	await expect(page.getByTestId('current-table-1')).toContainText('Aina pöydässä 1');
	await expect(aino.getByTestId('table-number')).toHaveText('Pöytä 1');
	for (const name of ['Osallistuja 1', 'Osallistuja 2']) {
		const id = await personId(personRow(page, name));
		await page.getByTestId(`constraints-${id}`).click();
		await page.getByTestId(`group-${id}`).selectOption('sv');
		await page.getByTestId(`constraints-save-${id}`).click();
		await expect(page.getByTestId('tables-status')).toContainText(`tallennettiin: ${name}.`);
	}
	await expect(
		page.getByTestId(/^current-person-/).filter({ hasText: 'Kieliryhmä: Svenska' })
	).toHaveCount(2);

	// Mixing honours both, and the proposal says why.
	await page.getByTestId('tables-mix').click();
	await expect(page.getByTestId('tables-proposal')).toBeVisible();
	await expect(page.getByTestId('proposal-table-1')).toContainText('Aino');
	await expect(page.getByTestId(/^proposal-group-\d-sv$/)).toHaveCount(1);
	await expect(page.getByTestId(/^proposal-group-\d-sv$/)).toContainText('2/2');
	await expect(page.getByTestId('proposal-table-1')).toContainText(
		'Kiinnitettyjä tähän pöytään: 1'
	);
	await expectNoAxeViolations(page);
	await shoot(page, 'tables-constraints-proposal-fi');
	await page.getByTestId('tables-apply').click();
	await expect(page.getByTestId('tables-status')).toContainText('Pöytää vaihtaneita');
	await expect(aino.getByTestId('table-number')).toHaveText('Pöytä 1');

	// Three people at one table are not here: the tables even out with the fewest moves.
	const sizesBefore = await tableSizes(page);
	expect(sizesBefore).toEqual([4, 4, 4]);
	const leaving = page.getByTestId('current-table-3').getByTestId(/^current-person-/);
	for (let i = 0; i < 3; i++) {
		const row = leaving.first();
		const id = await personId(row);
		await page.getByTestId(`absent-${id}`).click();
		await expect(page.getByTestId('tables-absent')).toContainText(`(${i + 1})`);
	}
	expect(await tableSizes(page)).toEqual([4, 4, 1]);
	await page.getByTestId('tables-rebalance').click();
	await expect(page.getByTestId('tables-rebalanced').getByRole('listitem')).toHaveCount(2);
	await expect(page.getByTestId('tables-rebalanced')).toContainText('pöytään 3');
	expect(await tableSizes(page)).toEqual([3, 3, 3]);
	// Aino was pinned: she stayed.
	await expect(page.getByTestId('current-table-1')).toContainText('Aino');
	await expectNoAxeViolations(page);
	await shoot(page, 'tables-rebalanced-fi');

	// One comes back: seated at a smallest table, sizes still within one.
	const back = page.getByTestId(/^back-/).first();
	await back.click();
	await expect(page.getByTestId('tables-status')).toContainText('on taas paikalla pöydässä');
	const afterBack = await tableSizes(page);
	expect(Math.max(...afterBack) - Math.min(...afterBack)).toBeLessThanOrEqual(1);

	await useLanguage(page, 'sv');
	await expect(page.getByTestId('tables-absent')).toContainText('Inte här (2)');
	await page.getByTestId(`constraints-${ainoId}`).click();
	await expectNoAxeViolations(page);
	await shoot(page, 'tables-constraints-sv');
});
