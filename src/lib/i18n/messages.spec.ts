import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Finnish, Swedish and English must stay complete: a key missing in one language would show the
 * fallback text to somebody who chose that language. Each folder of messages/ is one group
 * (one file per language), so parallel work does not edit one big file.
 */
const MESSAGES_DIR = path.join(import.meta.dirname, 'messages');
const LOCALES = ['fi', 'sv', 'en'] as const;

function groups(): string[] {
	const nested = readdirSync(MESSAGES_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => path.join(MESSAGES_DIR, entry.name));
	return [MESSAGES_DIR, ...nested];
}

function messagesOf(dir: string, locale: string): Record<string, unknown> {
	const { $schema: _schema, ...messages } = JSON.parse(
		readFileSync(path.join(dir, `${locale}.json`), 'utf8')
	) as Record<string, unknown>;
	return messages;
}

describe('messages', () => {
	it.each(groups().map((dir) => [path.relative(MESSAGES_DIR, dir) || '.', dir]))(
		'group %s has the same keys in fi, sv and en, none empty',
		(_name, dir) => {
			const [fi, ...others] = LOCALES.map((locale) => messagesOf(dir, locale));
			for (const other of others) expect(Object.keys(other).sort()).toEqual(Object.keys(fi).sort());
			for (const messages of [fi, ...others]) {
				for (const [key, value] of Object.entries(messages)) {
					expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true);
				}
			}
		}
	);

	it('every group is compiled: project.inlang lists each folder, and only existing ones', () => {
		// A folder missing from pathPattern is silently left out of the build: its keys would be
		// undefined at run time although every language has them.
		const settings = JSON.parse(
			readFileSync(path.join(import.meta.dirname, 'project.inlang', 'settings.json'), 'utf8')
		) as { 'plugin.inlang.messageFormat': { pathPattern: string[] } };
		const listed = settings['plugin.inlang.messageFormat'].pathPattern
			.map((pattern) => path.resolve(import.meta.dirname, path.dirname(pattern)))
			.sort();
		expect(listed).toEqual(groups().sort());
	});

	it('no key is defined in two groups', () => {
		const seen = new Map<string, string>();
		for (const dir of groups()) {
			for (const key of Object.keys(messagesOf(dir, 'fi'))) {
				expect(seen.get(key), `${key} in ${dir}`).toBeUndefined();
				seen.set(key, dir);
			}
		}
	});
});
