import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (test-results is Playwright's output folder). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

const VIEWPORTS = [
	{ name: '1280', width: 1280, height: 800 },
	{ name: '360', width: 360, height: 640 }
] as const;

/** The note list is the board's outline view; the laptop default is the canvas. */
async function useOutline(page: Page): Promise<void> {
	await page.getByTestId('view-outline').click();
	await expect(page.getByTestId('board-outline')).toBeVisible();
}

async function screenshots(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize({ width: viewport.width, height: viewport.height });
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${viewport.name}.png`),
			fullPage: true
		});
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('a facilitator signs up, signs out, signs in and creates a workshop', async ({
	page,
	signUpFacilitator,
	createWorkshop
}) => {
	const facilitator = await signUpFacilitator(page);
	await expect(page.getByTestId('no-workshops')).toBeVisible();

	await page.getByTestId('sign-out').click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('sign-out')).toHaveCount(0);
	await page.goto('/facilitator');
	await expect(page).toHaveURL(/\/facilitator\/sign-in$/);

	await page.getByTestId('signin-email').fill(facilitator.email);
	await page.getByTestId('signin-password').fill('väärä-salasana-123');
	await page.getByTestId('signin-submit').click();
	await expect(page.getByTestId('error-summary')).toContainText(
		'Sähköposti tai salasana on väärin'
	);
	await page.getByTestId('signin-password').fill(facilitator.password);
	await page.getByTestId('signin-submit').click();
	await expect(page).toHaveURL(/\/facilitator$/);

	const workshop = await createWorkshop(page, { title: 'Pohjois-Savon rajanylityspaja' });
	await expect(page.getByTestId('join-code-display')).toHaveText(workshop.joinCode);
	await expect(page.getByTestId('join-url')).toContainText(`/join?code=${workshop.joinCode}`);

	await page.goto('/facilitator');
	const item = page.getByTestId('workshop-item').filter({ hasText: workshop.title });
	await expect(item.getByTestId('workshop-code')).toHaveText(workshop.joinCode);
	await expect(item).toContainText('Aamupäivä');
});

test('two participants at one table see each other and each other’s typing', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1 });
	const contextA = await browser.newContext();
	const contextB = await browser.newContext();
	const a = await joinAs(contextA, joinCode, {
		displayName: 'Aino',
		organisation: 'Kuopion TE-toimisto',
		actorType: 'employment_office'
	});
	const b = await joinAs(contextB, joinCode, {
		displayName: 'Bertil',
		organisation: 'Kuopion sosiaalipalvelut',
		actorType: 'social_services'
	});
	await useOutline(a);
	await useOutline(b);
	await expect(a.getByTestId('table-number')).toHaveText('Pöytä 1');
	await expect(b.getByTestId('table-number')).toHaveText('Pöytä 1');
	await expect(a.getByTestId('presence')).toContainText('Bertil');
	await expect(b.getByTestId('presence')).toContainText('Aino');

	await a.getByTestId('add-note').click();
	const noteOfA = a.getByTestId('note-text').first();
	await expect(noteOfA).toBeFocused();
	await a.keyboard.type('Yhteinen asiakas');
	// The outline shares a text when it is committed (Ctrl+Enter or leaving the field).
	await a.keyboard.press('Control+Enter');
	const noteOfB = b.getByTestId('note-text').first();
	await expect(noteOfB).toHaveValue('Yhteinen asiakas');

	await noteOfB.click();
	await b.keyboard.press('Control+End');
	await b.keyboard.type(' ja yhteinen kohde');
	await b.keyboard.press('Control+Enter');
	await expect(noteOfA).toHaveValue('Yhteinen asiakas ja yhteinen kohde');

	// The note carries the actor type, never the writer's name.
	const card = b.getByTestId('note').first();
	await expect(card).toContainText('TE-toimisto');
	await expect(card).not.toContainText('Aino');

	await contextA.close();
	await contextB.close();
});

test('the facilitator drives phase, timer and locks; the participant follows live', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 2 });
	const context = await browser.newContext();
	const participant = await joinAs(context, joinCode, {
		organisation: 'Kuopion aikuisopisto',
		actorType: 'education'
	});
	await useOutline(participant);
	const phase = participant.getByTestId('phase-name');
	await expect(phase).toHaveText('Aloitus');

	await expect(page.locator('[aria-current="step"]')).toContainText('Aloitus');
	await page.getByTestId('phase-next').click();
	await expect(page.locator('[aria-current="step"]')).toContainText('Virittäytyminen');
	await expect(phase).toHaveText('Virittäytyminen');

	await page.getByTestId('timer-minutes').fill('5');
	await page.getByTestId('timer-start').click();
	await expect(participant.getByTestId('countdown')).toContainText(/Aikaa jäljellä 4:5\d|5:00/);
	await page.getByTestId('timer-pause').click();
	await expect(participant.getByTestId('countdown')).toContainText('Ajastin pysäytetty');

	const table = Number(
		(await participant.getByTestId('table-number').textContent())?.replace(/\D/g, '')
	);
	await page.getByTestId(`lock-table-${table}`).click();
	await expect(participant.getByTestId('board-locked')).toBeVisible();
	await expect(participant.getByTestId('add-note')).toBeDisabled();
	await page.getByTestId(`lock-table-${table}`).click();
	await expect(participant.getByTestId('board-locked')).toHaveCount(0);
	await expect(participant.getByTestId('add-note')).toBeEnabled();

	await page.getByTestId('refresh-participants').click();
	await expect(page.getByTestId(`table-participants-${table}`)).toContainText('Nimetön');
	await expect(page.getByTestId(`table-participants-${table}`)).toContainText(
		'Kuopion aikuisopisto'
	);
	await context.close();
});

test('axe-core finds no WCAG 2.1 AA violations on any page', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	// Many pages and browsers on a shared two-core machine: give it more than the default minute.
	test.slow();
	await page.goto('/');
	await expectNoAxeViolations(page);

	await page.goto('/join');
	await expectNoAxeViolations(page);
	await page.getByTestId('join-submit').click();
	await expect(page.getByTestId('error-summary')).toBeFocused();
	await expectNoAxeViolations(page);

	await page.goto('/facilitator/sign-in');
	await expectNoAxeViolations(page);
	await page.goto('/facilitator/sign-up');
	await expectNoAxeViolations(page);

	await signUpFacilitator(page);
	await expectNoAxeViolations(page);
	const { workshopId, joinCode } = await createWorkshop(page, { tableCount: 1 });
	await expect(page.getByTestId('phase-item').first()).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByTestId('lock-all').click();
	await expect(page.getByTestId('lock-all')).toHaveAttribute('aria-pressed', 'true');
	await expectNoAxeViolations(page);

	const context = await browser.newContext();
	const participant = await joinAs(context, joinCode, {
		displayName: 'Saara',
		organisation: 'Pakolaisneuvonta ry',
		actorType: 'ngo'
	});
	await useOutline(participant);
	await expect(participant.getByTestId('board-locked')).toBeVisible();
	await expectNoAxeViolations(participant);

	await page.goto(`/facilitator/w/${workshopId}/table/1`);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await useOutline(page);
	await page.getByTestId('add-note').click();
	await page.keyboard.type('Kirjattu fasilitoijan näkymästä');
	await page.keyboard.press('Control+Enter');
	await expect(participant.getByTestId('note-text').first()).toHaveValue(
		'Kirjattu fasilitoijan näkymästä'
	);
	await expectNoAxeViolations(page);
	await expectNoAxeViolations(participant);

	await page.goto('/tätä-sivua-ei-ole');
	await expectNoAxeViolations(page);
	await context.close();
});

test('Finnish and Swedish both render, by cookie and by the switcher', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	// Many pages and browsers on a shared two-core machine: give it more than the default minute.
	test.slow();
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fi');
	await expect(page.getByTestId('landing-intro')).toContainText('rajanylityspajoihin');
	await page.goto('/join');
	await expect(page.getByTestId('join-intro')).toContainText('Et tarvitse tunnusta');

	// The switcher posts and comes back to the same page in the chosen language.
	await page.getByTestId('language-sv').click();
	await expect(page).toHaveURL(/\/join$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
	await expect(page.getByTestId('join-intro')).toContainText('Du behöver inget konto');
	await expect(page.getByTestId('language-sv')).toHaveAttribute('aria-current', 'true');
	await page.getByTestId('language-fi').click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'fi');

	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, { tableCount: 3 });

	for (const locale of ['fi', 'sv'] as const) {
		const context = await browser.newContext();
		await context.addCookies([
			{ name: 'PARAGLIDE_LOCALE', value: locale, url: test.info().project.use.baseURL! }
		]);
		const visitor = await context.newPage();
		await visitor.goto('/');
		await expect(visitor.locator('html')).toHaveAttribute('lang', locale);
		await expect(visitor.getByTestId('landing-intro')).toContainText(
			locale === 'fi' ? 'rajanylityspajoihin' : 'gränsöverskridande workshoppar'
		);
		await screenshots(visitor, `landing-${locale}`);
		await visitor.goto('/join');
		await expect(visitor.getByTestId('join-intro')).toContainText(
			locale === 'fi' ? 'Et tarvitse tunnusta' : 'Du behöver inget konto'
		);
		await screenshots(visitor, `join-${locale}`);
		await visitor.getByTestId('join-submit').click();
		await expect(visitor.getByTestId('error-summary')).toContainText(
			locale === 'fi' ? 'Kirjoita koodi.' : 'Skriv koden.'
		);
		await screenshots(visitor, `join-errors-${locale}`);

		const participant = await joinAs(context, joinCode, {
			displayName: locale === 'fi' ? 'Maija' : 'Linnea',
			organisation: locale === 'fi' ? 'Kuopion kaupunki' : 'Vasa stad',
			actorType: 'social_services'
		});
		await expect(participant.getByTestId('table-number')).toContainText(
			locale === 'fi' ? 'Pöytä' : 'Bord'
		);
		await useOutline(participant);
		await participant.getByTestId('add-note').click();
		await participant.keyboard.type(
			locale === 'fi' ? 'Asiakkaan polku katkeaa siirtymissä' : 'Kundens väg bryts vid övergångar'
		);
		await screenshots(participant, `table-${locale}`);

		await page
			.context()
			.addCookies([
				{ name: 'PARAGLIDE_LOCALE', value: locale, url: test.info().project.use.baseURL! }
			]);
		await page.goto('/facilitator');
		await expect(page.getByTestId('workshop-item')).toHaveCount(1);
		await screenshots(page, `dashboard-${locale}`);
		await page.goto(`/facilitator/w/${workshopId}`);
		await expect(page.getByTestId('phase-item').first()).toBeVisible();
		await screenshots(page, `console-${locale}`);
		await context.close();
	}
});

test('a participant joins and adds a note with the keyboard only', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop
}) => {
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1 });
	const context = await browser.newContext();
	const participant = await context.newPage();
	await participant.goto('/join');
	const focusedId = () => participant.evaluate(() => document.activeElement?.id ?? '');

	await participant.keyboard.press('Tab');
	await expect(participant.locator('.skip-link')).toBeFocused();
	for (let presses = 0; presses < 15 && (await focusedId()) !== 'code'; presses++) {
		await participant.keyboard.press('Tab');
	}
	expect(await focusedId()).toBe('code');
	// Focus must be visible: the global ring is a solid outline.
	expect(
		await participant.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
	).toBe('solid');

	await participant.keyboard.type(joinCode.toLowerCase());
	await participant.keyboard.press('Tab');
	await participant.keyboard.type('Kalle');
	await participant.keyboard.press('Tab');
	await participant.keyboard.type('Kuopion seurakunta');
	await participant.keyboard.press('Tab');
	await participant.keyboard.press('Space');
	await participant.keyboard.press('ArrowDown');
	await participant.keyboard.press('ArrowDown');
	await participant.keyboard.press('ArrowDown');
	await expect(participant.locator('input[value="ngo"]')).toBeChecked();
	await participant.keyboard.press('Tab');
	await expect(participant.getByTestId('join-submit')).toBeFocused();
	await participant.keyboard.press('Enter');

	await expect(participant).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/table$/);
	await expect(participant.getByTestId('table-number')).toHaveText('Pöytä 1');
	await expect(participant.getByTestId('connection-status')).toHaveAttribute(
		'data-status',
		'online'
	);
	// The laptop default is the canvas; the keyboard path is the outline view, one switch away.
	for (let presses = 0; presses < 30; presses++) {
		await participant.keyboard.press('Tab');
		const testId = await participant.evaluate(
			() => document.activeElement?.getAttribute('data-testid') ?? ''
		);
		if (testId === 'view-outline') await participant.keyboard.press('Enter');
		if (testId === 'add-note') break;
	}
	await expect(participant.getByTestId('add-note')).toBeFocused();
	await participant.keyboard.press('Enter');
	await expect(participant.getByTestId('note-text').first()).toBeFocused();
	await participant.keyboard.type('Näppäimistöllä kirjoitettu');
	await expect(participant.getByTestId('note-text').first()).toHaveValue(
		'Näppäimistöllä kirjoitettu'
	);
	await context.close();
});
