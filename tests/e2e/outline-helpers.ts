import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, type JoinOptions } from './fixtures.ts';

/** Helpers for e2e tests that work through a table's outline, by keyboard. */

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');
export const LAPTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 360, height: 740 } as const;

export const AINO: JoinOptions = {
	displayName: 'Aino',
	organisation: 'Oulun TE-toimisto',
	actorType: 'employment_office'
};
export const BERTIL: JoinOptions = {
	displayName: 'Bertil',
	organisation: 'Oulun sosiaalipalvelut',
	actorType: 'social_services'
};
export const CECILIA: JoinOptions = {
	displayName: 'Cecilia',
	organisation: 'Asiakasraati',
	actorType: 'client'
};

/** Keyboard only: focus the control the way Tab would reach it, then press a key. */
export async function press(target: Locator, key = 'Enter'): Promise<void> {
	await target.focus();
	await target.press(key);
}

/** The texts of all notes as the page shows them (a textarea's value is no text content). */
export function texts(page: Page): Promise<string[]> {
	return page
		.getByTestId('note-text')
		.evaluateAll((elements) => elements.map((element) => (element as HTMLTextAreaElement).value));
}

/** Adds a note outside any area and shares its text. */
export async function addNote(page: Page, text: string): Promise<void> {
	await press(page.getByTestId('add-note'));
	await expect(page.locator('textarea:focus')).toHaveCount(1);
	await page.keyboard.type(text);
	await page.keyboard.press('Control+Enter');
}

/** Full-page screenshots at laptop and phone width, as `<name>-1280.png` and `<name>-360.png`. */
export async function shoot(page: Page, name: string): Promise<void> {
	mkdirSync(SCREENSHOT_DIR, { recursive: true });
	for (const [size, viewport] of [
		['1280', LAPTOP],
		['360', PHONE]
	] as const) {
		await page.setViewportSize(viewport);
		await page.screenshot({
			path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`),
			fullPage: true
		});
	}
	await page.setViewportSize(LAPTOP);
}
