import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type RedisClientType } from 'redis';
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

describe('rate limits across nodes (issue 7)', () => {
	/** A real Redis, as CI starts it (.ci/run); each test gets a prefix of its own. */
	const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
	const clients: RedisClientType[] = [];
	afterEach(async () => {
		for (const client of clients.splice(0)) if (client.isOpen) await client.close();
	});

	it('give an address one budget however its requests are spread over the nodes', async () => {
		const prefix = `spec_${Math.random().toString(36).slice(2)}`;
		const node = async () => {
			const client: RedisClientType = createClient({ url: REDIS_URL });
			clients.push(client);
			await client.connect();
			const limits = new RateLimits({ signIn: 4 });
			limits.shareThrough(client, prefix);
			return limits;
		};
		const [a, b] = [await node(), await node()];
		expect(await a.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await b.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await a.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await b.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await a.allow('signIn', '192.0.2.1')).toBe(false);
		expect(await b.allow('signIn', '192.0.2.1')).toBe(false);
		expect(await b.allow('signIn', '192.0.2.2')).toBe(true);
	});

	it('count on each node alone while Redis is away, refusing nobody for the outage itself', async () => {
		// Never connected: as a node whose Redis went away.
		const away: RedisClientType = createClient({ url: 'redis://127.0.0.1:1' });
		const limits = new RateLimits({ signIn: 2 });
		limits.shareThrough(away, `spec_${Math.random().toString(36).slice(2)}`);
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(true);
		expect(await limits.allow('signIn', '192.0.2.1')).toBe(false);
	});
});
