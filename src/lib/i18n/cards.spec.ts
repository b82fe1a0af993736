import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { CARD_ID_PATTERN, METAPHOR_CARD_IDS } from '#shared/model/board.ts';

const ROOT = path.join(import.meta.dirname, '../../..');
const CARDS_DIR = path.join(ROOT, 'static/cards');
const MESSAGES_DIR = path.join(ROOT, 'src/lib/i18n/messages');
const MAX_CARD_BYTES = 6 * 1024;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Elements that would run code, pull in other files or put words into a picture. */
const FORBIDDEN = ['script', 'foreignObject', 'image', 'use', 'text', 'a', 'iframe', 'style'];

function parse(file: string) {
	const errors: string[] = [];
	const doc = new DOMParser({
		onError: (level, message) => {
			if (level !== 'warning') errors.push(message);
		}
	}).parseFromString(readFileSync(file, 'utf8'), 'image/svg+xml');
	return { doc, errors };
}

function allElements(root: Element): Element[] {
	const out: Element[] = [root];
	for (let node = root.firstChild; node; node = node.nextSibling) {
		if (node.nodeType === 1) out.push(...allElements(node as Element));
	}
	return out;
}

/** Every message of every group in one language (the file a key sits in does not matter). */
function messages(locale: string): Record<string, string> {
	const dirs = [MESSAGES_DIR, ...readdirSync(MESSAGES_DIR).map((d) => path.join(MESSAGES_DIR, d))];
	return Object.assign(
		{},
		...dirs
			.filter((dir) => statSync(dir).isDirectory())
			.map((dir) => JSON.parse(readFileSync(path.join(dir, `${locale}.json`), 'utf8')))
	) as Record<string, string>;
}

describe('the metaphor card deck', () => {
	it('has at least 40 cards with distinct, valid ids', () => {
		expect(METAPHOR_CARD_IDS.length).toBeGreaterThanOrEqual(40);
		expect(new Set(METAPHOR_CARD_IDS).size).toBe(METAPHOR_CARD_IDS.length);
		for (const id of METAPHOR_CARD_IDS) expect(id).toMatch(CARD_ID_PATTERN);
	});

	it.each(METAPHOR_CARD_IDS)('%s.svg is a small, self-contained SVG with a viewBox', (id) => {
		const file = path.join(CARDS_DIR, `${id}.svg`);
		expect(statSync(file).size).toBeLessThan(MAX_CARD_BYTES);
		const { doc, errors } = parse(file);
		expect(errors).toEqual([]);
		const root = doc.documentElement!;
		expect(root.localName).toBe('svg');
		expect(root.namespaceURI).toBe(SVG_NS);
		expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
		for (const element of allElements(root)) {
			expect(FORBIDDEN, `<${element.localName}> in ${id}.svg`).not.toContain(element.localName);
			for (const attribute of Array.from(element.attributes)) {
				if (attribute.name === 'xmlns') continue;
				expect(attribute.name, `${id}.svg`).not.toMatch(/^on|href$/i);
				expect(attribute.value, `${id}.svg`).not.toMatch(/url\(|https?:|data:/i);
			}
		}
	});

	it('has no picture files outside the deck', () => {
		const files = readdirSync(CARDS_DIR).filter((name) => name.endsWith('.svg'));
		expect(files.map((name) => name.slice(0, -4)).sort()).toEqual([...METAPHOR_CARD_IDS].sort());
	});

	it.each(['fi', 'sv', 'en'])('names every card and describes its picture in %s', (locale) => {
		const all = messages(locale);
		for (const id of METAPHOR_CARD_IDS) {
			const key = id.replaceAll('-', '_');
			expect(all[`board_card_${key}`]?.trim(), `board_card_${key}`).toBeTruthy();
			const alt = all[`card_alt_${key}`];
			expect(alt, `card_alt_${key}`).toMatch(/^\S.{9,119}\.$/);
		}
	});
});
