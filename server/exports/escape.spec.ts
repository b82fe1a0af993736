import { describe, expect, it } from 'vitest';
import { cleanText, csvField, escapeMarkdown, escapeXml, neutraliseFormula } from './escape.ts';

describe('escaping', () => {
	it('removes control characters, lone surrogates and bidi overrides; keeps tabs and å ä ö', () => {
		expect(cleanText('a\u0007b\u001bc\u202Ed\uD800e\r\nf\rg\th åäö 😀')).toBe(
			'abcde\nf\ng\th åäö 😀'
		);
	});

	it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '＝1'])(
		'a spreadsheet cell starting like %j stays text (apostrophe prefix)',
		(value) => {
			expect(neutraliseFormula(value)).toBe(`'${value}`);
		}
	);

	it('leaves ordinary text and numbers alone in CSV, quoting every field', () => {
		expect(csvField('Kuopio; "keskusta"')).toBe('"Kuopio; ""keskusta"""');
		expect(csvField(-3)).toBe('"-3"');
		expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
	});

	it('escapes XML specials', () => {
		expect(escapeXml(`<a href="x">&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;'
		);
	});

	it('escapes Markdown so that text reads as itself', () => {
		expect(escapeMarkdown('# otsikko')).toBe('\\# otsikko');
		expect(escapeMarkdown('- lista\n1. kohta\n> lainaus')).toBe(
			'\\- lista  \n1\\. kohta  \n\\> lainaus'
		);
		expect(escapeMarkdown('[linkki](javascript:alert(1)) <b>*x*</b> `k` | ~~s~~')).toBe(
			'\\[linkki\\]\\(javascript:alert\\(1\\)\\) \\<b\\>\\*x\\*\\</b\\> \\`k\\` \\| \\~\\~s\\~\\~'
		);
		expect(escapeMarkdown('    koodi')).toBe('koodi');
		expect(escapeMarkdown('a\nb', { singleLine: true })).toBe('a b');
	});
});
