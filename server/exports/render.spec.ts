import { parse as parseCsv } from 'csv-parse/sync';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureWorkshop } from './fixtures/workshop.ts';
import { parseXml, pdfText, texts, unzip, zipEntryNames } from './fixtures/read.ts';
import { localityReport } from '#shared/model/report.ts';
import { EXPORT_FORMAT_LIST, renderReport, reportFileName, type ExportFormat } from './index.ts';

/**
 * Golden tests: the fixture workshop in every format, read back with an independent parser, must
 * say what the fixture says, å ä ö included.
 */
const report = fixtureWorkshop();
const rendered = new Map<ExportFormat, Uint8Array>();
const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

beforeAll(async () => {
	for (const format of EXPORT_FORMAT_LIST) {
		rendered.set(format, (await renderReport(report, { format, language: 'fi' })).bytes);
	}
});

/** Phrases every readable format must contain (values from the fixture, labels in Finnish). */
const PHRASES = [
	'Työpajan raportti',
	'Kuopio',
	'23.11.2026',
	'Koko päivä',
	'Aino Äijälä, Örjan Åberg',
	'Sosiaalipalvelut',
	'Asiakas jää palveluiden väliin nivelvaiheessa',
	'Kotoutumissuunnitelma',
	'Polku työhön tai koulutukseen',
	'Språket är en tröskel för många',
	'Työvarjostus TE-toimiston ja sosiaalitoimen välillä',
	'Päivi Järvinen',
	'31.1.2027',
	'Käynnissä',
	'Gemensamma spelregler för knutarbetet',
	'Yhteinen kesätapahtuma nuorille',
	'4,4',
	'Hyvä päivä, lisää tällaisia!'
];

describe('renderReport on the fixture workshop', () => {
	it('PDF: A4, tagged, PDF/UA-marked, Finnish language, text with å ä ö reads back', async () => {
		const pdf = rendered.get('pdf')!;
		const raw = Buffer.from(pdf).toString('latin1');
		expect(raw.startsWith('%PDF-1.7')).toBe(true);
		expect(raw).toContain('/StructTreeRoot');
		expect(raw).toMatch(/\/Lang \(fi\)/);
		expect(raw).toContain('pdfuaid:part');
		expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
		// The font is embedded (DejaVu from npm), never a system or standard font.
		expect(raw).toContain('DejaVuSans');
		expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
		const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
		for (const phrase of PHRASES.filter((p) => !p.includes('Työvarjostus'))) {
			expect(text).toContain(phrase);
		}
		expect(text).toContain('Sivu 1/');
	});

	it('DOCX: Word reads the headings, tables and å ä ö (mammoth)', async () => {
		const docx = rendered.get('docx')!;
		const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
		for (const phrase of PHRASES) expect(value).toContain(phrase);
		const document = parseXml(unzip(docx).get('word/document.xml')!);
		const styles = Array.from(document.getElementsByTagName('w:pStyle')).map((node) =>
			node.getAttribute('w:val')
		);
		expect(styles).toEqual(expect.arrayContaining(['Heading1', 'Heading2', 'Heading3']));
		const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(docx) });
		expect(html).toContain('<h1>Työpajan raportti</h1>');
		expect(html).toContain('alt="Pöydän 1 lopullinen taulu"');
	});

	it('ODT: a valid package whose content.xml holds the report', () => {
		const odt = rendered.get('odt')!;
		const names = zipEntryNames(odt);
		expect(names[0]).toBe('mimetype:0');
		const files = unzip(odt);
		expect(utf8(files.get('mimetype')!)).toBe('application/vnd.oasis.opendocument.text');
		const manifest = utf8(files.get('META-INF/manifest.xml')!);
		for (const path of ['content.xml', 'styles.xml', 'meta.xml', 'Pictures/board-1.png']) {
			expect(manifest).toContain(`manifest:full-path="${path}"`);
		}
		const content = parseXml(files.get('content.xml')!);
		expect(texts(content, 'text:h').slice(0, 3)).toEqual([
			'Työpajan raportti',
			'Osallistuneet organisaatiotyypit',
			'Pöytien työskentely'
		]);
		const all = texts(content, 'office:text').join('');
		for (const phrase of PHRASES) expect(all).toContain(phrase.replace('\n', ''));
		expect(texts(content, 'svg:desc')).toEqual(['Pöydän 1 lopullinen taulu']);
		const meta = parseXml(files.get('meta.xml')!);
		expect(texts(meta, 'dc:language')).toEqual(['fi-FI']);
		parseXml(files.get('styles.xml')!);
	});

	it('ODS: sheets with typed numbers and dates', () => {
		const files = unzip(rendered.get('ods')!);
		expect(utf8(files.get('mimetype')!)).toBe('application/vnd.oasis.opendocument.spreadsheet');
		const content = parseXml(files.get('content.xml')!);
		const sheets = Array.from(content.getElementsByTagName('table:table')).map((node) =>
			node.getAttribute('table:name')
		);
		expect(sheets).toEqual([
			'Perustiedot',
			'Pöytien työskentely',
			'Sitoumukset',
			'Kehittämisaihiot, joita ei v',
			'Palautteen yhteenveto'
		]);
		const cells = Array.from(content.getElementsByTagName('table:table-cell'));
		const date = cells.find((cell) => cell.getAttribute('office:date-value') === '2026-11-23');
		expect(date?.getAttribute('office:value-type')).toBe('date');
		expect(date?.textContent).toBe('23.11.2026');
		const rating = cells.find((cell) => cell.getAttribute('office:value') === '4.4');
		expect(rating?.getAttribute('office:value-type')).toBe('float');
		const all = texts(content, 'office:spreadsheet').join('');
		for (const phrase of PHRASES.filter((p) => p !== 'Työpajan raportti')) {
			expect(all).toContain(phrase);
		}
	});

	it('Markdown: headings, a GFM commitments table and the texts', () => {
		const md = utf8(rendered.get('md')!);
		expect(md.startsWith('# Työpajan raportti\n')).toBe(true);
		expect(md).toContain('\n## Sitoumukset\n');
		expect(md).toContain('\n### Pöytä 1\n');
		expect(md).toContain(
			'| Työvarjostus TE-toimiston ja sosiaalitoimen välillä | TE-toimisto | Päivi Järvinen | 31.1.2027 |'
		);
		for (const phrase of PHRASES) {
			expect(md.replace(/\\/g, '')).toContain(phrase);
		}
	});

	it('CSV: BOM, semicolons, CRLF; a CSV parser reads the cells back', () => {
		const csv = rendered.get('csv')!;
		expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = utf8(csv);
		expect(text.split('\r\n').length).toBeGreaterThan(10);
		expect(text.replace(/\r\n/g, '')).not.toContain('\n'.repeat(2));
		const rows: string[][] = parseCsv(text, {
			delimiter: ';',
			bom: true,
			relax_column_count: false
		});
		expect(rows[0]).toEqual([
			'Osio',
			'Pöytä',
			'Kohta',
			'Sisältö',
			'Vastuutoimija',
			'Nimetty henkilö',
			'Mihin mennessä',
			'Ensimmäinen askel',
			'Tila'
		]);
		const commitment = rows.find((row) => row[3].startsWith('Työvarjostus'));
		expect(commitment).toEqual([
			'Sitoumukset',
			'1',
			'Mitä',
			'Työvarjostus TE-toimiston ja sosiaalitoimen välillä',
			'TE-toimisto',
			'Päivi Järvinen',
			'31.1.2027',
			'Sovitaan kaksi päivää tammikuulle',
			'Käynnissä'
		]);
		expect(rows).toContainEqual([
			'Perustiedot',
			'',
			'Päivämäärä',
			'23.11.2026',
			'',
			'',
			'',
			'',
			''
		]);
		expect(rows.find((row) => row[2] === 'Hyöty omalle työlle (keskiarvo 1–5)')?.[3]).toBe('4,4');
		expect(
			rows.find((row) => row[2] === 'Eri organisaatiot pääsivät ääneen (keskiarvo 1–5)')?.[3]
		).toBe('3,9');
		expect(rows.find((row) => row[3] === 'Yhteinen\nasiakaspalaveri kuukausittain')).toBeDefined();
	});

	it('JSON: the report itself, images as base64', () => {
		const json = JSON.parse(utf8(rendered.get('json')!));
		expect(json.kind).toBe('workshop');
		expect(json.tables[1].notes).toEqual(['Språket är en tröskel för många']);
		expect(json.boardImages[0].mediaType).toBe('image/png');
		expect(Buffer.from(json.boardImages[0].data, 'base64')).toEqual(
			Buffer.from(report.boardImages[0].png)
		);
	});

	it('names the file after the place and the day', () => {
		expect(reportFileName(report, 'pdf', 'fi')).toBe('rajapinta-kuopio-2026-11-23.pdf');
	});
});

describe('report language', () => {
	it.each([
		['sv', 'Rapport från workshopen', '23.11.2026', 'Heldag', '4,4', 'Bord 1'],
		['en', 'Workshop report', '23 November 2026', 'Full day', '4.4', 'Table 1']
	] as const)(
		'%s: labels, dates and numbers',
		async (language, title, day, duration, rating, table) => {
			const md = utf8((await renderReport(report, { format: 'md', language })).bytes).replace(
				/\\/g,
				''
			);
			for (const phrase of [title, day, duration, rating, table]) expect(md).toContain(phrase);
			const pdf = (
				await pdfText((await renderReport(report, { format: 'pdf', language })).bytes)
			).replace(/\s+/g, ' ');
			expect(pdf).toContain(title);
			expect(pdf).toContain(day);
		}
	);
});

describe('locality report', () => {
	const base = fixtureWorkshop();
	const later = {
		...base,
		date: '2027-03-02',
		commitments: [
			{
				...base.commitments[0],
				id: 'd1',
				what: 'Yhteinen kehittämispäivä',
				status: 'done' as const
			},
			{ ...base.commitments[1], id: 'd2', agreed: false, what: 'Luonnos, ei sovittu' }
		]
	};
	const locality = localityReport([later, base], {
		locality: { name: 'Kuopio', code: null },
		generatedAt: '2027-02-15T09:00:00.000Z'
	});

	it('lists agreed commitments of every workshop, oldest first, overdue ones marked', () => {
		expect(locality.workshops.map((w) => w.date)).toEqual(['2026-11-23', '2027-03-02']);
		expect(locality.commitments.map((c) => [c.what, c.workshopDate, c.overdue])).toEqual([
			['Työvarjostus TE-toimiston ja sosiaalitoimen välillä', '2026-11-23', true],
			['Gemensamma spelregler för knutarbetet', '2026-11-23', false],
			['Yhteinen kehittämispäivä', '2027-03-02', false]
		]);
	});

	it.each(['md', 'csv', 'pdf'] as const)(
		'%s shows status and overdue in the language',
		async (format) => {
			const { bytes } = await renderReport(locality, { format, language: 'fi' });
			const text =
				format === 'pdf'
					? (await pdfText(bytes)).replace(/\s+/g, ' ')
					: utf8(bytes).replace(/\\/g, '');
			expect(text).toContain('Käynnissä (myöhässä)');
			expect(text).toContain('Tehty');
			expect(text).not.toContain('Luonnos, ei sovittu');
		}
	);
});
