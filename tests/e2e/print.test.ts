import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { AINO, LAPTOP, addNote, press } from './outline-helpers.ts';

/**
 * The join sheet with its table cards, a table's board outline and the workshop report print on
 * A4: Chromium prints the pages, poppler (pdftotext, pdftoppm) reads the paper back. The rasters
 * stay in test-results/print for a person to look at.
 */
const PRINT_DIR = path.resolve(import.meta.dirname, '../../test-results/print');
/** A4 in PostScript points, as pdfinfo reports it (595.28 × 841.89). */
const A4 = { width: 595, height: 842 };
const TABLES = 3;

test.describe.configure({ timeout: 180_000 });

for (const tool of ['pdftotext', 'pdftoppm', 'pdfinfo']) {
	try {
		execFileSync(tool, ['-v'], { stdio: 'ignore' });
	} catch {
		throw new Error(
			`[e2e] ${tool} is missing: install poppler-utils (apt-get install -y poppler-utils)`
		);
	}
}

interface Paper {
	pages: number;
	width: number;
	height: number;
	/** pdftotext -layout: the words as laid out on the paper. */
	text: string;
	/** Per page, the share of the rightmost 3 % of the paper that is not white. */
	rightEdgeInk: number[];
}

/** Reads a PDF the way a printer would see it: size, pages, words and pixels. */
function readPaper(pdf: Buffer, name: string): Paper {
	mkdirSync(PRINT_DIR, { recursive: true });
	for (const old of readdirSync(PRINT_DIR)) {
		if (old.startsWith(`${name}-`)) rmSync(path.join(PRINT_DIR, old));
	}
	const file = path.join(PRINT_DIR, `${name}.pdf`);
	writeFileSync(file, pdf);
	const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
	const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
	const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
	const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
	// PNGs to look at, and grey maps (PGM: a header, then one byte per pixel) to measure.
	execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(PRINT_DIR, name)]);
	const work = mkdtempSync(path.join(tmpdir(), 'rajapinta-print-'));
	try {
		execFileSync('pdftoppm', ['-r', '40', '-gray', file, path.join(work, 'page')]);
		const rightEdgeInk = readdirSync(work)
			.filter((entry) => entry.endsWith('.pgm'))
			.sort()
			.map((entry) => edgeInk(readFileSync(path.join(work, entry))));
		return {
			pages,
			width: Number(size?.[1]),
			height: Number(size?.[2]),
			text,
			rightEdgeInk
		};
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

/** The share of dark pixels in the rightmost 3 % of a binary PGM page. */
function edgeInk(pgm: Buffer): number {
	// Header: P5, width, height, maxval, each followed by whitespace; then the pixels.
	const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
	if (!header) throw new Error('not a binary PGM');
	const [all, w, h] = header;
	const width = Number(w);
	const height = Number(h);
	const pixels = pgm.subarray(all.length);
	const from = Math.floor(width * 0.97);
	let dark = 0;
	for (let y = 0; y < height; y++) {
		for (let x = from; x < width; x++) if (pixels[y * width + x] < 200) dark++;
	}
	return dark / ((width - from) * height);
}

function expectA4(paper: Paper, label: string): void {
	expect(Math.round(paper.width), `${label}: A4 width`).toBe(A4.width);
	expect(Math.round(paper.height), `${label}: A4 height`).toBe(A4.height);
	// Nothing runs off the right edge: the last 3 % of every page is (all but) blank paper.
	for (const [index, ink] of paper.rightEdgeInk.entries()) {
		expect(ink, `${label}: ink at the right edge of page ${index + 1}`).toBeLessThan(0.002);
	}
}

/** In print media at A4's width, no element makes the page wider than the paper. */
async function expectNoPrintOverflow(page: Page): Promise<void> {
	await page.emulateMedia({ media: 'print' });
	await page.setViewportSize({ width: 718, height: 1047 }); // A4 less 1 cm margins, at 96 dpi
	const { scroll, client, widest } = await page.evaluate(() => {
		const root = document.documentElement;
		let widest = '';
		for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
			const box = element.getBoundingClientRect();
			if (box.right > root.clientWidth + 1 && box.width > 0) {
				widest = `${element.tagName.toLowerCase()}.${element.className} (${Math.round(box.right)} px)`;
				break;
			}
		}
		return { scroll: root.scrollWidth, client: root.clientWidth, widest };
	});
	expect(scroll, `print overflow: ${widest}`).toBeLessThanOrEqual(client);
	// Back to no emulation: page.pdf() prints in print media unless screen is asked for.
	await page.emulateMedia({ media: null });
	await page.setViewportSize(LAPTOP);
}

const LONG_NOTE =
	'Asiakkaan polku työllisyyspalveluista sosiaalitoimeen katkeaa, kun tieto ei siirry ja jokainen organisaatio kysyy samat asiat uudelleen alusta';

test('the join sheet, table cards, a board outline and the workshop report print on A4 without losing anything at the edges', async ({
	page,
	browser,
	signUpFacilitator,
	createWorkshop,
	joinAs
}) => {
	await signUpFacilitator(page);
	const { workshopId, joinCode, title } = await createWorkshop(page, {
		tableCount: TABLES,
		title: 'Tulostettava rajanylityspaja Pohjois-Savossa',
		locality: 'Siilinjärvi'
	});

	// Join sheet and one tent card per table: one A4 page each.
	await page.goto(`/facilitator/w/${workshopId}/print`);
	await expectNoPrintOverflow(page);
	const sheet = readPaper(await page.pdf({ format: 'A4', preferCSSPageSize: true }), 'join-sheet');
	expectA4(sheet, 'join sheet');
	expect(sheet.pages).toBe(TABLES + 1);
	// The code on the sheet and on every card; each card's word on both of its halves.
	expect(sheet.text.split(joinCode)).toHaveLength(TABLES + 2);
	expect(sheet.text.split('Pöytä · Bord')).toHaveLength(2 * TABLES + 1);
	expect(sheet.text).toContain('Liity työpajaan');
	expect(sheet.text).toContain('Gå med i');

	// A table's board outline, with a long note that has to wrap rather than run off the paper.
	const context = await browser.newContext({ viewport: LAPTOP });
	const aino = await joinAs(context, joinCode, AINO);
	await press(aino.getByTestId('view-outline'));
	await expect(aino.getByTestId('board-outline')).toBeVisible();
	await addNote(aino, LONG_NOTE);
	await addNote(aino, 'Yhteinen asiakastapaaminen');
	await expect(aino.getByTestId('note-text')).toHaveCount(2);
	await expectNoPrintOverflow(aino);
	const outline = readPaper(
		await aino.pdf({ format: 'A4', preferCSSPageSize: true }),
		'board-outline'
	);
	expectA4(outline, 'board outline');
	expect(outline.pages).toBeLessThanOrEqual(3);
	// The wrapped note: its first and last words are both on the paper.
	expect(outline.text).toContain('Asiakkaan polku');
	expect(outline.text).toContain('alusta');
	expect(outline.text).toContain('Yhteinen asiakastapaaminen');
	// The buttons and the flow bar are for the screen, not for paper.
	expect(outline.text).not.toContain('Tarvitsemme apua');
	expect(outline.text).not.toContain('Lisää muistilappu');
	expect(outline.text).not.toContain('Yhteys toimii');

	// The workshop report, as the console offers it for download.
	const response = await page.request.get(`/facilitator/w/${workshopId}/export?format=pdf&lang=fi`);
	expect(response.status()).toBe(200);
	const report = readPaper(Buffer.from(await response.body()), 'report');
	expectA4(report, 'report');
	expect(report.pages).toBeGreaterThanOrEqual(1);
	expect(report.pages).toBeLessThanOrEqual(12);
	expect(report.text.replace(/\s+/g, ' ')).toContain(title);
	expect(report.text).toContain('Siilinjärvi');
	await context.close();
});
