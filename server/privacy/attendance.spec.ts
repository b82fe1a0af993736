import { describe, expect, it } from 'vitest';
import { attendanceCsv, type AttendanceLabels } from './attendance.ts';

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
});
