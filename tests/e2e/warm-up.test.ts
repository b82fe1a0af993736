import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test, type JoinOptions } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (kept across runs: Playwright's own output is test-results/playwright). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const LAPTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 360, height: 740 } as const;

const AINO: JoinOptions = {
	displayName: 'Aino',
	organisation: 'Oulun TE-toimisto',
	actorType: 'employment_office'
};
const BERTIL: JoinOptions = {
	displayName: 'Bertil',
	organisation: 'Oulun sosiaalipalvelut',
	actorType: 'social_services'
};
const AINO_WHY = 'Kaikki kulkevat omia reittejään';
const BERTIL_WHY = 'Tieto siirtyy kädestä käteen';

/** `element` narrows the picture to one part; `prepare` runs after each resize (e.g. fit the board). */
async function shoot(
	page: Page,
	name: string,
	element?: string,
	prepare?: () => Promise<void>
): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(viewport);
		await prepare?.();
		const target = element ? page.locator(element) : page;
		await target.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`) });
	}
	await page.setViewportSize(LAPTOP);
}

/** Tabs from the top of the page to the first card of the deck: no mouse anywhere. */
async function tabToDeck(page: Page): Promise<void> {
	await page.keyboard.press('Tab');
	for (let i = 0; i < 60; i++) {
		const onRadio = await page.evaluate(
			() => (document.activeElement as HTMLInputElement | null)?.type === 'radio'
		);
		if (onRadio) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('the deck is not reachable with Tab');
}

/**
 * Picks a card with the keyboard only: Tab lands on the chosen card (else the first), `moves`
 * are arrow keys from there (Space picks the first one), then the why-text and the button.
 */
async function pickWithKeyboard(page: Page, moves: string[], why: string): Promise<void> {
	await page.locator('body').focus();
	await tabToDeck(page);
	for (const key of moves) await page.keyboard.press(key);
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('card-pick-why')).toBeFocused();
	await page.keyboard.press('Control+A');
	await page.keyboard.type(why);
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('card-pick-submit')).toBeFocused();
	await page.keyboard.press('Enter');
}

/** Shows the whole board on the canvas, then lets the pictures draw. */
async function fitBoard(page: Page): Promise<void> {
	await page.getByTestId('canvas-zoom-fit').press('Enter');
	await page.waitForTimeout(300);
}

/** Opens the canvas's card menu (a details element; a toggle can race the first keypress). */
async function openCardMenu(page: Page): Promise<void> {
	await expect(async () => {
		const open = await page
			.locator('details.cards')
			.evaluate((details: HTMLDetailsElement) => details.open);
		if (!open) await page.getByTestId('canvas-add-card').press('Enter');
		await expect(page.locator('.card-menu')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 10_000 });
}

async function outlineCards(page: Page): Promise<{ title: string; caption: string }[]> {
	return page.getByTestId('note').evaluateAll((items) =>
		items
			.map((item) => ({
				title: item.querySelector('h4 label')?.textContent?.trim() ?? '',
				caption: (item.querySelector('textarea') as HTMLTextAreaElement).value
			}))
			.sort((a, b) => a.caption.localeCompare(b.caption))
	);
}

async function useSwedish(context: BrowserContext, page: Page): Promise<void> {
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'sv', url: new URL(page.url()).origin }
	]);
	await page.reload();
}

test('warm-up: two participants each pick a metaphor card with the keyboard and see both on the table board', async ({
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
	for (const viewer of [a, b]) await expect(viewer.getByTestId('card-pick')).toHaveCount(0);

	// The morning's second phase is the warm-up.
	await page.getByTestId('start-day').click();
	await page.getByTestId('phase-next').click();
	for (const viewer of [a, b]) {
		await expect(viewer.getByTestId('card-pick')).toBeVisible();
		await expect(viewer.getByRole('radio')).toHaveCount(41);
		await expect(viewer.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	}
	await expect(a.getByRole('radio', { name: 'Silta' })).toHaveAccessibleDescription(
		'Kaksi ihmistä kohtaa sillalla joen yllä.'
	);

	// Submitting without a card says so and changes nothing.
	await a.getByTestId('card-pick-submit').focus();
	await a.keyboard.press('Enter');
	await expect(a.getByTestId('card-pick-error')).toHaveText('Valitse ensin kortti.');

	// Aino first takes the maze, then changes her mind: her card changes, no second one appears.
	await pickWithKeyboard(a, ['ArrowRight'], 'Ensin ajattelin näin');
	await expect(a.getByTestId('card-pick-status')).toHaveText(
		'Korttisi Labyrintti on nyt taululla.'
	);
	await expect(a.getByRole('radio', { name: 'Labyrintti' })).toBeChecked();
	await expectNoAxeViolations(a);
	await shoot(a, 'warm-up-picker-fi', '[data-testid="card-pick"]');
	await pickWithKeyboard(a, ['ArrowLeft'], AINO_WHY);
	await expect(a.getByTestId('card-pick-status')).toHaveText('Korttisi Silta on nyt taululla.');
	await pickWithKeyboard(b, ['Space', 'ArrowRight', 'ArrowRight'], BERTIL_WHY);
	await expect(b.getByTestId('card-pick-current')).toHaveText('Korttisi taululla: Viestikapula');

	for (const viewer of [a, b]) {
		await viewer.getByTestId('view-outline').press('Enter');
		await expect
			.poll(async () => (await outlineCards(viewer)).map((card) => card.caption))
			.toEqual([AINO_WHY, BERTIL_WHY]);
		const cards = await outlineCards(viewer);
		expect(cards.map((card) => card.title)).toEqual([
			expect.stringMatching(/^Kortti \d: Silta$/),
			expect.stringMatching(/^Kortti \d: Viestikapula$/)
		]);
		// The bridge's picture: once in the deck above, once on the board.
		await expect(
			viewer.getByRole('img', { name: 'Kaksi ihmistä kohtaa sillalla joen yllä.' })
		).toHaveCount(2);
	}
	await expectNoAxeViolations(b);
	await shoot(b, 'warm-up-board-outline-fi', '#board-outline');

	// Nobody's edit was refused (a refusal would reload the board, sync S9).
	for (const viewer of [a, b]) await expect(viewer.getByTestId('board-refused')).toHaveCount(0);

	// The canvas shows the same two cards with their pictures.
	await b.getByTestId('view-canvas').press('Enter');
	await expect(b.getByTestId('board-canvas')).toBeVisible();
	await expect(b.locator('canvas').first()).toBeVisible();
	await b.waitForTimeout(800);
	await shoot(b, 'warm-up-board-canvas-fi', '[data-testid="board-canvas"]', () => fitBoard(b));
	// The canvas's own card menu shows the same pictures, each described by its alt text.
	await openCardMenu(b);
	await expect(b.getByTestId('canvas-card-bridge')).toHaveAccessibleName('Silta');
	await expect(b.getByTestId('canvas-card-bridge')).toHaveAccessibleDescription(
		'Kaksi ihmistä kohtaa sillalla joen yllä.'
	);
	await expectNoAxeViolations(b);
	await shoot(b, 'warm-up-canvas-card-menu-fi', '.card-menu', () => openCardMenu(b));
	await b.getByTestId('canvas-add-card').press('Enter');

	// Swedish.
	await useSwedish(contextA, a);
	await expect(a.getByTestId('card-pick')).toContainText('Välj ett kort');
	await expect(a.getByRole('radio', { name: 'Bro' })).toBeChecked();
	await expectNoAxeViolations(a);
	await shoot(a, 'warm-up-picker-sv', '[data-testid="card-pick"]');
	await a.getByTestId('view-outline').press('Enter');
	await expect.poll(async () => (await outlineCards(a)).length).toBe(2);
	await expectNoAxeViolations(a);
	await shoot(a, 'warm-up-board-outline-sv', '#board-outline');
	await a.getByTestId('view-canvas').press('Enter');
	await expect(a.locator('canvas').first()).toBeVisible();
	await a.waitForTimeout(800);
	await shoot(a, 'warm-up-board-canvas-sv', '[data-testid="board-canvas"]', () => fitBoard(a));
	await openCardMenu(a);
	await expect(a.getByTestId('canvas-card-bridge')).toHaveAccessibleName('Bro');
	await shoot(a, 'warm-up-canvas-card-menu-sv', '.card-menu', () => openCardMenu(a));
	await a.getByTestId('canvas-add-card').press('Enter');
	for (const viewer of [a, b]) await expect(viewer.getByTestId('board-refused')).toHaveCount(0);
	await contextA.close();
	await contextB.close();
});
