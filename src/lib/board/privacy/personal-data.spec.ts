import { describe, expect, it } from 'vitest';
import { findPersonalData, isValidIdentityCode, kindsOf } from './personal-data.ts';

const kinds = (text: string) => findPersonalData(text).map((finding) => finding.kind);

describe('isValidIdentityCode', () => {
	it.each([
		'131052-308T',
		'131052-308t',
		'010594Y9032',
		'020502E902X',
		'290200A1239',
		'010100+002H',
		'311299-905D'
	])('accepts %s', (code) => expect(isValidIdentityCode(code)).toBe(true));

	it.each([
		['a wrong check character', '131052-308U'],
		['a check character off by one digit', '131052-309T'],
		['no 30 February', '300200A1239'],
		['29 February outside a leap year', '290201A1239'],
		['month 13', '011352-308T'],
		['individual number 001', '131052-001X'],
		['an unknown century sign', '131052G308T'],
		['a letter the check alphabet leaves out', '131052-308G']
	])('rejects %s', (_why, code) => expect(isValidIdentityCode(code)).toBe(false));
});

describe('findPersonalData', () => {
	it('finds an identity code inside a sentence, with its range', () => {
		const text = 'Asiakas (hetu 131052-308T) tarvitsee tulkin.';
		expect(findPersonalData(text)).toEqual([
			{ kind: 'identity_code', start: 14, end: 25, match: '131052-308T' }
		]);
	});

	it('finds the 2023 century signs', () => {
		expect(kinds('kund 020502E902X och 010594Y9032')).toEqual(['identity_code', 'identity_code']);
	});

	it('does not report an identity code with a bad check character, nor as a phone number', () => {
		expect(findPersonalData('131052-308U ja 010190-1234')).toEqual([]);
	});

	it.each([
		'+358 40 123 4567',
		'+358401234567',
		'+358 (0)40 123 4567',
		'00358 40 123 4567',
		'040 123 4567',
		'040-1234567',
		'0401234567',
		'09 1234 5678',
		'(09) 123 4567',
		'+46 70 123 45 67',
		'+1 415 555 0100',
		'+44 20 7946 0958'
	])('finds the phone number %s', (phone) => {
		const [finding] = findPersonalData(`Soita: ${phone}.`);
		expect(finding).toMatchObject({ kind: 'phone', match: phone, start: 7 });
	});

	it.each([
		'kirjoita@example.fi',
		'maija.meikalainen+paja@kunta.example.fi',
		'Åsa.Öberg@vasa.example.fi'
	])('finds the e-mail address %s', (email) => {
		expect(findPersonalData(`Yhteys ${email}, kiitos`)).toEqual([
			{ kind: 'email', start: 7, end: 7 + email.length, match: email }
		]);
	});

	it.each([
		['a time', 'Tauko klo 12.30–13.00'],
		['a time range with hyphens', 'klo 9-11 ja 13-15'],
		['a Finnish date', 'Seuraava tapaaminen 01.12.2026'],
		['a date with hyphens', 'Aloitus 01-12-2026'],
		['an ISO date', 'Päivä 2026-12-01'],
		['years', 'Vuodet 2020-2026 ja 1990'],
		['a postal code', '70100 Kuopio'],
		['a sum of money', 'Budjetti 1 000 000 €'],
		['a percentage and a count', '45 % asiakkaista, 12 henkeä'],
		['a short number with a leading zero', 'Huone 0123'],
		['a legal reference', 'Laki 1386/2010 § 11'],
		['a handle without a domain', 'kysy @aino'],
		['an address with no top-level domain', 'aino@localhost']
	])('does not flag %s', (_what, text) => expect(findPersonalData(text)).toEqual([]));

	it('reports each kind once, in a fixed order', () => {
		const findings = findPersonalData('a@b.fi 040 123 4567 131052-308T c@d.fi');
		expect(findings.map((finding) => finding.kind)).toEqual([
			'email',
			'phone',
			'identity_code',
			'email'
		]);
		expect(kindsOf(findings)).toEqual(['identity_code', 'phone', 'email']);
	});
});
