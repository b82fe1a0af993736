import { describe, expect, it } from 'vitest';
import { RATE_LIMITS, RateLimits } from './rate-limits.ts';

describe('rate limits', () => {
	it('allow an address its quota, then refuse it while others still pass', async () => {
		const limits = new RateLimits();
		for (let i = 0; i < RATE_LIMITS.signIn.points; i++) {
			expect(await limits.allow('signIn', '192.0.2.1')).toBe(true);
		}
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(false);
		expect(await limits.allow('signIn', '192.0.2.2')).toBe(true);
		expect(await limits.allow('join', '192.0.2.1')).toBe(true);
	});

	it('take their quota from the configuration', async () => {
		const limits = new RateLimits({ signIn: 2 });
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(false);
	});
});
