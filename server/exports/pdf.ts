import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Block, Outline } from './outline.ts';
import { pngSize } from './png.ts';

/**
 * Printable A4 PDF, tagged (a structure tree with headings, lists, tables and figures with
 * alternative text) and marked as PDF/UA-1 with the document language and title, as far as
 * pdfkit lets us. The font is DejaVu Sans from the `dejavu-fonts-ttf` npm package, embedded and
 * subset, so å ä ö (and š ž of loanwords) print on any machine; no system font is used.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
	regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
	bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')
} as const;
type ParsedFont = fontkit.Font;
let fontCache: { regular: ParsedFont; bold: ParsedFont } | null = null;

/**
 * The fonts, read and parsed once per process: parsing DejaVu Sans takes far longer than laying
 * out a whole report, and pdfkit accepts a parsed fontkit font (it subsets it per document).
 */
function fonts(): { regular: ParsedFont; bold: ParsedFont } {
	const parse = (file: string) => fontkit.create(readFileSync(file)) as ParsedFont;
	fontCache ??= { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold) };
	return fontCache;
}

/** pdfkit 0.20 takes parsed fontkit fonts; the DefinitelyTyped types predate that. */
const asSource = (font: ParsedFont) => font as unknown as PDFKit.Mixins.PDFFontSource;

/** 2 cm margins; 10.5 pt body text is readable on paper and keeps tables on the page. */
const MARGIN_PT = 57;
const BODY_PT = 10.5;
const HEADING_PT: Record<1 | 2 | 3, number> = { 1: 20, 2: 15, 3: 12.5 };
const TEXT_COLOUR = '#1a1a1a';
const RULE_COLOUR = '#8a8a8a';
/** Board pictures never take more than this share of the page height. */
const IMAGE_MAX_HEIGHT_SHARE = 0.6;

type Doc = PDFKit.PDFDocument;
type StructElement = PDFKit.PDFStructureElement;

export async function renderPdf(outline: Outline): Promise<Uint8Array> {
	const { regular, bold } = fonts();
	const doc = new PDFDocument({
		size: 'A4',
		layout: outline.landscape ? 'landscape' : 'portrait',
		margins: { top: MARGIN_PT, bottom: MARGIN_PT, left: MARGIN_PT, right: MARGIN_PT },
		pdfVersion: '1.7',
		tagged: true,
		lang: outline.language,
		displayTitle: true,
		// pdfkit 0.20 knows 'PDF/UA'; the DefinitelyTyped types stop at PDF/A.
		subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
		bufferPages: true,
		// No initial font: pdfkit would otherwise load its (unembedded) Helvetica, and giving it
		// our parsed font here makes its font cache miss on every later switch to 'body'.
		font: null as unknown as string,
		info: { Title: outline.title, Creator: 'Rajapinta', Producer: 'Rajapinta (pdfkit)' }
	});
	const chunks: Uint8Array[] = [];
	doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
	const ended = new Promise<void>((resolve, reject) => {
		doc.on('end', resolve);
		doc.on('error', reject);
	});
	// Registered with a family name: pdfkit's tables restore the font by (source, family), and
	// only a family name lets that hit its cache instead of re-opening the font for every cell.
	doc.registerFont('body', asSource(regular), 'body');
	doc.registerFont('bold', asSource(bold), 'bold');
	doc.font('body').fontSize(BODY_PT).fillColor(TEXT_COLOUR);

	const root = doc.struct('Document');
	doc.addStructure(root);
	for (const block of outline.blocks) drawBlock(doc, root, block);
	root.end();
	drawPageNumbers(doc, outline);
	doc.end();
	await ended;
	return Buffer.concat(chunks);
}

function drawBlock(doc: Doc, root: StructElement, block: Block): void {
	const width = contentWidth(doc);
	switch (block.kind) {
		case 'heading': {
			const size = HEADING_PT[block.level];
			doc.moveDown(block.level === 1 ? 0 : 0.6);
			keepWithNext(doc, size * 4);
			doc.font('bold').fontSize(size);
			doc.text(block.text, doc.page.margins.left, doc.y, {
				width,
				structParent: root,
				structType: `H${block.level}`
			});
			doc.font('body').fontSize(BODY_PT).moveDown(0.3);
			return;
		}
		case 'paragraph':
			doc.text(block.text, doc.page.margins.left, doc.y, {
				width,
				structParent: root,
				structType: 'P'
			});
			doc.moveDown(0.3);
			return;
		case 'fields':
			drawTable(doc, root, null, block.rows, { firstColumnBold: true, weights: [1, 1.8] });
			return;
		case 'list': {
			const list = doc.struct('L');
			root.add(list);
			doc.list(block.items, doc.page.margins.left, doc.y, {
				width,
				structParent: list,
				bulletRadius: 2,
				textIndent: 12
			});
			list.end();
			doc.moveDown(0.4);
			return;
		}
		case 'table':
			drawTable(doc, root, block.header, block.rows, {
				firstColumnBold: false,
				weights: block.weights
			});
			return;
		case 'image': {
			const size = pngSize(block.png);
			const maxHeight = (doc.page.height - 2 * MARGIN_PT) * IMAGE_MAX_HEIGHT_SHARE;
			const scale = Math.min(1, width / size.width, maxHeight / size.height);
			keepWithNext(doc, size.height * scale + 2 * BODY_PT);
			doc.text(block.caption, doc.page.margins.left, doc.y, {
				width,
				structParent: root,
				structType: 'P'
			});
			const figure = doc.struct('Figure', { alt: block.alt }, () => {
				doc.image(Buffer.from(block.png), doc.page.margins.left, doc.y, {
					width: size.width * scale,
					height: size.height * scale
				});
			});
			root.add(figure);
			figure.end();
			doc.moveDown(0.5);
			return;
		}
	}
}

function drawTable(
	doc: Doc,
	root: StructElement,
	header: string[] | null,
	rows: string[][],
	options: { firstColumnBold: boolean; weights?: number[] }
): void {
	// Wide tables (commitments, the overview) get smaller type so words fit their columns.
	const size = (header ?? rows[0] ?? []).length >= 6 ? BODY_PT - 2 : BODY_PT - 1;
	const cell = (text: string, type: 'TH' | 'TD', isBold: boolean): PDFKit.Mixins.CellOptions => ({
		text,
		type,
		font: { src: isBold ? 'bold' : 'body', size }
	});
	const data = [
		...(header ? [header.map((text) => cell(text, 'TH', true))] : []),
		...rows.map((row) =>
			row.map((text, column) =>
				cell(
					text,
					options.firstColumnBold && column === 0 ? 'TH' : 'TD',
					options.firstColumnBold && column === 0
				)
			)
		)
	];
	const tableOptions: PDFKit.Mixins.TableOptionsWithData & { structParent: StructElement } = {
		data,
		structParent: root,
		position: { x: doc.page.margins.left, y: doc.y },
		maxWidth: contentWidth(doc),
		defaultStyle: { border: 0.5, borderColor: RULE_COLOUR, padding: [3, 4] },
		rowStyles: header
			? (row) => (row === 0 ? { backgroundColor: '#ececec' } : undefined)
			: undefined,
		columnStyles: options.weights ? columnWidths(options.weights, contentWidth(doc)) : undefined
	};
	doc.table(tableOptions);
	doc.x = doc.page.margins.left;
	doc.moveDown(0.6);
}

function columnWidths(weights: number[], total: number): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	return weights.map((weight) => (total * weight) / sum);
}

/** Starts a new page when less than `height` points are left, so a heading is not orphaned. */
function keepWithNext(doc: Doc, height: number): void {
	if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function contentWidth(doc: Doc): number {
	return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** "Page 2 of 5" under every page, marked as a pagination artifact (not read as content). */
function drawPageNumbers(doc: Doc, outline: Outline): void {
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.markContent('Artifact', { type: 'Pagination' });
		doc
			.font('body')
			.fontSize(8.5)
			.fillColor(RULE_COLOUR)
			.text(outline.pageLabel(i + 1, range.count), MARGIN_PT, doc.page.height - MARGIN_PT / 2 - 6, {
				width: contentWidth(doc),
				align: 'center',
				lineBreak: false
			});
		doc.endMarkedContent();
		doc.page.margins.bottom = bottom;
	}
}
