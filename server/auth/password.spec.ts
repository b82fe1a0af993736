import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('passwords', () => {
	it('hash with scrypt and a random salt, and verify only the right password', async () => {
		const hash = await hashPassword('pitkä salasana 🍀');
		expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
		expect(hash).not.toBe(await hashPassword('pitkä salasana 🍀'));
		expect(await verifyPassword('pitkä salasana 🍀', hash)).toBe(true);
		expect(await verifyPassword('pitkä salasana', hash)).toBe(false);
		expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
	});
});
