import { expect, test } from './fixtures.ts';

/**
 * On a slow laptop or venue Wi-Fi people type before the page's scripts have run. Hydration must
 * not wipe what they typed (Svelte writes `value` props on hydration; the forms use defaultValue).
 */
test('what a participant types before the join page has loaded is kept and sent', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop
}) => {
	await signUpFacilitator(page);
	const { joinCode } = await createWorkshop(page, { tableCount: 2 });

	const context = await browser.newContext();
	const slow = await context.newPage();
	let release!: () => void;
	const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
	await slow.route('**/_app/immutable/**/*.js', async (route) => {
		await scriptsMayLoad;
		await route.continue();
	});
	await slow.goto('/join', { waitUntil: 'commit' });
	await slow.getByTestId('join-code').fill(joinCode);
	await slow.getByTestId('join-name').fill('Hidas Henkilö');
	await slow.getByTestId('join-organisation').fill('Kajaanin kaupunki');
	await slow.locator('input[name="actorType"][value="education"]').check();

	release();
	await slow.waitForLoadState('networkidle');
	await expect(slow.getByTestId('join-name')).toHaveValue('Hidas Henkilö');
	await expect(slow.getByTestId('join-organisation')).toHaveValue('Kajaanin kaupunki');
	await expect(slow.locator('input[name="actorType"][value="education"]')).toBeChecked();
	await slow.getByTestId('join-submit').click();
	await expect(slow).toHaveURL(/\/w\/[A-Za-z0-9_-]+\/table$/);
	await expect(slow.getByText('Hidas Henkilö')).toBeVisible();
	await context.close();
});
