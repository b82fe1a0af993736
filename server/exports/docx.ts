import {
	AlignmentType,
	Document,
	Footer,
	HeadingLevel,
	ImageRun,
	Packer,
	PageNumber,
	PageOrientation,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import type { Block, Outline } from './outline.ts';
import { pngSize } from './png.ts';

/**
 * Word (Office Open XML) through the `docx` package, which escapes text into XML itself. Headings
 * use Word's built-in heading styles and header rows repeat, so the navigation pane and screen
 * readers find the structure; pictures carry their alternative text.
 */
const LANGUAGE_TAG = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;
const HEADINGS = {
	1: HeadingLevel.HEADING_1,
	2: HeadingLevel.HEADING_2,
	3: HeadingLevel.HEADING_3
} as const;
/** Usable width of an A4 page with 2 cm margins, in pixels at 96 dpi (docx sizes images so). */
const CONTENT_WIDTH_PX = 642;
const IMAGE_MAX_HEIGHT_PX = 560;
/** A4 in twentieths of a point, and 2 cm margins. */
const A4 = { width: 11906, height: 16838, margin: 1134 };

export async function renderDocx(outline: Outline): Promise<Uint8Array> {
	const language = LANGUAGE_TAG[outline.language];
	const doc = new Document({
		title: outline.title,
		creator: 'Rajapinta',
		styles: {
			default: { document: { run: { font: 'Calibri', size: 22, language: { value: language } } } }
		},
		sections: [
			{
				properties: {
					page: {
						size: {
							width: A4.width,
							height: A4.height,
							orientation: outline.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT
						},
						margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin }
					}
				},
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.CENTER,
								children: [
									new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })
								]
							})
						]
					})
				},
				children: outline.blocks.flatMap(toDocx)
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

/** A text with its line breaks kept. */
function runs(text: string, bold = false): TextRun[] {
	return text.split('\n').map((line, i) => new TextRun({ text: line, bold, break: i > 0 ? 1 : 0 }));
}

function toDocx(block: Block): (Paragraph | Table)[] {
	switch (block.kind) {
		case 'heading':
			return [new Paragraph({ heading: HEADINGS[block.level], children: runs(block.text) })];
		case 'paragraph':
			return [new Paragraph({ children: runs(block.text) })];
		case 'list':
			return block.items.map(
				(item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) })
			);
		case 'fields':
			return [table(null, block.rows, true), new Paragraph({})];
		case 'table':
			return [table(block.header, block.rows, false), new Paragraph({})];
		case 'image': {
			const { width, height } = pngSize(block.png);
			const scale = Math.min(1, CONTENT_WIDTH_PX / width, IMAGE_MAX_HEIGHT_PX / height);
			return [
				new Paragraph({ children: runs(block.caption), keepNext: true }),
				new Paragraph({
					children: [
						new ImageRun({
							type: 'png',
							data: block.png,
							transformation: {
								width: Math.round(width * scale),
								height: Math.round(height * scale)
							},
							altText: { name: block.alt, title: block.alt, description: block.alt }
						})
					]
				})
			];
		}
	}
}

function table(header: string[] | null, rows: string[][], labelled: boolean): Table {
	const cell = (text: string, bold: boolean) =>
		new TableCell({ children: [new Paragraph({ children: runs(text, bold) })] });
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			...(header
				? [new TableRow({ tableHeader: true, children: header.map((text) => cell(text, true)) })]
				: []),
			...rows.map(
				(row) =>
					new TableRow({
						children: row.map((text, column) => cell(text, labelled && column === 0))
					})
			)
		]
	});
}
