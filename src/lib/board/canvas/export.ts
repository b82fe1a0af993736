import { COLOUR_FILL, type ItemView } from '#shared/model/board.ts';
import { arrowPoints } from './shapes/arrow.ts';

/** Empty space around the content in exports, in board units. */
export const EXPORT_MARGIN = 40;

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The box around every item (arrows lie between items, so items alone decide it). */
export function contentBounds(items: Iterable<ItemView>, margin = 0): Box | null {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const item of items) {
		if (item.type === 'arrow') continue;
		minX = Math.min(minX, item.x);
		minY = Math.min(minY, item.y);
		maxX = Math.max(maxX, item.x + item.width);
		maxY = Math.max(maxY, item.y + item.height);
	}
	if (minX === Infinity) return null;
	return {
		x: minX - margin,
		y: minY - margin,
		width: maxX - minX + margin * 2,
		height: maxY - minY + margin * 2
	};
}

function escapeXml(text: string): string {
	return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Greedy word wrap by an estimated glyph width; SVG has no wrapping of its own and the export
 * must not depend on a canvas to measure. Good enough for slides, not typographically exact.
 */
export function wrapLines(text: string, width: number, fontSize: number, maxLines: number) {
	const perLine = Math.max(4, Math.floor(width / (fontSize * 0.55)));
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/\s+/)) {
			if (!word) continue;
			const next = line ? `${line} ${word}` : word;
			if (next.length <= perLine) line = next;
			else {
				if (line) lines.push(line);
				line = word.length > perLine ? word.slice(0, perLine - 1) + '…' : word;
			}
		}
		lines.push(line);
	}
	if (lines.length > maxLines) return [...lines.slice(0, maxLines - 1), lines[maxLines - 1] + '…'];
	return lines;
}

export interface SvgLabels {
	/** The words an item shows (note text, translated frame label, card name). */
	title: (view: ItemView) => string;
	/** Small print on notes, e.g. the actor type. */
	meta: (view: ItemView) => string;
	/** Accessible title of the whole image. */
	documentTitle: string;
	/** A card's picture as a URL the SVG may embed (a data: URL for a standalone file), or null. */
	picture?: (cardId: string) => string | null;
}

function textBlock(options: {
	x: number;
	y: number;
	width: number;
	height: number;
	text: string;
	fontSize: number;
	bold?: boolean;
	anchor?: 'start' | 'middle';
}): string {
	const lineHeight = options.fontSize * 1.3;
	const maxLines = Math.max(1, Math.floor(options.height / lineHeight));
	const lines = wrapLines(options.text, options.width, options.fontSize, maxLines);
	const x = options.anchor === 'middle' ? options.x + options.width / 2 : options.x;
	const spans = lines
		.map(
			(line, index) =>
				`<tspan x="${x}" dy="${index === 0 ? options.fontSize : lineHeight}">${escapeXml(line)}</tspan>`
		)
		.join('');
	return `<text x="${x}" y="${options.y}" font-size="${options.fontSize}"${options.bold ? ' font-weight="bold"' : ''}${options.anchor === 'middle' ? ' text-anchor="middle"' : ''}>${spans}</text>`;
}

/** A standalone SVG of the board, built from the validated views (not from the canvas). */
export function boardToSvg(items: readonly ItemView[], labels: SvgLabels): string {
	const box = contentBounds(items, EXPORT_MARGIN) ?? { x: 0, y: 0, width: 400, height: 300 };
	const byId = new Map(items.map((item) => [item.id, item]));
	const parts: string[] = [];
	for (const item of items) {
		const title = labels.title(item);
		switch (item.type) {
			case 'frame':
				parts.push(
					`<rect x="${item.x}" y="${item.y}" width="${item.width}" height="${item.height}" rx="8" fill="${COLOUR_FILL[item.colour]}" fill-opacity="0.7" stroke="#5c5c5c" stroke-width="2" stroke-dasharray="10 6"/>`,
					textBlock({
						x: item.x + 16,
						y: item.y + 14,
						width: item.width - 32,
						height: 30,
						text: title,
						fontSize: 22,
						bold: true
					})
				);
				break;
			case 'note':
				parts.push(
					`<rect x="${item.x}" y="${item.y}" width="${item.width}" height="${item.height}" rx="4" fill="${COLOUR_FILL[item.colour]}" stroke="#5c5c5c"/>`,
					textBlock({
						x: item.x + 12,
						y: item.y + 12,
						width: item.width - 24,
						height: item.height - 40,
						text: title,
						fontSize: 16
					}),
					textBlock({
						x: item.x + 12,
						y: item.y + item.height - 20,
						width: item.width - 24,
						height: 16,
						text: labels.meta(item),
						fontSize: 11
					})
				);
				break;
			case 'card': {
				const picture = labels.picture?.(item.cardId) ?? null;
				parts.push(
					`<rect x="${item.x}" y="${item.y}" width="${item.width}" height="${item.height}" rx="8" fill="#ffffff" stroke="#5c5c5c" stroke-width="2"/>`
				);
				if (picture) {
					// The picture above, the name (and why it was picked) in a strip below it.
					const strip = Math.min(72, item.height / 3);
					parts.push(
						`<image href="${escapeXml(picture)}" x="${item.x + 6}" y="${item.y + 6}" width="${item.width - 12}" height="${item.height - strip - 12}" preserveAspectRatio="xMidYMid meet"/>`,
						textBlock({
							x: item.x + 6,
							y: item.y + item.height - strip,
							width: item.width - 12,
							height: strip - 4,
							text: title,
							fontSize: 13,
							bold: true,
							anchor: 'middle'
						})
					);
					break;
				}
				parts.push(
					textBlock({
						x: item.x + 8,
						y: item.y + item.height / 2 - 14,
						width: item.width - 16,
						height: item.height / 2,
						text: title,
						fontSize: 22,
						bold: true,
						anchor: 'middle'
					})
				);
				break;
			}
			case 'arrow': {
				const from = byId.get(item.from);
				const to = byId.get(item.to);
				if (!from || !to) break;
				const [x1, y1, x2, y2] = arrowPoints(from, to);
				parts.push(
					`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#333333" stroke-width="3" marker-end="url(#arrowhead)"/>`
				);
				break;
			}
		}
		if (item.type !== 'arrow' && item.votes > 0) {
			parts.push(
				`<circle cx="${item.x + item.width - 4}" cy="${item.y + 4}" r="14" fill="#0b4f8a"/>`,
				`<text x="${item.x + item.width - 4}" y="${item.y + 9}" font-size="13" font-weight="bold" fill="#ffffff" text-anchor="middle">${item.votes}</text>`
			);
		}
	}
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.x} ${box.y} ${box.width} ${box.height}" width="${box.width}" height="${box.height}" role="img" font-family="system-ui, sans-serif" fill="#1b1b1b">`,
		`<title>${escapeXml(labels.documentTitle)}</title>`,
		'<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#333333"/></marker></defs>',
		`<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="#ffffff"/>`,
		...parts,
		'</svg>'
	].join('\n');
}

/** Saves `href` (a data: or blob: URL) as a file through a temporary link. */
export function download(href: string, filename: string): void {
	const link = document.createElement('a');
	link.href = href;
	link.download = filename;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
}

/** `rajapinta-board-2026-12-02.png` style names; the date is the local day. */
export function exportFilename(extension: 'png' | 'svg', now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
	return `rajapinta-board-${day}.${extension}`;
}
