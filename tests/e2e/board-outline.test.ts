import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, test, type JoinOptions } from './fixtures.ts';

/** Screenshots kept on purpose as artifacts (kept across runs: Playwright's own output is test-results/playwright). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** Several browsers on a shared two-core machine: these flows need more than the default minute. */
test.describe.configure({ timeout: 240_000 });

const LAPTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 360, height: 740 } as const;

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

/** Keyboard only: focus the control the way Tab would reach it, then press a key. */
async function press(target: Locator, key = 'Enter'): Promise<void> {
	await target.focus();
	await target.press(key);
}

async function useOutline(page: Page): Promise<void> {
	await press(page.getByTestId('view-outline'));
	await expect(page.getByTestId('board-outline')).toBeVisible();
}

async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

function area(page: Page, name: string): Locator {
	return page
		.getByTestId('outline-area')
		.filter({ has: page.getByRole('heading', { level: 3, name }) });
}

/** The texts of all notes as the page shows them (a textarea's value is no text content). */
function texts(page: Page): Promise<string[]> {
	return page
		.getByTestId('note-text')
		.evaluateAll((elements) => elements.map((element) => (element as HTMLTextAreaElement).value));
}

/** Two participants of a fresh one-table workshop, with the facilitator's console on `page`. */
async function table(
	page: Page,
	browser: Browser,
	helpers: {
		signUpFacilitator: (page: Page) => Promise<unknown>;
		createWorkshop: (
			page: Page,
			options?: { tableCount?: number }
		) => Promise<{ joinCode: string }>;
		joinAs: (context: BrowserContext, code: string, options: JoinOptions) => Promise<Page>;
	}
) {
	await helpers.signUpFacilitator(page);
	const { joinCode } = await helpers.createWorkshop(page, { tableCount: 1 });
	const contextA = await browser.newContext({ viewport: LAPTOP });
	const contextB = await browser.newContext({ viewport: LAPTOP });
	const a = await helpers.joinAs(contextA, joinCode, AINO);
	const b = await helpers.joinAs(contextB, joinCode, BERTIL);
	await useOutline(a);
	await useOutline(b);
	return { contextA, contextB, a, b, joinCode };
}

/** Adds an area from the outline and names it, by keyboard. */
async function addArea(page: Page, name: string): Promise<void> {
	await press(page.getByTestId('add-area'));
	const input = page.getByTestId('area-name').last();
	await expect(input).toBeFocused();
	await page.keyboard.type(name);
	await page.keyboard.press('Enter');
}

/** Adds a note in the named area and shares its text, by keyboard. */
async function addNote(page: Page, areaName: string, text: string): Promise<void> {
	await press(area(page, areaName).getByTestId('add-note-in-area'));
	await expect(page.locator('textarea:focus')).toHaveCount(1);
	await page.keyboard.type(text);
	await page.keyboard.press('Control+Enter');
}

test('the outline adds, edits, recolours, moves, votes, undoes and deletes by keyboard; the other participant sees each step', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	// Area names of their own: the phases' templates lay out areas named like the method's.
	const { contextA, contextB, a, b } = await table(page, browser, {
		signUpFacilitator,
		createWorkshop,
		joinAs
	});

	await addArea(a, 'Toimii jo');
	await addArea(a, 'Vaatii työtä');
	await expect(area(b, 'Toimii jo')).toBeVisible();
	await expect(area(b, 'Vaatii työtä')).toBeVisible();
	// Arrivals within two seconds are announced together; let the areas' announcement pass first.
	await expect(b.getByTestId('outline-announcer')).toHaveText(/Vaatii työtä|2 kohdetta/);

	await addNote(a, 'Toimii jo', 'Yhteinen asiakas');
	const noteOfB = area(b, 'Toimii jo').getByTestId('note');
	await expect(noteOfB.getByTestId('note-text')).toHaveValue('Yhteinen asiakas');
	// Others' additions are announced politely, once, not per keystroke.
	await expect(b.getByTestId('outline-announcer')).toHaveText(
		'Joku lisäsi taululle: Muistilappu 1, TE-toimisto'
	);

	// Edit: the other participant's text stays when both edit one note.
	const textOfA = area(a, 'Toimii jo').getByTestId('note-text');
	await textOfA.focus();
	await a.keyboard.press('Control+End');
	await a.keyboard.type(' ja yhteinen kohde');
	await a.keyboard.press('Control+Enter');
	await expect(noteOfB.getByTestId('note-text')).toHaveValue('Yhteinen asiakas ja yhteinen kohde');

	// Recolour: arrow keys on the colour list (yellow → green).
	await press(area(a, 'Toimii jo').getByTestId('note-colour'), 'ArrowDown');
	await expect(noteOfB).toHaveAttribute('data-colour', 'green');

	// Move to another area instead of dragging.
	await press(area(a, 'Toimii jo').getByTestId('note-area'), 'ArrowDown');
	await a.keyboard.press('Tab');
	await expect(area(a, 'Toimii jo').getByTestId('note-move')).toBeFocused();
	await a.keyboard.press('Enter');
	await expect(area(b, 'Vaatii työtä').getByTestId('note-text')).toHaveValue(
		'Yhteinen asiakas ja yhteinen kohde'
	);
	await expect(area(b, 'Toimii jo').getByTestId('note')).toHaveCount(0);

	// Undo takes back only A's own last step (the move).
	await press(a.getByTestId('outline-undo'));
	await expect(area(b, 'Toimii jo').getByTestId('note')).toHaveCount(1);
	await press(a.getByTestId('outline-redo'));
	await expect(area(b, 'Vaatii työtä').getByTestId('note')).toHaveCount(1);

	// Voting opens with the phase that enables it; each person has a limited number of votes.
	const votesLeft = a.getByTestId('votes-left');
	for (let step = 0; step < 8 && !(await votesLeft.isVisible()); step++) {
		await page.getByTestId('phase-next').click();
		await expect(page.getByTestId('phase-next')).toBeEnabled();
		await a.waitForTimeout(300);
	}
	await expect(votesLeft).toBeVisible();
	const limit = Number((await votesLeft.textContent())?.replace(/\D/g, ''));
	expect(limit).toBeGreaterThan(0);
	const noteOfA = area(a, 'Vaatii työtä').getByTestId('note');
	for (let vote = 0; vote < limit + 1; vote++) await press(noteOfA.getByTestId('note-vote'));
	await expect(votesLeft).toContainText('0');
	await expect(area(b, 'Vaatii työtä').getByTestId('note-votes')).toContainText(
		`Ääniä ${limit}, sinun 0`
	);
	await press(noteOfA.getByTestId('note-unvote'));
	await expect(area(b, 'Vaatii työtä').getByTestId('note-votes')).toContainText(
		`Ääniä ${limit - 1}, sinun 0`
	);
	await expect(noteOfA.getByTestId('note-votes')).toContainText(`sinun ${limit - 1}`);

	await press(noteOfA.getByTestId('delete-note'));
	await expect(area(b, 'Vaatii työtä').getByTestId('note')).toHaveCount(0);
	await expect(area(a, 'Vaatii työtä').getByTestId('add-note-in-area')).toBeFocused();

	await contextA.close();
	await contextB.close();
});

test('an edit made offline is kept, shown as unsent, and merges on reconnect', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	const { contextA, contextB, a, b } = await table(page, browser, {
		signUpFacilitator,
		createWorkshop,
		joinAs
	});
	await press(a.getByTestId('add-note'));
	await a.keyboard.type('Ennen katkosta');
	await a.keyboard.press('Control+Enter');
	await expect.poll(() => texts(b)).toEqual(['Ennen katkosta']);
	const status = a.getByTestId('connection-status');
	await expect(status).toHaveAttribute('data-pending', 'false');

	await contextA.setOffline(true);
	await expect(status).toHaveAttribute('data-status', 'offline');
	await press(a.getByTestId('add-note'));
	await a.keyboard.type('Kirjoitettu ilman yhteyttä');
	await a.keyboard.press('Control+Enter');
	const first = a.getByTestId('note-text').first();
	await first.focus();
	await a.keyboard.press('Control+End');
	await a.keyboard.type(', jatkettu');
	await a.keyboard.press('Control+Enter');
	await expect(status).toHaveAttribute('data-pending', 'true');
	await expect(a.getByTestId('unsent-changes')).toContainText('Lähettämättömiä muutoksia');
	await shoot(a, 'board-offline-fi-1280');

	// Meanwhile the other participant keeps working online.
	await press(b.getByTestId('add-note'));
	await b.keyboard.type('Toinen osallistuja verkossa');
	await b.keyboard.press('Control+Enter');
	await expect.poll(() => texts(b)).toContain('Toinen osallistuja verkossa');
	expect(await texts(a)).not.toContain('Toinen osallistuja verkossa');

	await contextA.setOffline(false);
	await expect(status).toHaveAttribute('data-status', 'online', { timeout: 20_000 });
	await expect(status).toHaveAttribute('data-pending', 'false', { timeout: 20_000 });
	await expect(a.getByTestId('unsent-changes')).toHaveCount(0);
	const merged = [
		'Ennen katkosta, jatkettu',
		'Kirjoitettu ilman yhteyttä',
		'Toinen osallistuja verkossa'
	];
	for (const viewer of [a, b]) {
		await expect.poll(async () => (await texts(viewer)).sort()).toEqual(merged);
	}

	// The board opens from the browser's cache too: after a reload the notes are there at once.
	await a.reload();
	await expect(a.getByTestId('board-outline')).toBeVisible();
	await expect.poll(async () => (await texts(a)).sort()).toEqual(merged);
	await contextA.close();
	await contextB.close();
});

test('the personal-data warning stops a valid henkilötunnus until the writer decides', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	const { contextA, contextB, a, b } = await table(page, browser, {
		signUpFacilitator,
		createWorkshop,
		joinAs
	});
	await press(a.getByTestId('add-note'));
	const text = a.getByTestId('note-text').first();
	await expect(text).toBeFocused();
	await a.keyboard.type('Asiakkaan hetu 131052-308T');
	await a.keyboard.press('Control+Enter');
	const warning = a.getByTestId('privacy-warning');
	await expect(warning).toBeVisible();
	await expect(warning).toContainText('Tämä näyttää henkilötunnukselta.');
	await expect(warning).toContainText('131052-308T');
	await expect(a.getByTestId('privacy-edit')).toBeFocused();
	await expectNoAxeViolations(a);
	await shoot(a, 'board-privacy-fi-1280');
	await expect(b.getByTestId('note-text').first()).toHaveValue('');

	// "Edit" goes back to the text; the code never reached the other participant.
	await a.keyboard.press('Enter');
	await expect(warning).toBeHidden();
	await expect(text).toBeFocused();
	await a.keyboard.press('Control+A');
	await a.keyboard.type('Asiakkaan polku katkeaa');
	await a.keyboard.press('Control+Enter');
	await expect(warning).toBeHidden();
	await expect(b.getByTestId('note-text').first()).toHaveValue('Asiakkaan polku katkeaa');

	// An invalid check character is no identity code; a phone number warns, and may be shared.
	await a.keyboard.press('Control+End');
	await a.keyboard.type(' 131052-308U, soita 040 123 4567');
	await a.keyboard.press('Control+Enter');
	await expect(warning).toBeVisible();
	await expect(warning).toContainText('Tämä näyttää puhelinnumerolta.');
	await expect(warning).not.toContainText('henkilötunnukselta');
	await a.keyboard.press('Tab');
	await expect(a.getByTestId('privacy-share')).toBeFocused();
	await a.keyboard.press('Enter');
	await expect(b.getByTestId('note-text').first()).toHaveValue(
		'Asiakkaan polku katkeaa 131052-308U, soita 040 123 4567'
	);
	await contextA.close();
	await contextB.close();
});

test('outline in Finnish and Swedish on a laptop and a phone: axe-core clean, phone opens the outline', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 1 });
	const baseURL = new URL(page.url()).origin;

	for (const locale of ['fi', 'sv'] as const) {
		const laptop = await browser.newContext({ viewport: LAPTOP });
		await laptop.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
		const writer = await joinAs(laptop, joinCode, locale === 'fi' ? AINO : BERTIL);
		await useOutline(writer);
		const [first, second] =
			locale === 'fi' ? ['Merkityksellistä', 'Kehitettävää'] : ['Meningsfullt', 'Att utveckla'];
		await addArea(writer, first);
		await addArea(writer, second);
		await addNote(
			writer,
			first,
			locale === 'fi' ? 'Asiakkaan polku katkeaa siirtymissä' : 'Kundens väg bryts vid övergångar'
		);
		await addNote(
			writer,
			second,
			locale === 'fi' ? 'Yhteiset pelisäännöt 🤝' : 'Gemensamma spelregler 🤝'
		);
		await expectNoAxeViolations(writer);
		await shoot(writer, `board-outline-${locale}-1280`);
		await press(writer.getByTestId('view-canvas'));
		await expect(writer.getByTestId('view-canvas')).toHaveAttribute('aria-pressed', 'true');
		await writer.waitForTimeout(1500);
		await shoot(writer, `board-canvas-${locale}-1280`);

		// A phone that never chose a view gets the outline.
		const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
		await phone.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
		const reader = await joinAs(phone, joinCode, {
			organisation: locale === 'fi' ? 'Kuopion aikuisopisto' : 'Vasa yrkesinstitut',
			actorType: 'education'
		});
		await expect(reader.getByTestId('board-outline')).toBeVisible();
		await expect(reader.getByTestId('view-outline')).toHaveAttribute('aria-pressed', 'true');
		await expect(area(reader, second).getByTestId('note')).toHaveCount(1);
		await expectNoAxeViolations(reader);
		await shoot(reader, `board-outline-${locale}-360`);
		await laptop.close();
		await phone.close();
	}
});
