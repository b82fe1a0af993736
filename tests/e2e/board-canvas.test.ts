import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test, type JoinOptions } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (test-results is Playwright's output folder). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

const AINO: JoinOptions = {
	displayName: 'Aino',
	organisation: 'Kuopion TE-toimisto',
	actorType: 'employment_office'
};
const BERTIL: JoinOptions = {
	displayName: 'Bertil',
	organisation: 'Kuopion sosiaalipalvelut',
	actorType: 'social_services'
};

async function canvasOf(page: Page) {
	const stage = page.getByTestId('canvas-stage');
	await expect(stage).toHaveAttribute('data-ready', 'true');
	// The canvas starts below the fold on a laptop, and a status bar sticks to the bottom.
	await stage.evaluate((element) => element.scrollIntoView({ block: 'start' }));
	const box = (await stage.boundingBox())!;
	return { stage, centre: { x: box.x + box.width / 2, y: box.y + box.height / 2 } };
}

async function newContext(browser: Browser, locale = 'fi-FI'): Promise<BrowserContext> {
	return browser.newContext({ viewport: LAPTOP, locale, acceptDownloads: true });
}

async function downloadText(page: Page, testId: string): Promise<{ name: string; body: Buffer }> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId(testId).click()
	]);
	const file = await download.path();
	return { name: download.suggestedFilename(), body: readFileSync(file) };
}

/**
 * What the board says, read from its SVG export (built from the model, not the pixels): the
 * words of each text element, wrapped lines joined again, in drawing order.
 */
async function boardTexts(page: Page): Promise<string[]> {
	const svg = (await downloadText(page, 'canvas-export-svg')).body.toString('utf8');
	return svgTexts(svg);
}

function svgTexts(svg: string): string[] {
	const unescape = (text: string) =>
		text.replace(/&#(\d+);/g, (_match, code: string) => String.fromCharCode(Number(code)));
	return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)]
		.map((match) =>
			[...match[1].matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)]
				.map((span) => unescape(span[1]))
				.join(' ')
				.trim()
		)
		.filter((text) => text.length > 0);
}

test('two participants add, move and edit one note at once and end with identical boards', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	test.setTimeout(180_000);
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1 });
	const contextA = await newContext(browser);
	const contextB = await newContext(browser);
	const a = await joinAs(contextA, joinCode, AINO);
	const b = await joinAs(contextB, joinCode, BERTIL);
	await canvasOf(a);
	const { stage: stageB } = await canvasOf(b);

	await a.getByTestId('canvas-add-note').click();
	const editorA = a.getByTestId('canvas-editor');
	await expect(editorA).toBeFocused();
	await a.keyboard.type('Yhteinen asiakas åäö 🍀');
	await a.keyboard.press('Escape');
	await expect(editorA).toHaveCount(0);
	await expect(stageB).toHaveAttribute('data-items', '1');
	await expect.poll(() => boardTexts(b)).toContain('Yhteinen asiakas åäö 🍀');

	// B starts editing the note; the board fits the first note into B's view, centred.
	// Clicking the export button scrolled the page; measure the canvas again.
	const canvasB = await canvasOf(b);
	await b.mouse.dblclick(canvasB.centre.x, canvasB.centre.y);
	const editorB = b.getByTestId('canvas-editor');
	await expect(editorB).toBeFocused();

	// Meanwhile A drags the same note away, in steps, while B types into it.
	const canvasA = await canvasOf(a);
	await a.mouse.move(canvasA.centre.x, canvasA.centre.y);
	await a.mouse.down();
	await a.mouse.move(canvasA.centre.x + 80, canvasA.centre.y + 40, { steps: 5 });
	await b.keyboard.type(' ja yhteinen');
	await a.mouse.move(canvasA.centre.x + 160, canvasA.centre.y + 90, { steps: 5 });
	await b.keyboard.type(' kohde');
	await a.mouse.up();
	await b.keyboard.press('Escape');

	const expected = 'Yhteinen asiakas åäö 🍀 ja yhteinen kohde';
	await expect.poll(() => boardTexts(a)).toContain(expected);
	// The SVG export is built from the model: equal files mean equal boards (text and geometry).
	await expect
		.poll(async () => {
			const svgA = (await downloadText(a, 'canvas-export-svg')).body.toString('utf8');
			const svgB = (await downloadText(b, 'canvas-export-svg')).body.toString('utf8');
			return svgA === svgB && svgTexts(svgA).includes(expected);
		})
		.toBe(true);
	await expect(canvasA.stage).toHaveAttribute('data-items', '1');
	await expect(canvasB.stage).toHaveAttribute('data-items', '1');

	// B's canvas drew A's moves apart from the rest of the board; a press still finds the note
	// where it now is, and nothing where it was (the middle of B's view, unchanged since).
	const before = await canvasOf(b);
	await b.mouse.click(before.centre.x, before.centre.y);
	await expect(b.getByTestId('canvas-selected')).toHaveCount(0);
	await b.getByTestId('canvas-zoom-fit').click();
	const fitted = await canvasOf(b);
	await b.mouse.click(fitted.centre.x, fitted.centre.y);
	await expect(b.getByTestId('canvas-selected')).toBeVisible();

	await contextA.close();
	await contextB.close();
});

test('undo on the canvas takes back only one’s own edit', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	test.setTimeout(180_000);
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1 });
	const contextA = await newContext(browser);
	const contextB = await newContext(browser);
	const a = await joinAs(contextA, joinCode, AINO);
	const b = await joinAs(contextB, joinCode, BERTIL);
	await canvasOf(a);
	await canvasOf(b);

	await a.getByTestId('canvas-add-note').click();
	await a.keyboard.type('Ainon lappu');
	await a.keyboard.press('Escape');
	await expect.poll(() => boardTexts(b)).toContain('Ainon lappu');

	await b.getByTestId('canvas-add-note').click();
	await b.keyboard.type('Bertilin lappu');
	await b.keyboard.press('Escape');
	await expect.poll(() => boardTexts(a)).toContain('Bertilin lappu');

	// A's last own step is the typing; B's later note must survive A's undo.
	const both = (texts: string[]) => [
		texts.includes('Ainon lappu'),
		texts.includes('Bertilin lappu')
	];
	await a.getByTestId('canvas-undo').click();
	await expect.poll(async () => both(await boardTexts(a))).toEqual([false, true]);
	await expect.poll(async () => both(await boardTexts(b))).toEqual([false, true]);
	await expect(b.getByTestId('canvas-stage')).toHaveAttribute('data-items', '2');
	await a.getByTestId('canvas-redo').click();
	await expect.poll(async () => both(await boardTexts(b))).toEqual([true, true]);

	// Keyboard undo on B's canvas undoes B's typing only.
	await b.getByTestId('canvas-stage').focus();
	await b.keyboard.press('Control+z');
	await expect.poll(async () => both(await boardTexts(a))).toEqual([true, false]);

	await contextA.close();
	await contextB.close();
});

async function buildSampleBoard(page: Page): Promise<void> {
	const { centre } = await canvasOf(page);
	await page.getByTestId('canvas-add-frame').click();
	await page.keyboard.type('Merkityksellistä');
	await page.keyboard.press('Escape');
	await page.getByTestId('canvas-add-note').click();
	await page.keyboard.type('Työnvarjostus organisaatioiden välillä');
	await page.keyboard.press('Escape');
	await page.getByTestId('canvas-colour-green').click();
	// Inside the area, below its label, a double-click adds a note there.
	await page.mouse.dblclick(centre.x - 240, centre.y + 120);
	await page.keyboard.type('Yhteiset pelisäännöt ✅');
	await page.keyboard.press('Escape');
	await page.getByTestId('canvas-add-card').click();
	await page.getByTestId('canvas-card-bridge').click();
	await expect(page.getByTestId('canvas-stage')).toHaveAttribute('data-items', '4');
}

async function screenshots(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [label, size] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(size);
		// Let the canvas follow its container, then show the toolbar and the canvas.
		await page.waitForTimeout(300);
		await page
			.getByTestId('board-canvas')
			.evaluate((element) => element.scrollIntoView({ block: 'start' }));
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`) });
	}
	await page.setViewportSize(LAPTOP);
}

test('PNG export downloads an image; the canvas passes axe and looks right in fi and sv', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(180_000);
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1 });
	const contextFi = await newContext(browser);
	const fi = await joinAs(contextFi, joinCode, AINO);
	await buildSampleBoard(fi);
	await expect(fi.getByTestId('canvas-stage')).toHaveAccessibleName('Taulun piirtoalue');
	await expect(fi.getByTestId('canvas-to-outline')).toHaveAttribute('href', /#.+/);
	await expectNoAxeViolations(fi);

	const png = await downloadText(fi, 'canvas-export-png');
	expect(png.name).toMatch(/\.png$/);
	expect(png.body.length).toBeGreaterThan(1000);
	expect(png.body.subarray(1, 4).toString('ascii')).toBe('PNG');

	await fi.getByTestId('canvas-zoom-fit').click();
	await screenshots(fi, 'board-canvas-fi');

	// At phone width the toolbar wraps: every tool is on the screen, and the page stays axe clean.
	await fi.setViewportSize(PHONE);
	const tools = fi.getByRole('group', { name: 'Taulun työkalut' }).locator('button, summary');
	expect(await tools.count()).toBeGreaterThan(8);
	for (const tool of await tools.all()) {
		const box = (await tool.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
	}
	await expectNoAxeViolations(fi);
	await fi.setViewportSize(LAPTOP);

	const contextSv = await newContext(browser, 'sv-SE');
	const sv = await joinAs(contextSv, joinCode, {
		organisation: 'Vasa vuxeninstitut',
		actorType: 'education'
	});
	await expect(sv.getByTestId('canvas-stage')).toHaveAttribute('data-items', '4');
	await expect(sv.getByTestId('canvas-stage')).toHaveAccessibleName('Tavlans rityta');
	await expectNoAxeViolations(sv);
	// The Swedish participant selects what is in the middle and keeps the pointer there, so the
	// Finnish one sees a cursor and a selection named by actor type (the participant is anonymous).
	const svCanvas = await canvasOf(sv);
	await sv.mouse.click(svCanvas.centre.x, svCanvas.centre.y);
	await sv.mouse.move(svCanvas.centre.x + 30, svCanvas.centre.y + 20, { steps: 3 });
	await screenshots(fi, 'board-canvas-fi-with-peer');
	await screenshots(sv, 'board-canvas-sv');

	await contextFi.close();
	await contextSv.close();
});
