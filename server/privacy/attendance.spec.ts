import { describe, expect, it } from 'vitest';
import { pdfText } from '../exports/fixtures/read.ts';
import { attendanceCsv, attendancePdf, type AttendanceLabels } from './attendance.ts';

const LABELS: AttendanceLabels = {
	header: ['Nimi', 'Organisaatio', 'Toimija', 'Liittyi'],
	anonymous: 'nimetön',
	actorType: (actorType) => `toimija:${actorType}`
};

describe('attendanceCsv', () => {
	it('writes BOM, semicolons, Finnish time, "anonymous" for no name, and neutralises formulas', () => {
		const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
			attendanceCsv(
				[
					{
						displayName: 'Åsa Öberg',
						organisation: 'Kela; Vaasa',
						actorType: 'social_services',
						joinedAt: Date.UTC(2026, 11, 3, 7, 5)
					},
					{
						displayName: null,
						organisation: '=HYPERLINK("http://x")',
						actorType: 'ngo',
						joinedAt: Date.UTC(2026, 6, 1, 21, 30)
					}
				],
				LABELS
			)
		);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv.slice(1).split('\r\n')).toEqual([
			'"Nimi";"Organisaatio";"Toimija";"Liittyi"',
			'"Åsa Öberg";"Kela; Vaasa";"toimija:social_services";"2026-12-03 09:05"',
			`"nimetön";"'=HYPERLINK(""http://x"")";"toimija:ngo";"2026-07-02 00:30"`,
			''
		]);
	});

	it('prints the same list as a tagged A4 PDF with the workshop details and the note', async () => {
		const bytes = await attendancePdf(
			[
				{
					displayName: 'Åsa Öberg',
					organisation: 'Kela; Vaasa',
					actorType: 'social_services',
					joinedAt: Date.UTC(2026, 11, 3, 7, 5)
				},
				{ displayName: null, organisation: 'Vaasan SPR', actorType: 'ngo', joinedAt: 0 }
			],
			{
				...LABELS,
				actorType: (actorType) => (actorType === 'ngo' ? 'Järjestö' : 'Sosiaalitoimi'),
				title: 'Osallistujalista: Vaasan paja',
				details: [['Paikkakunta', 'Vaasa']],
				note: 'Listassa ei ole mitään, mitä kukaan kirjoitti.',
				language: 'fi',
				pageLabel: (page, pages) => `Sivu ${page}/${pages}`
			}
		);
		expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
		const raw = new TextDecoder('latin1').decode(bytes);
		expect(raw).toContain('/StructTreeRoot');
		// Table cells wrap: compare with every run of white space as one space.
		const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
		for (const expected of [
			'Osallistujalista: Vaasan paja',
			'Vaasa',
			'Åsa Öberg',
			'Kela; Vaasa',
			'Sosiaalitoimi',
			'Järjestö',
			'2026-12-03 09:05',
			'nimetön',
			'Listassa ei ole mitään'
		]) {
			expect(text).toContain(expected);
		}
	});
});
