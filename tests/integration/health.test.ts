import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '#server/app.ts';
import { STORE_KINDS, newStore, startServer, type TestStore } from './harness.ts';

describe.each(STORE_KINDS)('health endpoints on the %s store', (kind) => {
	let store: TestStore;
	let server: RunningServer;

	beforeEach(async () => {
		store = newStore(kind);
		server = await startServer(store);
	});

	afterEach(async () => {
		// The test may have closed storage already; the second close then fails, which is expected.
		const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
		await server.close().catch(() => undefined);
		quiet.mockRestore();
		await store.drop();
	});

	const get = async (path: string) => {
		const response = await fetch(`${server.url}${path}`);
		return { response, body: (await response.json()) as Record<string, unknown> };
	};

	it('/healthz and /readyz tell the truth when storage stops answering', async () => {
		const alive = await get('/healthz');
		expect(alive.response.status).toBe(200);
		expect(alive.body).toEqual({ status: 'ok' });
		expect(alive.response.headers.get('cache-control')).toBe('no-store');

		const ready = await get('/readyz');
		expect(ready.response.status).toBe(200);
		expect(ready.response.headers.get('cache-control')).toBe('no-store');
		expect(ready.body).toMatchObject({ status: 'ready', checks: { storage: { ok: true } } });

		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			await server.services.storage.close();
			const down = await get('/readyz');
			expect(down.response.status).toBe(503);
			expect(down.body).toEqual({
				status: 'not_ready',
				checks: { storage: { ok: false, error: 'failed' } }
			});
			expect(logged.mock.calls.flat().join(' ')).toContain('[health] storage check failed');
			// Alive all the same: a restart would not bring the database back.
			expect((await get('/healthz')).response.status).toBe(200);
		} finally {
			logged.mockRestore();
		}
	});

	it('the bodies name no configuration (no URL, path or secret)', async () => {
		const texts = [
			JSON.stringify((await get('/healthz')).body),
			JSON.stringify((await get('/readyz')).body)
		].join();
		for (const value of Object.values(store.env)) expect(texts).not.toContain(value);
		expect(texts).not.toMatch(/postgres|sqlite|\/tmp/);
	});
});
