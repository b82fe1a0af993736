import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Import rules per folder (STYLE.md §2): code that runs in one place must not reach into another. */
const boundary = (files, patterns) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});
const SERVER_ONLY = {
	group: ['#server/*', '**/server/**', '$lib/server/*'],
	message: 'Browser code must not import server code; share it through src/lib/shared.'
};

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'src/lib/paraglide/',
			'test-results/',
			'playwright-report/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				// playwright.config.ts is in no tsconfig's include; lint it with the default project.
				projectService: { allowDefaultProject: ['playwright.config.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-empty': ['error', { allowEmptyCatch: false }]
		}
	},
	{
		files: ['**/*.js', 'eslint.config.js', 'svelte.config.js'],
		...ts.configs.disableTypeChecked
	},
	boundary(
		['src/lib/shared/**'],
		[
			{
				group: ['$lib/*', '$app/*', '#server/*', 'node:*', '**/server/**'],
				message: 'lib/shared runs in both places: isomorphic code and libraries only.'
			}
		]
	),
	boundary(
		['src/lib/board/**', 'src/lib/sync/**', 'src/lib/control/**', 'src/lib/components/**'],
		[SERVER_ONLY]
	),
	boundary(
		['src/routes/**/*.svelte', 'src/routes/**/+page.ts', 'src/routes/**/+layout.ts'],
		[SERVER_ONLY]
	),
	boundary(
		['server/control/**'],
		[
			{
				group: ['**/sync/**', '#server/sync/*'],
				message: 'control and sync meet only in server/realtime.ts.'
			}
		]
	),
	boundary(
		['server/sync/**'],
		[
			{
				group: ['**/control/**', '#server/control/*'],
				message: 'control and sync meet only in server/realtime.ts.'
			}
		]
	),
	boundary(
		['server/storage/**'],
		[
			{
				group: ['socket.io', 'ws', 'konva', '#server/sync/*', '#server/control/*'],
				message: 'storage knows nothing of transports or the canvas.'
			}
		]
	)
);
