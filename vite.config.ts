import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { realtimeDevPlugin } from './server/dev-plugin.ts';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './src/lib/i18n/project.inlang',
			outdir: './src/lib/paraglide',
			// The language follows the browser until the person picks one; the choice is remembered.
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		// Vitest runs its own Vite server; the tests start real servers themselves.
		process.env.VITEST ? null : realtimeDevPlugin()
	],
	// The app's own cookie@2 would otherwise shadow the cookie@0.x that SvelteKit's runtime imports
	// (`parse` is no longer a named export in 2.x); bundling resolves each import from its importer.
	ssr: { noExternal: ['cookie'] },
	test: {
		include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		// Integration suites start real servers and share PostgreSQL; keep files from racing on one schema.
		fileParallelism: false,
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});
