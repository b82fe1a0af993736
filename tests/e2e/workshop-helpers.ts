import type { BrowserContext, Locator, Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { CONTROL_PATH } from '#shared/protocol/control.ts';
import type { Result } from '#shared/protocol/errors.ts';
import { PROTOCOL_VERSION } from '#shared/protocol/version.ts';
import { expect } from './fixtures.ts';
import { press } from './outline-helpers.ts';

/** Helpers for e2e tests that run a workshop's phases: the console's side and the tables'. */

/**
 * Moves the console to the next phase and waits until every participant's screen shows its
 * title. `index` is the phase's place in the plan, so a click that went nowhere fails here.
 */
export async function nextPhase(
	console: Page,
	index: number,
	participants: readonly Page[],
	title: string
): Promise<void> {
	await console.getByTestId('phase-next').click();
	await expect(console.getByTestId('phase-item').nth(index)).toHaveAttribute(
		'aria-current',
		'step'
	);
	for (const participant of participants) {
		await expect(participant.getByTestId('flow-phase-title')).toHaveText(title);
	}
}

/** Marks the page's document, so `expectNotReloaded` can tell that no step reloaded it. */
export async function markDocument(page: Page): Promise<void> {
	await page.evaluate(() => ((window as unknown as { e2eMark?: number }).e2eMark = 1));
}

export async function expectNotReloaded(page: Page): Promise<void> {
	expect(await page.evaluate(() => (window as unknown as { e2eMark?: number }).e2eMark)).toBe(1);
}

/** The participant's table number, as their page shows it ("Pöytä 2" → 2). */
export async function tableOf(page: Page): Promise<number> {
	const text = (await page.getByTestId('table-number').textContent()) ?? '';
	const table = Number(/\d+/.exec(text)?.[0]);
	expect(table, `table number in "${text}"`).toBeGreaterThan(0);
	return table;
}

/** Picks a metaphor card from the warm-up's deck and writes why; waits for the confirmation. */
export async function pickCard(page: Page, cardId: string, why: string): Promise<void> {
	await page.getByTestId(`card-pick-${cardId}`).click();
	await page.getByTestId('card-pick-why').fill(why);
	await page.getByTestId('card-pick-submit').click();
	await expect(page.getByTestId('card-pick-status')).not.toBeEmpty();
}

/** One problem candidate on the problem-definition view, by its text. */
export function candidate(page: Page, text: string): Locator {
	return page.getByTestId('pd-candidate').filter({ hasText: text });
}

export async function addCandidate(page: Page, text: string): Promise<void> {
	await page.getByTestId('pd-draft-problem_candidates').fill(text);
	await press(page.getByTestId('pd-add-problem_candidates'));
	await expect(candidate(page, text)).toHaveCount(1);
}

/** Chooses a candidate as the table's development task, through its confirmation. */
export async function chooseTask(page: Page, text: string): Promise<void> {
	await press(candidate(page, text).getByTestId('pd-choose'));
	await press(page.getByTestId('pd-confirm-yes'));
	await expect(page.getByTestId('pd-chosen-text')).toHaveText(text);
}

/** Types an answer to one prompt of a Neliapila leaf and sends it with Enter. */
export async function answerLeaf(
	page: Page,
	leaf: number,
	prompt: 'brings' | 'needs' | 'convenes',
	text: string
): Promise<void> {
	const input = page.getByTestId(`knot-leaf-${leaf}-${prompt}-input`);
	await input.fill(text);
	await input.press('Enter');
	await expect(page.getByTestId(`knot-leaf-${leaf}-${prompt}`)).toContainText(text);
}

export interface CommitmentInput {
	what: string;
	/** The owner actor's value, e.g. 'employment_office'. */
	owner: string;
	firstStep?: string;
	/** YYYY-MM-DD */
	due?: string;
}

/** Fills a commitment form (the table's or a console group's) and sends it. */
export async function proposeCommitment(form: Locator, commitment: CommitmentInput): Promise<void> {
	await form.getByLabel('Mitä teemme').fill(commitment.what);
	await form.getByLabel('Kuka vastaa (toimija)').selectOption(commitment.owner);
	if (commitment.due) await form.getByLabel('Mihin mennessä').fill(commitment.due);
	if (commitment.firstStep) await form.getByLabel('Ensimmäinen askel').fill(commitment.firstStep);
	await form.getByRole('button', { name: 'Lisää sitoumus' }).click();
}

/** Answers the feedback survey's three ratings (1–5) and optional text, and sends it. */
export async function sendFeedback(
	page: Page,
	ratings: readonly [number, number, number],
	text = ''
): Promise<void> {
	const questions = ['usefulness', 'voices', 'again'] as const;
	for (const [i, question] of questions.entries()) {
		await page.locator(`#fb-${question}-${ratings[i]}`).check();
	}
	if (text) await page.locator('#fb-text').fill(text);
	await page.getByTestId('feedback-send').click();
	await expect(page.getByTestId('feedback-done')).toBeVisible();
}

/**
 * Sends one control command with a participant's own credential, from outside their page, and
 * resolves with the server's answer: what a participant's browser could send if it tried.
 */
export async function sendAsParticipant(
	context: BrowserContext,
	baseURL: string,
	event: string,
	payload: Record<string, unknown>
): Promise<Result<unknown>> {
	const cookie = (await context.cookies(baseURL))
		.map(({ name, value }) => `${name}=${value}`)
		.join('; ');
	const socket = io(baseURL, {
		path: CONTROL_PATH,
		auth: { v: PROTOCOL_VERSION },
		transports: ['websocket'],
		extraHeaders: { cookie, origin: new URL(baseURL).origin },
		reconnection: false
	});
	try {
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		return (await socket
			.timeout(10_000)
			.emitWithAck(event as never, payload as never)) as Result<unknown>;
	} finally {
		socket.disconnect();
	}
}
