import { expect, test } from './fixtures.ts';

test('signing up again with a taken e-mail says so next to the field, and signs nobody in', async ({
	browser,
	page,
	signUpFacilitator
}) => {
	const facilitator = await signUpFacilitator(page);
	const context = await browser.newContext();
	const again = await context.newPage();
	await again.goto('/facilitator/sign-up');
	await again.getByTestId('signup-name').fill('Toinen Henkilö');
	await again.getByTestId('signup-email').fill(facilitator.email);
	await again.getByTestId('signup-password').fill('toinen-salasana-456');
	await again.getByTestId('signup-submit').click();
	await expect(
		again.getByText('Tällä sähköpostilla on jo tunnus. Kirjaudu sisään.').first()
	).toBeVisible();
	await expect(again).toHaveURL(/\/facilitator\/sign-up$/);
	await context.close();
});
