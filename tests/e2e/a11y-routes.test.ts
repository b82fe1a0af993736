import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * Issue 8: every page of the app, in Finnish, Swedish and English, at laptop and phone size, has no
 * axe-core WCAG 2.1 A/AA violation, and a full-page screenshot of each is kept as an artifact.
 * The route list is checked against src/routes, so a new page cannot slip past this test.
 */

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots/routes');
const ROUTES_DIR = path.resolve(import.meta.dirname, '../../src/routes');
const VIEWPORTS = [
	{ name: '1280', width: 1280, height: 800 },
	{ name: '360', width: 360, height: 740 }
] as const;
const LANGUAGES = [
	{ locale: 'fi', browserLocale: 'fi-FI' },
	{ locale: 'sv', browserLocale: 'sv-FI' },
	{ locale: 'en', browserLocale: 'en-GB' }
] as const;

/** This language's browser asks for reduced motion (prefers-reduced-motion: reduce). */
const REDUCED_MOTION_LOCALE = 'en';

/** Every page route (a +page.svelte) under src/routes, as its route id, e.g. /w/[workshopId]/table. */
function pageRouteIds(dir = ROUTES_DIR): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...pageRouteIds(full));
		else if (entry.name === '+page.svelte') {
			found.push('/' + path.relative(ROUTES_DIR, dir).split(path.sep).join('/'));
		}
	}
	return found.map((id) => (id === '/' ? '/' : id.replace(/\/$/, '')));
}

interface Visit {
	/** The route id it covers, or an error page's name. */
	route: string;
	url: string;
}

interface World {
	email: string;
	password: string;
	workshopId: string;
	joinCode: string;
	networkId: string;
	registrationPath: string;
	personalPath: string;
	sharePath: string;
	/** An own card deck of two pictures. */
	deckId: string;
}

/** Built with the Finnish UI, whose labels the fixtures and this setup know. */
async function buildWorld(
	page: Page,
	browser: Browser,
	helpers: {
		signUpFacilitator: (page: Page) => Promise<{ email: string; password: string }>;
		createWorkshop: (
			page: Page,
			options: { title: string; tableCount: number; template: string }
		) => Promise<{ workshopId: string; joinCode: string }>;
	}
): Promise<World> {
	const { email, password } = await helpers.signUpFacilitator(page);
	const { workshopId, joinCode } = await helpers.createWorkshop(page, {
		title: 'Saavutettavuuspaja',
		tableCount: 2,
		template: 'half-day-morning'
	});

	await page.goto('/facilitator');
	await page.getByTestId('networks-link').click();
	await page.getByLabel('Verkoston nimi').fill('Saavutettavuusverkosto');
	await page.getByRole('button', { name: 'Luo verkosto' }).click();
	await expect(page).toHaveURL(/\/facilitator\/networks\/[A-Za-z0-9_-]+$/);
	const networkId = new URL(page.url()).pathname.split('/').at(-1)!;

	// A commitment, agreed and shared with the network, so the archive and share pages have content.
	await page.goto(`/facilitator/w/${workshopId}/commitments`);
	const group = page.getByTestId('commitment-form-new-1');
	await page.locator('details').filter({ has: group }).locator('summary').click();
	await group.getByLabel('Mitä teemme').fill('Yhteinen neuvontapiste kirjastoon');
	await group.getByLabel('Kuka vastaa (toimija)').selectOption('employment_office');
	await group.getByLabel('Ensimmäinen askel').fill('Kysytään kirjastolta tila');
	await group.getByRole('button', { name: 'Lisää sitoumus' }).click();
	const row = page.getByTestId('commitment').first();
	await row.getByTestId('commitment-agree').click();
	await expect(row.getByTestId('commitment-state')).toHaveText('Sovittu');
	await page.getByTestId('share-toggle').click();
	await expect(page.getByTestId('share-state')).toHaveText('Jaettu');

	await page.goto(`/facilitator/networks/${networkId}/share?workshop=${workshopId}`);
	await page.getByTestId('share-link-create').click();
	const sharePath = new URL(await page.getByTestId('share-link-url').inputValue()).pathname;

	// Registration open, and one person registered: their personal page.
	await page.goto(`/facilitator/w/${workshopId}/registration`);
	await page.getByTestId('registration-toggle').click();
	await expect(page.getByTestId('registration-state')).toHaveText('Ilmoittautuminen on auki.');
	const registrationPath = new URL(
		(await page.getByTestId('registration-link').textContent())!.trim()
	).pathname;
	const person = await browser.newContext();
	const form = await person.newPage();
	await form.goto(registrationPath);
	await form.getByTestId('registration-name').fill('Aino Ilmoittautuja');
	await form.getByTestId('registration-organisation').fill('Oulun kaupunki');
	await form.locator('input[name="actorType"][value="education"]').check();
	await form.getByTestId('registration-submit').click();
	await expect(form).toHaveURL(/\/p\/[A-Za-z0-9_-]+\?new=1$/);
	const personalPath = new URL(form.url()).pathname;
	await person.close();

	// An own card deck, so its page has cards to describe.
	await page.goto('/facilitator/decks');
	await page.getByTestId('deck-name').fill('Saavutettavuuspakka');
	const picture = (fill: string) =>
		Buffer.from(
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 4"><rect width="3" height="4" fill="${fill}"/></svg>`
		);
	await page.getByTestId('deck-pictures').setInputFiles([
		{ name: 'sininen.svg', mimeType: 'image/svg+xml', buffer: picture('#0b4f8a') },
		{ name: 'keltainen.svg', mimeType: 'image/svg+xml', buffer: picture('#e0a400') }
	]);
	await page.getByTestId('deck-upload').click();
	await expect(page).toHaveURL(/\/facilitator\/decks\/[a-z0-9]{12}$/);
	const deckId = new URL(page.url()).pathname.split('/').at(-1)!;

	// The day runs: the table pages show the board, not the waiting room.
	await page.goto(`/facilitator/w/${workshopId}`);
	await page.getByTestId('start-day').click();
	await expect(page.getByTestId('phase-next')).toBeVisible();

	return {
		email,
		password,
		workshopId,
		joinCode,
		networkId,
		registrationPath,
		personalPath,
		sharePath,
		deckId
	};
}

function visitorPages(world: World): Visit[] {
	return [
		{ route: '/', url: '/' },
		{ route: '/join', url: '/join' },
		{ route: '/accessibility', url: '/accessibility' },
		{ route: '/facilitator/sign-in', url: '/facilitator/sign-in' },
		{ route: '/facilitator/sign-up', url: '/facilitator/sign-up' },
		{ route: '/r/[code]', url: world.registrationPath },
		{ route: '/p/[token]', url: world.personalPath },
		{ route: '/share/[token]', url: world.sharePath },
		{ route: 'error-404', url: '/ei-tallaista-sivua' },
		{ route: 'share-error', url: '/share/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }
	];
}

function facilitatorPages(world: World): Visit[] {
	const w = `/facilitator/w/${world.workshopId}`;
	const n = `/facilitator/networks/${world.networkId}`;
	return [
		{ route: '/facilitator', url: '/facilitator' },
		{ route: '/facilitator/sign-out', url: '/facilitator/sign-out' },
		{ route: '/facilitator/networks', url: '/facilitator/networks' },
		{ route: '/facilitator/decks', url: '/facilitator/decks' },
		{ route: '/facilitator/decks/[deckId]', url: `/facilitator/decks/${world.deckId}` },
		{ route: '/facilitator/networks/[networkId]', url: n },
		{ route: '/facilitator/networks/[networkId]/api-tokens', url: `${n}/api-tokens` },
		{
			route: '/facilitator/networks/[networkId]/share',
			url: `${n}/share?workshop=${world.workshopId}`
		},
		{ route: '/facilitator/w/[workshopId]', url: w },
		{ route: '/facilitator/w/[workshopId]/plan', url: `${w}/plan` },
		{ route: '/facilitator/w/[workshopId]/registration', url: `${w}/registration` },
		{ route: '/facilitator/w/[workshopId]/tables', url: `${w}/tables` },
		{ route: '/facilitator/w/[workshopId]/table/[table]', url: `${w}/table/1` },
		{ route: '/facilitator/w/[workshopId]/plenary', url: `${w}/plenary` },
		{ route: '/facilitator/w/[workshopId]/projector', url: `${w}/projector` },
		{ route: '/facilitator/w/[workshopId]/voices', url: `${w}/voices` },
		{ route: '/facilitator/w/[workshopId]/commitments', url: `${w}/commitments` },
		{ route: '/facilitator/w/[workshopId]/feedback', url: `${w}/feedback` },
		{ route: '/facilitator/w/[workshopId]/print', url: `${w}/print` },
		{ route: '/facilitator/w/[workshopId]/privacy', url: `${w}/privacy` }
	];
}

function participantPages(world: World): Visit[] {
	return [
		{ route: '/w/[workshopId]/table', url: `/w/${world.workshopId}/table` },
		{ route: '/w/[workshopId]/privacy', url: `/w/${world.workshopId}/privacy` }
	];
}

/** A file name for a visit: the route with its parameters spelled out, e.g. w-workshopId-table. */
function fileName(locale: string, visit: Visit, viewport: string): string {
	const slug =
		visit.route
			.replace(/[[\]]/g, '')
			.replace(/^\/|\/$/g, '')
			.replace(/[^A-Za-z0-9]+/g, '-') || 'home';
	return `${locale}-${slug}-${viewport}.png`;
}

/**
 * axe-core with WCAG 2.1 A/AA, as fixtures.ts runs it, but soft: one run lists every violation of
 * every route (with the element's markup), instead of stopping at the first page that has one.
 */
async function expectNoViolations(page: Page, label: string): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const violations = results.violations.map((violation) => ({
		id: violation.id,
		help: violation.help,
		nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.html.slice(0, 300)}`)
	}));
	expect.soft(violations, `axe violations on ${label}`).toEqual([]);
}

/** With reduced motion asked for, nothing on the page may animate, transition or scroll smoothly. */
async function expectNoMotion(page: Page, label: string): Promise<void> {
	const moving = await page.evaluate(() => {
		const found: string[] = [];
		const still = (durations: string) =>
			durations.split(',').every((duration) => Number.parseFloat(duration) === 0);
		for (const element of document.querySelectorAll('*')) {
			for (const pseudo of [null, '::before', '::after']) {
				const style = getComputedStyle(element, pseudo);
				const what = `${element.tagName.toLowerCase()}.${element.classList[0] ?? ''}${pseudo ?? ''}`;
				if (style.animationName !== 'none' && !still(style.animationDuration)) {
					found.push(`${what} animation ${style.animationName}`);
				}
				if (!still(style.transitionDuration)) found.push(`${what} transition`);
				if (style.scrollBehavior === 'smooth') found.push(`${what} smooth scroll`);
			}
		}
		return [...found, ...document.getAnimations().map((animation) => `running ${animation.id}`)];
	});
	expect.soft(moving, `motion on ${label}`).toEqual([]);
}

async function check(page: Page, locale: string, visit: Visit): Promise<void> {
	await page.setViewportSize(VIEWPORTS[0]);
	await page.goto(visit.url);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	// Realtime pages: check them as people see them, connected, not in their loading state.
	const status = page.getByTestId('connection-status');
	if ((await status.count()) > 0) {
		await expect(status.first()).toHaveAttribute('data-status', 'online');
	}
	if (locale === REDUCED_MOTION_LOCALE) await expectNoMotion(page, `${locale} ${visit.route}`);
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize(viewport);
		await expectNoViolations(
			page,
			`${locale} ${visit.route} at ${viewport.name} px (${visit.url})`
		);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, fileName(locale, visit, viewport.name)),
			fullPage: true
		});
	}
}

async function signIn(page: Page, world: World): Promise<void> {
	await page.goto('/facilitator/sign-in');
	await page.getByTestId('signin-email').fill(world.email);
	await page.getByTestId('signin-password').fill(world.password);
	await page.getByTestId('signin-submit').click();
	await expect(page).toHaveURL(/\/facilitator$/);
}

test('every route passes axe-core in fi, sv and en at 1280 and 360 px, with screenshots', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	test.setTimeout(400_000);
	const started = Date.now();
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const world = await buildWorld(page, browser, { signUpFacilitator, createWorkshop });

	const visited = new Set<string>();
	for (const { locale, browserLocale } of LANGUAGES) {
		const context: BrowserContext = await browser.newContext({
			locale: browserLocale,
			reducedMotion: locale === REDUCED_MOTION_LOCALE ? 'reduce' : 'no-preference'
		});
		await context.addCookies([
			{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }
		]);
		const tab = await context.newPage();
		for (const visit of visitorPages(world)) {
			await check(tab, locale, visit);
			visited.add(visit.route);
		}
		await signIn(tab, world);
		for (const visit of facilitatorPages(world)) {
			await check(tab, locale, visit);
			visited.add(visit.route);
		}
		const participant = await joinAs(context, world.joinCode, {
			displayName: `Osallistuja ${locale}`,
			organisation: 'Oulun TE-toimisto',
			actorType: 'employment_office'
		});
		for (const visit of participantPages(world)) {
			await check(participant, locale, visit);
			visited.add(visit.route);
		}
		await context.close();
	}

	console.log(
		`[a11y-routes] ${visited.size} routes x 3 languages x 2 sizes in ${Math.round((Date.now() - started) / 1000)} s`
	);
	// Nothing left out: a page added under src/routes must be added here too.
	expect(pageRouteIds().filter((route) => !visited.has(route))).toEqual([]);
});
