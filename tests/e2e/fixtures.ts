import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import type { ActorType } from '#shared/model/actor.ts';

export { expect };

export interface Facilitator {
	name: string;
	email: string;
	password: string;
}

export interface CreatedWorkshop {
	workshopId: string;
	/** As the console shows it, e.g. ABCD-2345. */
	joinCode: string;
	title: string;
}

export interface JoinOptions {
	organisation: string;
	actorType: ActorType;
	displayName?: string;
}

interface Helpers {
	/** Creates a fresh facilitator account on `page` and leaves it signed in on the dashboard. */
	signUpFacilitator: (page: Page, options?: { name?: string }) => Promise<Facilitator>;
	/** Creates a workshop from the dashboard and leaves `page` on its console. */
	createWorkshop: (
		page: Page,
		options?: { title?: string; locality?: string; tableCount?: number; template?: string }
	) => Promise<CreatedWorkshop>;
	/** Joins with the code in a new page of `context`; resolves on the table page. */
	joinAs: (context: BrowserContext, code: string, options: JoinOptions) => Promise<Page>;
	/** Fails on any WCAG 2.1 A/AA violation axe-core finds on the page as it is now. */
	expectNoAxeViolations: (page: Page) => Promise<void>;
}

let accounts = 0;

async function signUpFacilitator(
	page: Page,
	options: { name?: string } = {}
): Promise<Facilitator> {
	accounts += 1;
	const facilitator = {
		name: options.name ?? 'Fasilitoija Testinen',
		email: `fasilitoija-${Date.now()}-${accounts}@example.fi`,
		password: 'pitkä-salasana-123'
	};
	await page.goto('/facilitator/sign-up');
	await page.getByTestId('signup-name').fill(facilitator.name);
	await page.getByTestId('signup-email').fill(facilitator.email);
	await page.getByTestId('signup-password').fill(facilitator.password);
	await page.getByTestId('signup-submit').click();
	await expect(page).toHaveURL(/\/facilitator$/);
	return facilitator;
}

async function createWorkshop(
	page: Page,
	options: { title?: string; locality?: string; tableCount?: number; template?: string } = {}
): Promise<CreatedWorkshop> {
	const title = options.title ?? 'Kotoutumisen rajanylityspaja';
	if (!/\/facilitator$/.test(page.url())) await page.goto('/facilitator');
	await page.getByTestId('create-title').fill(title);
	await page.getByTestId('create-locality').fill(options.locality ?? 'Kuopio');
	await page.getByTestId('create-duration').selectOption('morning');
	if (options.template) await page.getByTestId(`create-template-${options.template}`).check();
	await page.getByTestId('create-tables').fill(String(options.tableCount ?? 4));
	await page.getByTestId('create-submit').click();
	await expect(page).toHaveURL(/\/facilitator\/w\/[A-Za-z0-9_-]+$/);
	const workshopId = new URL(page.url()).pathname.split('/').at(-1)!;
	const joinCode = (await page.getByTestId('join-code-display').textContent())?.trim() ?? '';
	expect(joinCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
	return { workshopId, joinCode, title };
}

async function joinAs(context: BrowserContext, code: string, options: JoinOptions): Promise<Page> {
	const page = await context.newPage();
	await page.goto('/join');
	await page.getByTestId('join-code').fill(code);
	if (options.displayName) await page.getByTestId('join-name').fill(options.displayName);
	await page.getByTestId('join-organisation').fill(options.organisation);
	await page.locator(`input[name="actorType"][value="${options.actorType}"]`).check();
	await page.getByTestId('join-submit').click();
	await expect(page).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/table$/);
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
	// The phase's rights arrive with the workshop state; until then the board offers no editing.
	await expect(page.getByTestId('phase-name')).not.toHaveAttribute('data-phase', '');
	return page;
}

async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	// Only the fields that say what and where, so a failure reads well in the report.
	const violations = results.violations.map((violation) => ({
		id: violation.id,
		help: violation.help,
		targets: violation.nodes.map((node) => node.target.join(' '))
	}));
	expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/* Playwright reads a fixture's dependencies from its first parameter; these helpers need none. */
/* eslint-disable no-empty-pattern */
const provide =
	<T>(value: T) =>
	async ({}, use: (value: T) => Promise<void>) =>
		use(value);
/* eslint-enable no-empty-pattern */

export const test = base.extend<Helpers>({
	signUpFacilitator: provide(signUpFacilitator),
	createWorkshop: provide(createWorkshop),
	joinAs: provide(joinAs),
	expectNoAxeViolations: provide(expectNoAxeViolations)
});
