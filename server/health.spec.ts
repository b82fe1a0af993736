import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from './services.ts';
import { createHealthEndpoints, readinessChecks, type ReadinessCheck } from './health.ts';

describe('health endpoints', () => {
	let server: http.Server | null = null;
	const logs: string[] = [];

	async function serve(options: {
		checks: Record<string, ReadinessCheck>;
		draining?: () => boolean;
	}): Promise<string> {
		const health = createHealthEndpoints({
			checks: options.checks,
			draining: options.draining ?? (() => false),
			timeoutMs: 100,
			log: (message) => logs.push(message)
		});
		server = http.createServer((request, response) => {
			if (health(request, response)) return;
			response.statusCode = 418;
			response.end();
		});
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	afterEach(async () => {
		logs.length = 0;
		await new Promise((resolve) => server?.close(resolve));
		server = null;
	});

	const ok: ReadinessCheck = { run: async () => {}, required: true };
	const hangs: ReadinessCheck = { run: () => new Promise(() => {}), required: true };
	const fails = (required: boolean): ReadinessCheck => ({
		run: async () => {
			throw new Error('connect ECONNREFUSED postgres://user:secret@db');
		},
		required
	});

	it('/healthz answers 200 without asking any dependency; other paths pass through', async () => {
		const url = await serve({ checks: { storage: hangs } });
		const response = await fetch(`${url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect((await fetch(`${url}/healthzz`)).status).toBe(418);
	});

	it('/readyz is 503 naming a required check that times out or fails, without its message', async () => {
		const url = await serve({ checks: { storage: hangs, other: fails(true), fine: ok } });
		const response = await fetch(`${url}/readyz`);
		expect(response.status).toBe(503);
		const body = await response.json();
		expect(body).toMatchObject({
			status: 'not_ready',
			checks: {
				storage: { ok: false, error: 'timeout' },
				other: { ok: false, error: 'failed' },
				fine: { ok: true }
			}
		});
		expect(JSON.stringify(body)).not.toContain('secret');
		expect(response.headers.get('cache-control')).toBe('no-store');
		// Logged once per outage, not at every probe.
		await fetch(`${url}/readyz`);
		expect(logs.filter((line) => line.includes('other check failed'))).toHaveLength(1);
	});

	it('an optional check (Redis) failing reports degraded with 200', async () => {
		const url = await serve({ checks: { storage: ok, redis: fails(false) } });
		const response = await fetch(`${url}/readyz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({
			status: 'degraded',
			checks: { storage: { ok: true }, redis: { ok: false, error: 'failed' } }
		});
	});

	it('a draining node is not ready, so the balancer stops sending it new clients', async () => {
		const url = await serve({ checks: { storage: ok }, draining: () => true });
		const response = await fetch(`${url}/readyz`);
		expect(response.status).toBe(503);
		expect((await response.json()).status).toBe('draining');
	});

	it('answers HEAD without a body, refuses other methods, and runs concurrent probes once', async () => {
		let runs = 0;
		const counted: ReadinessCheck = {
			run: () => new Promise((resolve) => setTimeout(() => resolve(void runs++), 20)),
			required: true
		};
		const url = await serve({ checks: { storage: counted } });
		const head = await fetch(`${url}/readyz`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
		const post = await fetch(`${url}/readyz`, { method: 'POST' });
		expect(post.status).toBe(405);
		expect(post.headers.get('allow')).toBe('GET, HEAD');
		runs = 0;
		const statuses = await Promise.all(
			Array.from({ length: 5 }, () => fetch(`${url}/readyz`).then((r) => r.status))
		);
		expect(statuses).toEqual([200, 200, 200, 200, 200]);
		expect(runs).toBe(1);
	});
});

describe('readiness checks', () => {
	it('checks storage as required, and Redis as optional only when this node has a cluster', () => {
		const services = { storage: { ping: async () => {} } } as unknown as Services;
		expect(Object.keys(readinessChecks(services))).toEqual(['storage']);
		const checks = readinessChecks(services, { link: { ping: async () => {} } as never });
		expect(checks.storage.required).toBe(true);
		expect(checks.redis.required).toBe(false);
	});
});
