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
});
