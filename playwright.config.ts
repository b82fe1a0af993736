import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/** Debian's chromium; Playwright downloads no browser of its own here. */
const CHROMIUM = '/usr/bin/chromium';
/** E2E_PORT lets a second run (say, a CI check of a clean clone) go on beside this one. */
const PORT = Number(process.env.E2E_PORT ?? 4317);

if (!existsSync(CHROMIUM)) {
	throw new Error(
		`[e2e] ${CHROMIUM} is missing. Install it with "apt-get install -y chromium"; the e2e tests never skip.`
	);
}

// A fresh store per run. Workers load this file again and inherit the folder through the
// environment; only the process that made it removes it, after the server has stopped.
if (!process.env.RAJAPINTA_E2E_DATA_DIR) {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'rajapinta-e2e-'));
	process.env.RAJAPINTA_E2E_DATA_DIR = dataDir;
	process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}

export default defineConfig({
	testDir: 'tests/e2e',
	// Playwright empties its output folder on every run; the screenshots and print renderings the
	// tests keep on purpose live beside it in test-results/, so one run no longer wipes another's.
	outputDir: 'test-results/playwright',
	// Two cores: one worker keeps the server and the browsers from starving each other.
	workers: 1,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		// Finnish is the default language; tests that need another set it themselves.
		locale: 'fi-FI',
		// Off in CI: Playwright's trace writer intermittently fails a context's close with "file data
		// stream has unexpected number of bytes" (microsoft/playwright#41351), failing a passing test.
		trace: process.env.CI ? 'off' : 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: CHROMIUM,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: {
		// The built app (npm run build first); the same entry point as production.
		command: 'node server/index.ts',
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			// No ORIGIN, as in the quick start: the server must accept forms over plain http by itself.
			DATA_DIR: process.env.RAJAPINTA_E2E_DATA_DIR,
			SEED_DEMO: 'false',
			LOG_LEVEL: 'quiet',
			// Every test signs up a facilitator from 127.0.0.1: more than a person would in 15 min.
			AUTH_RATE_LIMIT: '1000'
		}
	}
});
