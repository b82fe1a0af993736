import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
	it('defaults to port 3000, the embedded store in ./data and the demo outside production', () => {
		const config = loadConfig({});
		expect(config.port).toBe(3000);
		expect(config.databaseUrl).toBeNull();
		expect(config.dataDir.endsWith('/data')).toBe(true);
		expect(config.seedDemo).toBe(true);
		expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
	});

	it('reads PORT, DATABASE_URL and secure cookies from an https ORIGIN', () => {
		const config = loadConfig({
			PORT: '8080',
			DATABASE_URL: 'postgres://u@db/rajapinta',
			ORIGIN: 'https://rajapinta.example.fi'
		});
		expect(config).toMatchObject({
			port: 8080,
			databaseUrl: 'postgres://u@db/rajapinta',
			secureCookies: true
		});
	});

	it('reports every invalid variable at once, in one format', () => {
		let error: unknown;
		try {
			loadConfig({
				PORT: 'eighty',
				DATABASE_URL: 'mysql://x',
				SESSION_SECRET: 'short',
				SEED_DEMO: 'perhaps'
			});
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const message = (error as Error).message;
		for (const name of ['PORT', 'DATABASE_URL', 'SESSION_SECRET', 'SEED_DEMO']) {
			expect(message).toContain(`${name}=`);
		}
	});

	it('reads REDIS_URL only next to DATABASE_URL, and a REDIS_PREFIX of plain characters', () => {
		expect(loadConfig({})).toMatchObject({ redisUrl: null, redisPrefix: 'rajapinta' });
		expect(
			loadConfig({
				DATABASE_URL: 'postgres://u@db/rajapinta',
				REDIS_URL: 'redis://cache:6379',
				REDIS_PREFIX: 'venue-2'
			})
		).toMatchObject({ redisUrl: 'redis://cache:6379', redisPrefix: 'venue-2' });
		expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(
			/REDIS_URL=.*DATABASE_URL/
		);
		expect(() =>
			loadConfig({ DATABASE_URL: 'postgres://u@db/r', REDIS_URL: 'http://cache' })
		).toThrow(/REDIS_URL=/);
		expect(() => loadConfig({ REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX=/);
	});

	it('reads ACCESSIBILITY_CONTACT as one short line, or null', () => {
		expect(loadConfig({}).accessibilityContact).toBeNull();
		expect(
			loadConfig({ ACCESSIBILITY_CONTACT: ' saavutettavuus@kunta.example.fi ' })
				.accessibilityContact
		).toBe('saavutettavuus@kunta.example.fi');
		expect(() => loadConfig({ ACCESSIBILITY_CONTACT: 'x'.repeat(201) })).toThrow(
			/ACCESSIBILITY_CONTACT=/
		);
		expect(() => loadConfig({ ACCESSIBILITY_CONTACT: '<script>' })).toThrow(
			/ACCESSIBILITY_CONTACT=/
		);
	});
});
