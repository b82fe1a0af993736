import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { parseJoinForm, parseSignUpForm, parseWorkshopForm, readForm } from './forms.ts';

const formOf = (fields: Record<string, string>) => {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.set(name, value);
	return form;
};

describe('parseJoinForm', () => {
	it('normalises the code and makes an empty name anonymous', () => {
		const parsed = parseJoinForm(
			formOf({ code: ' abcd-2345 ', displayName: ' ', organisation: 'TE', actorType: 'ngo' })
		);
		expect(parsed).toEqual({
			ok: true,
			value: { code: 'ABCD2345', displayName: null, organisation: 'TE', actorType: 'ngo' }
		});
	});

	it('names every problem and keeps what was typed', () => {
		const parsed = parseJoinForm(
			formOf({ code: 'ABC', displayName: 'x'.repeat(61), actorType: 'mayor' })
		);
		expect(parsed).toEqual({
			ok: false,
			errors: {
				code: { key: 'code_malformed' },
				displayName: { key: 'too_long', limit: 60 },
				organisation: { key: 'organisation_missing' },
				actorType: { key: 'choice_missing' }
			},
			values: { code: 'ABC', displayName: 'x'.repeat(61), organisation: '', actorType: 'mayor' }
		});
	});
});

describe('parseSignUpForm', () => {
	it('refuses a short password and a malformed e-mail', () => {
		const parsed = parseSignUpForm(formOf({ displayName: 'A', email: 'a@b', password: 'short' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.email).toEqual({ key: 'email_invalid' });
		expect(parsed.errors.password).toEqual({ key: 'password_short', limit: 10 });
		expect(parsed.values).not.toHaveProperty('password');
	});
});

describe('parseWorkshopForm', () => {
	const valid = {
		title: 'Paja',
		locality: 'Kuopio',
		date: '2026-12-01',
		duration: 'morning',
		tableCount: '4'
	};

	it('accepts a valid workshop', () => {
		expect(parseWorkshopForm(formOf(valid))).toEqual({
			ok: true,
			value: { ...valid, tableCount: 4 }
		});
	});

	it('refuses impossible days and table counts outside 1–20', () => {
		for (const [field, value] of [
			['date', '2026-02-30'],
			['date', '1.12.2026'],
			['tableCount', '0'],
			['tableCount', '21'],
			['tableCount', '2.5'],
			['duration', 'evening']
		]) {
			const parsed = parseWorkshopForm(formOf({ ...valid, [field]: value }));
			expect(parsed.ok, `${field}=${value}`).toBe(false);
		}
	});
});

describe('readForm', () => {
	it('answers 400, not 500, to a body that does not parse as a form', async () => {
		const truncated = new Request('http://localhost/join', {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=b' },
			body: '--b\r\nContent-Disposition: form-data; name="code"\r\n\r\nK7QM'
		});
		const failure = await readForm(truncated).catch((error: unknown) => error);
		expect(isHttpError(failure, 400)).toBe(true);

		const fine = new Request('http://localhost/join', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'code=K7QM-4XPA'
		});
		expect((await readForm(fine)).get('code')).toBe('K7QM-4XPA');
	});
});
