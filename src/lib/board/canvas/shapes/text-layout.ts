/** Width of a piece of text in the current font, in pixels. */
export type MeasureText = (text: string) => number;

export const ELLIPSIS = '…';

/**
 * Wraps `text` into lines no wider than `maxWidth`, at most `maxLines` of them, the last one
 * ending in an ellipsis when text was left out: what Konva.Text does with `wrap: 'word'` and
 * `ellipsis: true`. Words are measured one at a time (a line is the sum of its words and spaces),
 * so a cache of word widths makes a relayout cheap; words wider than a line break between letters.
 */
export function wrapText(options: {
	text: string;
	maxWidth: number;
	maxLines: number;
	measure: MeasureText;
}): string[] {
	const { text, maxWidth, maxLines, measure } = options;
	if (maxLines <= 0 || maxWidth <= 0 || text === '') return [];
	const space = measure(' ');
	const lines: string[] = [];
	// One line more than fits tells that text was left out.
	const full = () => lines.length > maxLines;
	paragraphs: for (const paragraph of text.split('\n')) {
		let line = '';
		let width = 0;
		for (const word of paragraph.split(' ')) {
			const wordWidth = measure(word);
			const joined = line === '' ? wordWidth : width + space + wordWidth;
			if (joined <= maxWidth) {
				line = line === '' ? word : `${line} ${word}`;
				width = joined;
				continue;
			}
			if (line !== '') {
				lines.push(line);
				if (full()) break paragraphs;
			}
			line = word;
			width = wordWidth;
			// A word longer than the line: as many letters as fit, the rest on the next line.
			while (width > maxWidth) {
				const count = fitting(line, maxWidth, measure);
				lines.push(line.slice(0, count));
				if (full()) break paragraphs;
				line = line.slice(count);
				width = measure(line);
			}
		}
		lines.push(line);
		if (full()) break;
	}
	if (!full()) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = withEllipsis(kept[maxLines - 1], maxWidth, measure);
	return kept;
}

/** How many leading code units of `text` fit in `maxWidth` (at least one character). */
function fitting(text: string, maxWidth: number, measure: MeasureText): number {
	let low = 1;
	let high = text.length;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (measure(text.slice(0, middle)) <= maxWidth) low = middle;
		else high = middle - 1;
	}
	// Never split a surrogate pair (emoji).
	const code = text.charCodeAt(low - 1);
	if (low < text.length && code >= 0xd800 && code <= 0xdbff) return low > 1 ? low - 1 : 2;
	return low;
}

function withEllipsis(line: string, maxWidth: number, measure: MeasureText): string {
	let kept = line.trimEnd();
	while (kept !== '' && measure(kept + ELLIPSIS) > maxWidth) {
		// Drop a whole emoji (surrogate pair), never half of one.
		const low = kept.charCodeAt(kept.length - 1);
		kept = kept.slice(0, low >= 0xdc00 && low <= 0xdfff ? -2 : -1).trimEnd();
	}
	return kept + ELLIPSIS;
}
