import { escapeMarkdown } from './escape.ts';
import type { Block, Outline } from './outline.ts';

/** CommonMark with GFM tables. Images are left out: Markdown would need separate files. */
export function renderMarkdown(outline: Outline): Uint8Array {
	const parts = outline.blocks.map(blockToMarkdown).filter((part) => part !== '');
	return new TextEncoder().encode(parts.join('\n\n') + '\n');
}

function blockToMarkdown(block: Block): string {
	switch (block.kind) {
		case 'heading':
			return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text, { singleLine: true })}`;
		case 'paragraph':
			return escapeMarkdown(block.text);
		case 'fields':
			return block.rows
				.map(
					([label, value]) =>
						`- **${escapeMarkdown(label, { singleLine: true })}:** ${escapeMarkdown(value, { singleLine: true })}`
				)
				.join('\n');
		case 'list':
			// A list item's later lines are indented under it, so a line break stays in the item.
			return block.items
				.map((item) => `- ${escapeMarkdown(item).replace(/\n/g, '\n  ')}`)
				.join('\n');
		case 'table': {
			const row = (cells: string[]) =>
				`| ${cells.map((cell) => escapeMarkdown(cell, { singleLine: true }) || ' ').join(' | ')} |`;
			return [
				row(block.header),
				`|${block.header.map(() => ' --- ').join('|')}|`,
				...block.rows.map(row)
			].join('\n');
		}
		case 'image':
			return '';
	}
}
