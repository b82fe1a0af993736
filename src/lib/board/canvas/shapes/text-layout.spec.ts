import { describe, expect, it } from 'vitest';
import { ELLIPSIS, wrapText } from './text-layout.ts';

/** Every character 10 px wide, the ellipsis too. */
const measure = (text: string) => [...text].length * 10;

describe('wrapText', () => {
	it('wraps at spaces and keeps paragraphs', () => {
		expect(
			wrapText({ text: 'yksi kaksi kolme\nneljä', maxWidth: 100, maxLines: 5, measure })
		).toEqual(['yksi kaksi', 'kolme', 'neljä']);
	});

	it('breaks a word longer than the line between letters', () => {
		expect(wrapText({ text: 'aaaaaaaaaaaaaaa b', maxWidth: 60, maxLines: 5, measure })).toEqual([
			'aaaaaa',
			'aaaaaa',
			'aaa b'
		]);
	});

	it('ends the last line that fits with an ellipsis when text is left out', () => {
		const lines = wrapText({
			text: 'yksi kaksi kolme neljä viisi',
			maxWidth: 100,
			maxLines: 2,
			measure
		});
		expect(lines).toEqual(['yksi kaksi', `kolme${ELLIPSIS}`]);
		expect(lines.every((line) => measure(line) <= 100)).toBe(true);
	});

	it('never splits an emoji in two', () => {
		const lines = wrapText({ text: '😀😀😀😀', maxWidth: 25, maxLines: 1, measure });
		expect(lines).toEqual([`😀${ELLIPSIS}`]);
		expect(wrapText({ text: '😀😀😀', maxWidth: 20, maxLines: 3, measure })).toEqual([
			'😀😀',
			'😀'
		]);
	});

	it('gives nothing when no line fits', () => {
		expect(wrapText({ text: 'teksti', maxWidth: 100, maxLines: 0, measure })).toEqual([]);
		expect(wrapText({ text: '', maxWidth: 100, maxLines: 3, measure })).toEqual([]);
	});
});
