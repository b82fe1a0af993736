import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The messages are compiled in two places: Vite's plugin (dev and build) and `npm run i18n`
 * (check, prepare). Both write the same runtime, and the one that ran last wins, so both must
 * name the same locale strategy. Without it, `npm run i18n` left the CLI's default (no
 * preferredLanguage) and the next build ignored the browser's language.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');

function viteStrategy(): string[] {
	const config = readFileSync(path.join(ROOT, 'vite.config.ts'), 'utf8');
	const list = /strategy:\s*\[([^\]]*)\]/.exec(config)?.[1] ?? '';
	return [...list.matchAll(/'([^']+)'/g)].map((match) => match[1]);
}

function scriptStrategy(): string[] {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		scripts: Record<string, string>;
	};
	const words = pkg.scripts.i18n.split(/\s+/);
	const from = words.indexOf('--strategy');
	if (from < 0) return [];
	const rest = words.slice(from + 1);
	const end = rest.findIndex((word) => word.startsWith('--'));
	return end < 0 ? rest : rest.slice(0, end);
}

describe('locale strategy', () => {
	it('follows the browser (after a remembered choice) in the build and in npm run i18n alike', () => {
		expect(viteStrategy()).toEqual(['cookie', 'preferredLanguage', 'baseLocale']);
		expect(scriptStrategy()).toEqual(viteStrategy());
	});
});
