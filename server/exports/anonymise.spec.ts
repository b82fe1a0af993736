import { describe, expect, it } from 'vitest';
import { overviewRow, type NetworkOverview, type WorkshopReport } from '#shared/model/report.ts';
import { anonymiseReport } from './anonymise.ts';
import { fixtureWorkshop, fullDayWorkshop } from './fixtures/workshop.ts';
import { parseXml, pdfText, texts, unzip } from './fixtures/read.ts';
import { EXPORT_FORMAT_LIST, renderReport, reportFileName } from './index.ts';

const label = (code: string) => `Paikkakunta ${code}`;

function mentioningKuopio(): WorkshopReport {
	const report = fixtureWorkshop();
	return {
		...report,
		tables: [
			{ ...report.tables[0], notes: ['Kuopiossa on hyvä verkosto', 'KUOPION kaupunki', 'Kuopio.'] }
		]
	};
}

describe('anonymised reports', () => {
	it('codes the locality, drops the title and replaces the name in written text', () => {
		const coded = anonymiseReport(mentioningKuopio(), { label }) as WorkshopReport;
		expect(coded.locality).toEqual({ name: null, code: 'A' });
		expect(coded.title).toBeNull();
		expect(coded.tables[0].notes).toEqual([
			'Paikkakunta A on hyvä verkosto',
			'Paikkakunta A kaupunki',
			'Paikkakunta A.'
		]);
		expect(coded.boardImages[0].png).toBeInstanceOf(Uint8Array);
	});

	it('no format names the place', async () => {
		const coded = anonymiseReport(mentioningKuopio(), { label });
		for (const format of EXPORT_FORMAT_LIST) {
			const { bytes } = await renderReport(coded, { format, language: 'fi' });
			let text: string;
			if (format === 'pdf') text = await pdfText(bytes);
			else if (format === 'docx' || format === 'odt' || format === 'ods') {
				const files = unzip(bytes);
				const part = files.get(format === 'docx' ? 'word/document.xml' : 'content.xml')!;
				text = parseXml(part).documentElement?.textContent ?? '';
			} else text = new TextDecoder().decode(bytes);
			expect(text, format).not.toMatch(/kuopio/i);
			if (format !== 'json') expect(text, format).toContain('Paikkakunta A');
		}
		expect(reportFileName(coded, 'pdf', 'sv')).toBe('rajapinta-ort-a-2026-11-23.pdf');
	});

	it('gives each locality of an overview its own code, the same for the same place', () => {
		const places = ['Kuopio', 'Vaasa', 'Kuopio', 'Närpes'];
		const overview: NetworkOverview = {
			kind: 'overview',
			schemaVersion: 1,
			generatedAt: '2027-01-01T00:00:00.000Z',
			title: null,
			rows: places.map((locality) =>
				overviewRow(fullDayWorkshop({ tables: 2, notesPerTable: 1, locality }))
			)
		};
		const coded = anonymiseReport(overview, { label }) as NetworkOverview;
		expect(coded.rows.map((row) => row.locality.code)).toEqual(['A', 'B', 'A', 'C']);
		expect(texts(parseXml(new TextEncoder().encode('<a>x</a>')), 'a')).toEqual(['x']);
	});
});
