import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import jsqr from 'jsqr';
import { expect, test } from './fixtures.ts';

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const TABLES = 3;

type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is a CommonJS bundle typed with `export default`: bundler resolution sees the function,
// Node's (nodenext, used for tests by tsc -p server) the module object. Its .default is the
// function either way at run time.
const loaded = jsqr as unknown as Decode | { default: Decode };
const jsQR: Decode = typeof loaded === 'function' ? loaded : loaded.default;

async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', { width: 1280, height: 800 }],
		['360', { width: 360, height: 740 }]
	] as const) {
		await page.setViewportSize(viewport);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`),
			fullPage: true
		});
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

async function useLanguage(page: Page, locale: 'fi' | 'sv'): Promise<void> {
	await page
		.context()
		.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: new URL(page.url()).origin }]);
	await page.reload();
}

/** Paints the QR code's SVG onto a canvas in the page and decodes the pixels with jsQR. */
async function decodeQr(page: Page): Promise<string | null> {
	const side = 400;
	const pixels = await page.getByTestId('join-qr').evaluate(async (svg, size) => {
		const markup = new XMLSerializer().serializeToString(svg);
		const image = new Image();
		image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
		await image.decode();
		const canvas = document.createElement('canvas');
		canvas.width = size;
		canvas.height = size;
		const context = canvas.getContext('2d')!;
		context.drawImage(image, 0, 0, size, size);
		return Array.from(context.getImageData(0, 0, size, size).data);
	}, side);
	return jsQR(Uint8ClampedArray.from(pixels), side, side)?.data ?? null;
}

/** Pages in a PDF as Chromium writes it: one /Type /Page object per page. */
function pdfPageCount(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

test('the owner invites a co-facilitator who drives the day; the join sheet prints', async ({
	browser,
	signUpFacilitator,
	createWorkshop,
	expectNoAxeViolations
}) => {
	const ownerContext = await browser.newContext();
	const coContext = await browser.newContext();
	const owner = await ownerContext.newPage();
	const co = await coContext.newPage();
	const coFacilitator = await signUpFacilitator(co, { name: 'Kaisa Kanssa' });
	await signUpFacilitator(owner, { name: 'Olli Omistaja' });
	const { workshopId, joinCode, title } = await createWorkshop(owner, { tableCount: TABLES });

	// The console's join panel: the code, and a QR code that scans to the join address.
	const joinUrl = `${new URL(owner.url()).origin}/join?code=${joinCode}`;
	await expect(owner.getByTestId('join-qr')).toHaveAttribute('role', 'img');
	await expect(owner.getByTestId('join-qr')).toHaveAttribute(
		'aria-label',
		`QR-koodi liittymiseen: ${joinUrl}`
	);
	expect(await decodeQr(owner)).toBe(joinUrl);

	// An address with no account is refused with a message tied to the field.
	await owner.getByTestId('invite-email').fill('ei-ketaan@example.fi');
	await owner.getByTestId('invite-submit').click();
	await expect(owner.getByTestId('invite-error')).toContainText('ei ole tunnusta');
	await expect(owner.getByTestId('invite-email')).toHaveAttribute('aria-invalid', 'true');
	await expectNoAxeViolations(owner);

	// Keyboard only: fill the field and press Enter.
	await owner.getByTestId('invite-email').fill(coFacilitator.email);
	await owner.getByTestId('invite-email').press('Enter');
	await expect(owner.getByTestId('invite-added')).toContainText('Kaisa Kanssa');
	await expect(owner.getByTestId('facilitator-list')).toContainText(coFacilitator.email);
	await expect(owner.getByTestId('facilitator-list')).toContainText('kanssafasilitaattori');
	await expectNoAxeViolations(owner);
	await shoot(owner, 'join-console-fi');
	await useLanguage(owner, 'sv');
	await expect(owner.getByTestId('facilitator-list')).toContainText('medfacilitator');
	await expectNoAxeViolations(owner);
	await shoot(owner, 'join-console-sv');
	await useLanguage(owner, 'fi');

	// The co-facilitator finds the workshop on the dashboard and drives it.
	await co.goto('/facilitator');
	await co.getByRole('link', { name: title }).first().click();
	await expect(co).toHaveURL(new RegExp(`/facilitator/w/${workshopId}$`));
	await expect(co.getByTestId('invite-email')).toHaveCount(0);
	await co.getByTestId('start-day').click();
	await expect(co.getByTestId('start-day')).toHaveCount(0);
	const before = await co.locator('[aria-current="step"]').textContent();
	await co.getByTestId('phase-next').click();
	await expect(co.locator('[aria-current="step"]')).not.toHaveText(before ?? '');
	// The owner's console follows the co-facilitator's step.
	await expect(owner.locator('[aria-current="step"]')).toHaveText(
		(await co.locator('[aria-current="step"]').textContent()) ?? ''
	);

	// The printable sheet: code, QR and one tent card per table, each on its own A4 page.
	await owner.getByTestId('print-link').click();
	await expect(owner).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/print$`));
	await expect(owner.getByTestId('sheet-code')).toHaveText(joinCode);
	expect(await decodeQr(owner)).toBe(joinUrl);
	await expect(owner.getByTestId('table-card')).toHaveCount(TABLES);
	await expect(owner.locator('[lang="sv"] h2')).toHaveText('Gå med i workshoppen');
	await expectNoAxeViolations(owner);
	await shoot(owner, 'join-print-fi');
	const pdf = await owner.pdf({ format: 'A4', preferCSSPageSize: true });
	expect(pdfPageCount(pdf)).toBe(TABLES + 1);
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	writeFileSync(path.join(SCREENSHOT_DIR, 'join-sheet.pdf'), pdf);
	await owner.emulateMedia({ media: 'print' });
	await owner.setViewportSize({ width: 794, height: 1123 });
	// Each sheet is one printed page in print media: look at the notice and a table card.
	await owner.getByTestId('join-sheet').screenshot({
		path: path.join(SCREENSHOT_DIR, 'join-print-media-sheet.png')
	});
	await owner
		.getByTestId('table-card')
		.first()
		.screenshot({
			path: path.join(SCREENSHOT_DIR, 'join-print-media-card.png')
		});
	await owner.emulateMedia({ media: 'screen' });
	await useLanguage(owner, 'sv');
	await expectNoAxeViolations(owner);
	await shoot(owner, 'join-print-sv');

	// The co-facilitator may print too; a stranger may not.
	await co.goto(`/facilitator/w/${workshopId}/print`);
	await expect(co.getByTestId('table-card')).toHaveCount(TABLES);
	const strangerPage = await (await browser.newContext()).newPage();
	await signUpFacilitator(strangerPage, { name: 'Vieras' });
	const refused = await strangerPage.goto(`/facilitator/w/${workshopId}/print`);
	expect(refused?.status()).toBe(403);

	await ownerContext.close();
	await coContext.close();
	await strangerPage.context().close();
});
