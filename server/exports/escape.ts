/**
 * Escaping for every export format. User-written text (board notes, commitments, names) goes
 * through {@link cleanText} once when a report is laid out, then through the escaper of its
 * format when it is written.
 */

/**
 * C0/C1 control characters other than tab and line feed, lone surrogates (invalid in XML and
 * UTF-8), U+FFFE/U+FFFF, and the bidi overrides that can make text read differently from what it
 * is ("Trojan source").
 */
const UNWANTED =
	// Matching control characters is the point of this pattern.
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Line breaks become \n, unwanted characters go; a tab stays (but not at a CSV cell's start). */
export function cleanText(text: string): string {
	return text.replace(/\r\n?/g, '\n').replace(UNWANTED, '');
}

/** Text in XML character data or attribute values (DOCX is escaped by its library). */
export function escapeXml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/**
 * Characters with a meaning anywhere in CommonMark or GFM: emphasis, code, links and images,
 * tables, strikethrough, HTML and entities. CommonMark lets any ASCII punctuation be escaped.
 */
const MARKDOWN_INLINE = /[\\`*_{}[\]()#+!|<>~&^$]/g;

/**
 * Markdown text that reads as itself: inline syntax is escaped, and so is whatever would start
 * a block at the start of a line (list markers, headings by underline, ordered lists; quotes and
 * ATX headings are covered by the inline set; leading spaces, which make code, are trimmed).
 * Newlines stay as hard line breaks (two spaces) unless `singleLine`, where they become spaces
 * (table cells cannot hold a line break).
 */
export function escapeMarkdown(text: string, options: { singleLine?: boolean } = {}): string {
	const lines = cleanText(text)
		.split('\n')
		.map((line) => line.trim().replace(MARKDOWN_INLINE, '\\$&'));
	// Inside a table cell or after a list marker nothing starts a block, so only whole lines
	// need their starts escaped.
	if (options.singleLine) return lines.join(' ');
	return lines
		.map((line) => line.replace(/^([-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2'))
		.join('  \n');
}

/**
 * Spreadsheet formula injection: Excel and LibreOffice run a cell that starts with =, +, - or @ as
 * a formula (and a leading tab or carriage return lets one hide), so such a cell becomes
 * '=… – the apostrophe is Excel's own "this is text" prefix. Full-width forms count too, because
 * some spreadsheet versions normalise them.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseFormula(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: always quoted, quotes doubled, formulas neutralised. */
export function csvField(value: string | number): string {
	const text = typeof value === 'number' ? String(value) : neutraliseFormula(cleanText(value));
	return `"${text.replace(/"/g, '""')}"`;
}
