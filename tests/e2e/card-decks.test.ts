import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test, type JoinOptions } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (test-results is Playwright's output folder). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const LAPTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 360, height: 740 } as const;

const AINO: JoinOptions = {
	displayName: 'Aino',
	organisation: 'Oulun TE-toimisto',
	actorType: 'employment_office'
};

/** Two small pictures drawn for the test: a bridge-like arch and a sun, as SVG files. */
const svg = (body: string) =>
	Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 160"><rect width="120" height="160" fill="#f3efe4"/>${body}</svg>`
	);
const ARCH = svg(
	'<path d="M10 120 Q60 30 110 120" stroke="#0b4f8a" stroke-width="10" fill="none"/>'
);
const SUN = svg('<circle cx="60" cy="70" r="30" fill="#e0a400"/>');
const SCRIPTED = svg('<script>alert(1)</script>');

async function shoot(page: Page, name: string, element?: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(viewport);
		const target = element ? page.locator(element) : page;
		await target.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`),
			fullPage: !element
		});
	}
	await page.setViewportSize(LAPTOP);
}

async function useLocale(context: BrowserContext, page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }
	]);
	await page.reload();
}

/** Opens the canvas's card menu with the keyboard (retried while the canvas mounts). */
async function openCardMenu(page: Page): Promise<void> {
	await expect(async () => {
		const open = await page
			.locator('details.cards')
			.evaluate((details: HTMLDetailsElement) => details.open);
		if (!open) await page.getByTestId('canvas-add-card').press('Enter');
		await expect(page.locator('.card-menu')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 10_000 });
}

/** Focus, then a key: the way a keyboard user presses a control. */
async function press(target: Locator, key = 'Enter'): Promise<void> {
	await target.focus();
	await target.press(key);
}

/** Whether every picture in `scope` has loaded (an <img> that failed has no natural width). */
async function picturesLoaded(scope: Locator): Promise<boolean[]> {
	return scope
		.locator('img')
		.evaluateAll((images) =>
			images.map(
				(image) =>
					(image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0
			)
		);
}

test('own card deck: a facilitator uploads a deck, chooses it for the warm-up, and a participant picks a card from it', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(240_000);
	await signUpFacilitator(page);

	// From the dashboard to the deck page, by keyboard.
	await press(page.getByTestId('decks-link'));
	await expect(page).toHaveURL(/\/facilitator\/decks$/);
	await expect(page.getByTestId('no-decks')).toBeVisible();

	// A scripted SVG refuses the upload and the message names the file; nothing is stored.
	await page.getByTestId('deck-name').fill('Oulun kuvat');
	await page.getByTestId('deck-pictures').setInputFiles([
		{ name: 'silta.svg', mimeType: 'image/svg+xml', buffer: ARCH },
		{ name: 'paha.svg', mimeType: 'image/svg+xml', buffer: SCRIPTED },
		{ name: 'kuva.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a not a png') }
	]);
	await press(page.getByTestId('deck-upload'));
	const problems = page.getByTestId('deck-problems');
	await expect(problems).toContainText('paha.svg: SVG-kuvassa on skripti');
	await expect(problems).toContainText('kuva.png: tämä ei ole PNG-, JPEG-, WebP- tai SVG-kuva.');
	await expect(problems.locator('li')).toHaveCount(2);
	await expect(page.getByTestId('no-decks')).toBeVisible();
	await expect(page.getByTestId('deck-name')).toHaveValue('Oulun kuvat');
	await expectNoAxeViolations(page);
	await shoot(page, 'decks-upload-error-fi');

	// A picture over 2 MB is named before anything is sent; a body over what the server reads gets
	// the same kind of answer from the server (the browser's check is only a courtesy).
	const huge = Buffer.alloc(2 * 1024 * 1024 + 1);
	huge.set([0xff, 0xd8, 0xff]);
	await page
		.getByTestId('deck-pictures')
		.setInputFiles([{ name: 'iso.jpg', mimeType: 'image/jpeg', buffer: huge }]);
	await press(page.getByTestId('deck-upload'));
	await expect(problems.locator('li')).toHaveText([
		'iso.jpg: kuva on liian suuri. Suurin koko on 2 Mt.'
	]);
	const tooMuch = await page.request.post('/facilitator/decks?/upload', {
		headers: { 'x-sveltekit-action': 'true', Origin: new URL(page.url()).origin },
		multipart: {
			name: 'Liikaa',
			pictures: { name: 'a.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(22 * 1024 * 1024) }
		}
	});
	expect(await tooMuch.json()).toMatchObject({ type: 'failure', status: 413 });
	expect(await tooMuch.text()).toContain('deck_too_large');

	// Two good pictures make the deck; its page names each card after its file.
	await page.getByTestId('deck-pictures').setInputFiles([
		{ name: 'silta.svg', mimeType: 'image/svg+xml', buffer: ARCH },
		{ name: 'aurinko.svg', mimeType: 'image/svg+xml', buffer: SUN }
	]);
	await press(page.getByTestId('deck-upload'));
	await expect(page).toHaveURL(/\/facilitator\/decks\/[a-z0-9]{12}$/);
	const cards = page.getByTestId('deck-card');
	await expect(cards).toHaveCount(2);
	await expect(cards.nth(0).getByTestId('deck-card-name-fi')).toHaveValue('silta');
	await expect.poll(() => picturesLoaded(page.locator('.cards'))).toEqual([true, true]);

	// The facilitator names and describes the cards in Finnish and Swedish, by keyboard.
	const first = cards.nth(0);
	await first.getByTestId('deck-card-name-fi').fill('Kaarisilta');
	await first.getByTestId('deck-card-alt-fi').fill('Sininen kaari vaalealla pohjalla.');
	await first.getByTestId('deck-card-name-sv').fill('Bågbro');
	await first.getByTestId('deck-card-alt-sv').fill('En blå båge på ljus botten.');
	await cards.nth(1).getByTestId('deck-card-name-fi').fill('Aurinko');
	await cards.nth(1).getByTestId('deck-card-alt-fi').fill('Keltainen aurinko.');
	await press(page.getByTestId('deck-texts-save'));
	await expect(page.getByTestId('deck-status')).toHaveText('Tekstit on tallennettu.');
	await page.reload();
	await expect(first.getByTestId('deck-card-name-fi')).toHaveValue('Kaarisilta');
	await expectNoAxeViolations(page);
	await shoot(page, 'deck-edit-fi');
	await useLocale(page.context(), page, 'sv');
	await expectNoAxeViolations(page);
	await shoot(page, 'deck-edit-sv');
	await page.goto('/facilitator/decks');
	await expect(page.getByTestId('deck-link')).toHaveText('Oulun kuvat');
	await shoot(page, 'decks-list-sv');
	await useLocale(page.context(), page, 'fi');

	// The workshop's warm-up uses the deck alone, chosen in the plan by keyboard.
	const { workshopId, joinCode } = await createWorkshop(page, {
		tableCount: 1,
		template: 'half-day-morning'
	});
	await page.goto(`/facilitator/w/${workshopId}/plan`);
	const warmUp = page.locator('[data-testid="plan-phase"][data-phase-id="warm-up"]');
	await press(warmUp.locator('summary'));
	const select = warmUp.getByTestId('plan-deck-select');
	await select.focus();
	await select.selectOption({ label: 'Oulun kuvat' });
	await expect(warmUp.getByTestId('plan-deck-builtin')).not.toBeChecked();
	await expectNoAxeViolations(page);
	await shoot(page, 'deck-plan-fi', '[data-phase-id="warm-up"]');
	await press(page.getByTestId('plan-save'));
	await expect(page.getByTestId('plan-status')).toContainText('Ohjelma tallennettu');
	await page.reload();
	await expect(
		page.locator('[data-phase-id="warm-up"]').getByTestId('plan-deck-select')
	).toHaveValue(/^[a-z0-9]{12}$/);

	// A participant in the warm-up sees the deck's two cards and picks one with the keyboard.
	const context = await browser.newContext({ viewport: LAPTOP });
	const aino = await joinAs(context, joinCode, AINO);
	await page.goto(`/facilitator/w/${workshopId}`);
	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	const picker = aino.getByTestId('card-pick');
	await expect(picker).toBeVisible();
	await expect(aino.getByRole('radio')).toHaveCount(2);
	const bridge = aino.getByRole('radio', { name: 'Kaarisilta', exact: true });
	await expect(bridge).toHaveAccessibleDescription('Sininen kaari vaalealla pohjalla.');
	await expect.poll(() => picturesLoaded(picker)).toEqual([true, true]);
	await bridge.focus();
	await aino.keyboard.press('Space');
	await expect(bridge).toBeChecked();
	await press(aino.getByTestId('card-pick-why'), 'Tab');
	await aino.getByTestId('card-pick-why').fill('Rakennamme siltaa yhdessä');
	await press(aino.getByTestId('card-pick-submit'));
	await expect(aino.getByTestId('card-pick-status')).toHaveText(
		'Korttisi Kaarisilta on nyt taululla.'
	);
	await expectNoAxeViolations(aino);
	await shoot(aino, 'deck-pick-fi', '[data-testid="card-pick"]');

	// The pick is on the table's board, with its picture, in the outline as in the canvas.
	await aino.getByTestId('view-outline').click();
	const onBoard = aino.getByTestId('note').filter({ hasText: 'Kaarisilta' });
	await expect(onBoard).toHaveCount(1);
	await expect(onBoard.getByTestId('card-picture')).toHaveAttribute(
		'alt',
		'Sininen kaari vaalealla pohjalla.'
	);
	await expect.poll(() => picturesLoaded(onBoard)).toEqual([true]);

	// The canvas's card menu offers the same cards as the picker: the own deck's two, no built-in.
	await aino.getByTestId('view-canvas').click();
	await openCardMenu(aino);
	const menu = aino.locator('.card-menu');
	await expect(menu.getByRole('button')).toHaveCount(2);
	await expect(
		menu.getByRole('button', { name: 'Kaarisilta', exact: true })
	).toHaveAccessibleDescription('Sininen kaari vaalealla pohjalla.');
	await expect(aino.getByTestId('canvas-card-bridge')).toHaveCount(0);
	await expect.poll(() => picturesLoaded(menu)).toEqual([true, true]);
	await expectNoAxeViolations(aino);
	await shoot(aino, 'deck-canvas-menu-fi', '.card-menu');
	await aino.getByTestId('view-outline').click();

	// In Swedish the cards carry their Swedish texts; the second has Finnish only and shows it.
	await useLocale(context, aino, 'sv');
	await expect(aino.getByRole('radio', { name: 'Bågbro', exact: true })).toBeChecked();
	await expect(aino.getByRole('radio', { name: 'Aurinko', exact: true })).toHaveCount(1);
	await expectNoAxeViolations(aino);
	await shoot(aino, 'deck-pick-sv', '[data-testid="card-pick"]');
	await aino.getByTestId('view-canvas').click();
	await openCardMenu(aino);
	await expect(
		aino.locator('.card-menu').getByRole('button', { name: 'Bågbro', exact: true })
	).toHaveCount(1);
	await expectNoAxeViolations(aino);
	await shoot(aino, 'deck-canvas-menu-sv', '.card-menu');
	await context.close();
});
