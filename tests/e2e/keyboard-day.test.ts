import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { LAPTOP, shoot } from './outline-helpers.ts';

/**
 * A whole half-day morning in Swedish, with the keyboard only: the participant's page is driven by
 * page.keyboard alone (no clicks, no fill, no focus()), through the board's outline. The
 * facilitator's side uses the mouse. After every key press the focused element must show a focus
 * ring; now and then the test tabs through the whole page to show that focus is never trapped.
 */
test.describe.configure({ timeout: 300_000 });

/** What has focus, and whether it shows: an outline of 2 px or more, or a box-shadow ring. */
interface Focused {
	body: boolean;
	visible: boolean;
	what: string;
	skipLink: boolean;
}

function focused(page: Page): Promise<Focused> {
	return page.evaluate(() => {
		const element = document.activeElement as HTMLElement | null;
		if (!element || element === document.body || element === document.documentElement) {
			return { body: true, visible: true, what: 'body', skipLink: false };
		}
		const style = getComputedStyle(element);
		const ring =
			(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
			(style.boxShadow !== 'none' && style.boxShadow !== '');
		const box = element.getBoundingClientRect();
		const testid = element.getAttribute('data-testid');
		const what = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
			testid ? `[data-testid=${testid}]` : ''
		} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
		return {
			body: false,
			visible: ring && box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
			what,
			skipLink: element.classList.contains('skip-link')
		};
	});
}

/** One key press by the participant; the focus it leaves behind must be visible. */
async function key(page: Page, name: string): Promise<Focused> {
	await page.keyboard.press(name);
	const now = await focused(page);
	expect(now.visible, `focus ring on ${now.what} after ${name}`).toBe(true);
	return now;
}

/** Types text into whatever has focus, checking the focus ring once it is done. */
async function type(page: Page, text: string): Promise<void> {
	await page.keyboard.type(text);
	const now = await focused(page);
	expect(now.body, 'typing went to a focused control').toBe(false);
	expect(now.visible, `focus ring on ${now.what} while typing`).toBe(true);
}

/**
 * Tabs (or Shift+Tabs) until the focused element matches `selector`, as a keyboard user would
 * look for a control. Every stop on the way must show its focus ring.
 */
async function tabTo(
	page: Page,
	selector: string,
	{ text, backwards = false }: { text?: string; backwards?: boolean } = {}
): Promise<void> {
	const stops: string[] = [];
	for (let presses = 0; presses < 250; presses++) {
		const matches = await page.evaluate(
			([wanted, words]) => {
				const element = document.activeElement;
				if (!element?.matches(wanted)) return false;
				return words === null || (element.textContent ?? '').includes(words);
			},
			[selector, text ?? null] as const
		);
		if (matches) return;
		stops.push((await key(page, backwards ? 'Shift+Tab' : 'Tab')).what);
	}
	throw new Error(
		`${selector} ${text ?? ''} was not reached with ${backwards ? 'Shift+Tab' : 'Tab'}; stops: ${[...new Set(stops)].join(' | ')}`
	);
}

/**
 * No keyboard trap: from wherever focus is, Tab goes on through the page, past its end and round
 * to the skip link at the top; Shift+Tab from there goes back out of the top. Returns how many
 * stops one round had.
 */
async function expectNoTrap(page: Page): Promise<number> {
	const seen = new Set<string>();
	for (let presses = 0; presses < 400; presses++) {
		const now = await key(page, 'Tab');
		if (now.skipLink) {
			const before = await key(page, 'Shift+Tab');
			expect(before.skipLink, 'Shift+Tab leaves the skip link').toBe(false);
			await key(page, 'Tab');
			return seen.size;
		}
		seen.add(now.what);
	}
	throw new Error(`focus went round ${seen.size} stops without reaching the page's end`);
}

/** The text of a live region, after checking that it is one (aria-live, status or alert). */
async function expectAnnounced(region: Locator, text: string | RegExp, timeout = 15_000) {
	await expect(region).toHaveText(text, { timeout });
	const live = await region.evaluate((element) => {
		const holder = element.closest('[aria-live], [role="status"], [role="alert"]');
		return holder?.getAttribute('aria-live') ?? holder?.getAttribute('role') ?? null;
	});
	expect(live, 'the text is in a live region').toMatch(/polite|assertive|status|alert/);
}

test('keyboard only, in Swedish: a participant goes through the whole half-day morning in the outline', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	expectNoAxeViolations
}) => {
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, {
		tableCount: 2,
		template: 'half-day-morning'
	});
	const console_ = page;
	const next = async () => {
		const before = await console_.locator('[aria-current="step"]').textContent();
		await console_.getByTestId('phase-next').click();
		await expect(console_.locator('[aria-current="step"]')).not.toHaveText(before ?? '');
	};

	// The participant's browser asks for Swedish; the service follows it.
	const context = await browser.newContext({ locale: 'sv-SE', viewport: LAPTOP });
	const p = await context.newPage();
	await p.goto('/join');
	await expect(p.locator('html')).toHaveAttribute('lang', 'sv');
	await expect(p.getByRole('heading', { level: 1 })).toHaveText('Gå med i en workshop');

	// Join: code, name, organisation, who they represent, and the button.
	await tabTo(p, '#code');
	await type(p, joinCode.toLowerCase());
	await key(p, 'Tab');
	await tabTo(p, '#displayName');
	await type(p, 'Britt');
	await tabTo(p, '#organisation');
	await type(p, 'Vasa arbetskraftsbyrå');
	await tabTo(p, 'input[name="actorType"]');
	await key(p, 'Space');
	await expect(p.locator('input[name="actorType"]:checked')).toHaveValue('employment_office');
	await tabTo(p, '[data-testid="join-submit"]');
	await key(p, 'Enter');
	await expect(p).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/table$/);
	await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	await expect(p.getByTestId('phase-name')).toHaveAttribute('data-phase', 'opening');
	const startTable = Number((await p.getByTestId('table-number').textContent())?.match(/\d+/));

	// The board as text: the outline, chosen with the view switch.
	await tabTo(p, '[data-testid="view-outline"]');
	await key(p, 'Enter');
	await expect(p.getByTestId('board-outline')).toBeVisible();
	expect((await focused(p)).what).toContain('#outline-heading');
	await expectNoTrap(p);
	await expectNoAxeViolations(p);

	// Warm-up: the phase change is announced by its title; a card is picked with Space.
	await console_.getByTestId('start-day').click();
	await next();
	const announcer = p.getByTestId('flow-announcer');
	await expectAnnounced(announcer, 'Ny fas: Uppvärmning med metaforkort');
	await expect(p.getByTestId('card-pick')).toBeVisible();
	await tabTo(p, '[data-testid="card-pick"] input[type="radio"]');
	await key(p, 'Space');
	await key(p, 'ArrowRight');
	await tabTo(p, '[data-testid="card-pick-why"]');
	await type(p, 'Alla går sina egna vägar');
	await tabTo(p, '[data-testid="card-pick-submit"]');
	await key(p, 'Enter');
	await expectAnnounced(p.getByTestId('card-pick-status'), /Labyrint/);
	await expect(p.getByTestId('board-outline').getByTestId('note')).toHaveCount(1);

	// Notes, each of one's own, written privately in the two areas, while a one-minute timer runs.
	await next();
	await expectAnnounced(announcer, 'Ny fas: Problemformulering: nuvarande praxis');
	await console_.getByTestId('timer-minutes').fill('1');
	await console_.getByTestId('timer-start').click();
	await expect(p.getByTestId('private-banner')).toBeVisible();
	// The private board is the participant's own, empty sheet: notes go on it outside any area.
	await expect(p.getByTestId('board-empty')).toBeVisible();
	for (const text of ['Gemensamma kundmöten', 'Informationen går inte mellan byråerna']) {
		await tabTo(p, '[data-testid="add-note"]');
		await key(p, 'Enter');
		expect((await focused(p)).what).toMatch(/^textarea/);
		await type(p, text);
		await key(p, 'Control+Enter');
	}
	await expect(p.getByTestId('note-text')).toHaveCount(2);
	// The timer's end is told once, assertively, in Swedish.
	await expectAnnounced(
		p.getByTestId('phase-name').locator('xpath=..').locator('[aria-live="assertive"]'),
		'Tiden är slut',
		80_000
	);
	await expectNoTrap(p);
	// The facilitator reveals the notes: they are on the table's board, the private sheet goes.
	await console_.getByTestId('reveal-button').click();
	await expect(p.getByTestId('private-banner')).toHaveCount(0);
	await expect
		.poll(() =>
			p
				.getByTestId('note-text')
				.evaluateAll((areas) => areas.map((area) => (area as HTMLTextAreaElement).value))
		)
		.toEqual(expect.arrayContaining(['Gemensamma kundmöten']));

	// Choosing the task: the same kind of phase, still announced; a candidate and two dots.
	await next();
	await expectAnnounced(announcer, /^Ny fas: /);
	await expect(p.getByTestId('pd-candidates')).toBeVisible();
	await tabTo(p, '[data-testid="pd-draft-problem_candidates"]');
	await type(p, 'Kunden faller mellan tjänsterna');
	await key(p, 'Tab');
	expect((await focused(p)).what).toContain('pd-add-problem_candidates');
	await key(p, 'Enter');
	await expect(p.getByTestId('pd-candidate')).toHaveCount(1);
	// Dots in the outline, the board's accessible twin.
	await expect(p.getByTestId('votes-left')).toContainText('3');
	await tabTo(p, '[data-testid="board-outline"] [data-testid="note-vote"]');
	await key(p, 'Enter');
	await expect(p.getByTestId('votes-left')).toContainText('2');
	await expectNoAxeViolations(p);

	// Plenary and coffee: the facilitator moves the participant to the other table and writes.
	await next();
	await next();
	await console_.goto(`/facilitator/w/${workshopId}/tables`);
	const row = console_.getByTestId(/^current-person-/).filter({ hasText: 'Britt' });
	const other = (startTable % 2) + 1;
	await row.getByRole('combobox').selectOption(String(other));
	await row.getByTestId(/^move-(?!table-)/).click();
	await expect(p.getByTestId('table-number')).toHaveText(`Bord ${other}`);
	await expectAnnounced(announcer, `Du har flyttats till bord ${other}.`);
	await expect(p.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');

	await console_.goto(`/facilitator/w/${workshopId}`);
	await tabTo(p, '[data-testid="view-outline"]');
	await console_.getByTestId('broadcast-text').fill('Kaffet är klart i aulan.');
	await console_.getByTestId('broadcast-send').click();
	await expectAnnounced(p.getByTestId('flow-broadcast-text'), 'Kaffet är klart i aulan.');
	await tabTo(p, '[data-testid="flow-broadcast-dismiss"]');
	await key(p, 'Enter');
	await expect(p.getByTestId('flow-broadcast')).toHaveCount(0);
	// Focus goes back to where the participant was, not to the top of the page.
	expect((await focused(p)).what).toContain('view-outline');

	// Neliapila: the participant fills their own leaf.
	await next();
	await expectAnnounced(announcer, /^Ny fas: /);
	await expect(p.getByTestId('knot-view')).toBeVisible();
	await tabTo(p, '[data-testid="knot-leaf-1-brings-input"]');
	await type(p, 'Jobbcoachning');
	await key(p, 'Enter');
	await expect(p.getByTestId('knot-leaf-1-brings')).toContainText('Jobbcoachning');
	await expectNoTrap(p);

	// Commitments: a proposal through the form.
	await next();
	await expectAnnounced(announcer, /^Ny fas: /);
	const form = p.getByTestId('commitment-form-new');
	await expect(form).toBeVisible({ timeout: 15_000 });
	await tabTo(p, '[data-testid="commitment-form-new"] textarea[name="what"]');
	await type(p, 'Gemensamt första möte med kunden');
	await key(p, 'Tab');
	await key(p, 'ArrowDown');
	await expect(form.locator('select[name="ownerActorType"]')).not.toHaveValue('');
	// The date field's ring shows on each of its stops, the calendar button inside it too.
	await tabTo(p, '[data-testid="commitment-form-new"] input[name="due"]');
	await key(p, 'Tab');
	await key(p, 'Tab');
	await p.getByTestId('commitment-form-new').screenshot({
		path: path.resolve(
			import.meta.dirname,
			'../../test-results/screenshots/keyboard-day-date-focus-sv.png'
		)
	});
	await tabTo(p, '[data-testid="commitment-form-new"] textarea[name="firstStep"]');
	await type(p, 'Boka ett möte');
	await tabTo(p, '[data-testid="commitment-form-new"] button[type="submit"]');
	await key(p, 'Enter');
	await expect(
		p.getByTestId('commitment').filter({ hasText: 'Gemensamt första möte med kunden' })
	).toBeVisible();
	await expectNoAxeViolations(p);

	// Feedback: three ratings with arrows, a comment, send.
	await next();
	await expectAnnounced(announcer, /^Ny fas: /);
	await expect(p.getByTestId('feedback-form')).toBeVisible({ timeout: 15_000 });
	for (const question of ['usefulness', 'voices', 'again']) {
		await tabTo(p, `[data-testid="feedback-${question}"] input[type="radio"]`);
		await key(p, 'Space');
		await key(p, 'ArrowRight');
		await key(p, 'ArrowRight');
		await key(p, 'ArrowRight');
	}
	await tabTo(p, '#fb-text');
	await type(p, 'Bra dag.');
	await tabTo(p, '[data-testid="feedback-send"]');
	await key(p, 'Enter');
	await expect(p.getByTestId('feedback-done')).toHaveText('Tack för din respons!');
	expect((await focused(p)).what).toContain('feedback-done');
	await expectNoTrap(p);
	await expectNoAxeViolations(p);
	await shoot(p, 'keyboard-day-end-sv');

	await console_.goto(`/facilitator/w/${workshopId}/feedback`);
	await expect(console_.getByTestId('feedback-count')).toContainText('1');
	await context.close();
});
