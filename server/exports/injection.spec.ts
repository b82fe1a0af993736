import { parse as parseCsv } from 'csv-parse/sync';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { WorkshopReport } from '#shared/model/report.ts';
import { FIXTURE_COMMITMENTS, fixtureWorkshop } from './fixtures/workshop.ts';
import { parseXml, pdfText, texts, unzip } from './fixtures/read.ts';
import { renderReport } from './index.ts';

/**
 * Hostile text in every user-written place must come out as text in every format: no formula in
 * a spreadsheet, no markup in Markdown, no element in XML, no control character anywhere.
 */
const FORMULAS = [
	'=HYPERLINK("http://example.invalid","klikkaa")',
	'+SUM(A1:A9)',
	'-2+3',
	'@cmd',
	'\t=1+1'
];
const MARKUP = '<script>alert(1)</script> **lihava** [linkki](javascript:alert(1)) ![k](x.png)';
const XML_BREAKOUT = '</w:t></w:r><w:r><w:t>ja ]]> &amp; </text:p><text:h>';
const BLOCKS = '# Ei otsikko\n> ei lainaus\n1. ei lista\n- ei luettelo\n===';
const CONTROL = 'kello\u0007 ja \u001b[31mväri\u202Eevil';

function hostileReport(): WorkshopReport {
	const report = fixtureWorkshop();
	return {
		...report,
		title: MARKUP,
		facilitators: ['=cmd|"/c calc"!A1'],
		tables: [
			{
				...report.tables[0],
				developmentTask: BLOCKS,
				notes: [MARKUP, XML_BREAKOUT, CONTROL, BLOCKS, ...FORMULAS]
			}
		],
		commitments: FORMULAS.map((what, i) => ({ ...FIXTURE_COMMITMENTS[0], id: `x${i}`, what })),
		developmentSeeds: [{ table: 1, text: '| taulukko | rikki |' }],
		feedback: { responses: 1, averageRating: null, questions: [], comments: [XML_BREAKOUT] }
	};
}

const report = hostileReport();
const render = async (format: Parameters<typeof renderReport>[1]['format']) =>
	(await renderReport(report, { format, language: 'fi' })).bytes;
const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const hasControl = (text: string) => ['\u0007', '\u001b', '\u202E'].some((c) => text.includes(c));

describe('injection', () => {
	it('CSV: every formula-like cell is prefixed with an apostrophe; no control characters', async () => {
		const rows: string[][] = parseCsv(utf8(await render('csv')), { delimiter: ';', bom: true });
		const cells = rows.flat();
		for (const formula of FORMULAS) {
			expect(cells).toContain(`'${formula}`);
			expect(cells).not.toContain(formula);
		}
		expect(cells).toContain(`'=cmd|"/c calc"!A1`);
		expect(cells.every((cell) => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
		expect(cells).toContain('kello ja [31mväri' + 'evil');
	});

	it('Markdown: user text makes no HTML, link, heading, quote, list or table', async () => {
		const md = utf8(await render('md'));
		expect(md).not.toContain('<script>');
		expect(md).toContain('\\<script\\>');
		expect(md).not.toMatch(/[^\\]\[linkki\]/);
		expect(md).toContain('\\[linkki\\]\\(javascript:alert\\(1\\)\\)');
		expect(md).toContain('\\!\\[k\\]');
		expect(md).toContain('\\# Ei otsikko');
		expect(md).toContain('\\> ei lainaus');
		// In a list item each line is escaped at its start; on one line nothing starts a block.
		expect(md).toContain(
			'- \\# Ei otsikko  \n  \\> ei lainaus  \n  1\\. ei lista  \n  \\- ei luettelo  \n  \\==='
		);
		expect(md).toContain(':** \\# Ei otsikko \\> ei lainaus 1. ei lista - ei luettelo ===');
		expect(md).toContain('\\| taulukko \\| rikki \\|');
		expect(hasControl(md)).toBe(false);
	});

	it('DOCX: hostile text stays text in well-formed XML', async () => {
		const docx = await render('docx');
		const xml = unzip(docx).get('word/document.xml')!;
		const doc = parseXml(xml);
		const all = texts(doc, 'w:t').join('');
		expect(all).toContain('</w:t></w:r><w:r><w:t>ja ]]> &amp; </text:p><text:h>');
		expect(all).toContain('<script>alert(1)</script>');
		expect(hasControl(utf8(xml))).toBe(false);
		const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
		expect(value).toContain('=HYPERLINK("http://example.invalid","klikkaa")');
	});

	it.each(['odt', 'ods'] as const)(
		'%s: hostile text stays text in well-formed XML',
		async (format) => {
			const content = unzip(await render(format)).get('content.xml')!;
			const doc = parseXml(content);
			const all = texts(doc, 'text:p').join('\n');
			expect(all).toContain('</w:t></w:r><w:r><w:t>ja ]]> &amp; </text:p><text:h>');
			expect(doc.getElementsByTagName('script').length).toBe(0);
			expect(hasControl(utf8(content))).toBe(false);
			if (format === 'ods') {
				// Typed as strings, so a spreadsheet never evaluates them; no formula attribute at all.
				expect(utf8(content)).not.toContain('table:formula');
				const cell = Array.from(doc.getElementsByTagName('table:table-cell')).find(
					(node) => node.textContent === FORMULAS[0]
				);
				expect(cell?.getAttribute('office:value-type')).toBe('string');
			}
		}
	);

	it('PDF: hostile text is printed as text', async () => {
		const text = (await pdfText(await render('pdf'))).replace(/\s+/g, ' ');
		expect(text).toContain('<script>alert(1)</script>');
		expect(text).toContain('=HYPERLINK("http://example.invalid","klikkaa")');
		expect(hasControl(text)).toBe(false);
	});

	it('JSON: strings round-trip exactly (JSON is data; the reader escapes for its own use)', async () => {
		const json = JSON.parse(utf8(await render('json')));
		expect(json.tables[0].notes).toEqual(report.tables[0].notes);
	});
});
