import { escapeXml } from './escape.ts';
import { ODF_LANGUAGE, documentXml, metaXml, odfPackage, odfText, type OdfPart } from './odf.ts';
import type { Block, Outline } from './outline.ts';
import { pngSize } from './png.ts';

/**
 * OpenDocument text. Headings use the standard "Heading 1…3" styles with outline levels, so
 * LibreOffice's navigator, exported PDFs and screen readers see the structure; pictures carry
 * svg:title and svg:desc as their alternative text.
 */
const MIME = 'application/vnd.oasis.opendocument.text';
/** Text width of A4 with 2 cm margins. */
const CONTENT_WIDTH_CM = 17;
const IMAGE_MAX_HEIGHT_CM = 15;

export function renderOdt(outline: Outline): Uint8Array {
	const pictures: OdfPart[] = [];
	let tables = 0;
	const body = outline.blocks
		.map((block) => {
			if (block.kind === 'image') {
				const path = `Pictures/board-${pictures.length + 1}.png`;
				pictures.push({ path, mediaType: 'image/png', data: block.png });
				return imageXml(block, path, pictures.length);
			}
			if (block.kind === 'table' || block.kind === 'fields') tables += 1;
			return blockXml(block, tables);
		})
		.join('');
	const content = documentXml(
		'document-content',
		`<office:automatic-styles>${AUTOMATIC_STYLES}</office:automatic-styles>` +
			`<office:body><office:text>${body}</office:text></office:body>`
	);
	return odfPackage(MIME, [
		{ path: 'content.xml', mediaType: 'text/xml', data: content },
		{ path: 'styles.xml', mediaType: 'text/xml', data: stylesXml(outline.language) },
		{
			path: 'meta.xml',
			mediaType: 'text/xml',
			data: metaXml({ title: outline.title, language: outline.language })
		},
		...pictures
	]);
}

function blockXml(block: Exclude<Block, { kind: 'image' }>, tableNumber: number): string {
	switch (block.kind) {
		case 'heading':
			return `<text:h text:style-name="Heading_20_${block.level}" text:outline-level="${block.level}">${odfText(block.text)}</text:h>`;
		case 'paragraph':
			return `<text:p text:style-name="Text_20_body">${odfText(block.text)}</text:p>`;
		case 'list':
			return (
				'<text:list text:style-name="Bullets">' +
				block.items
					.map(
						(item) =>
							`<text:list-item><text:p text:style-name="Text_20_body">${odfText(item)}</text:p></text:list-item>`
					)
					.join('') +
				'</text:list>'
			);
		case 'fields':
			return tableXml(null, block.rows, tableNumber, true);
		case 'table':
			return tableXml(block.header, block.rows, tableNumber, false);
	}
}

function tableXml(
	header: string[] | null,
	rows: string[][],
	tableNumber: number,
	labelled: boolean
): string {
	const columns = header?.length ?? rows[0]?.length ?? 1;
	const cell = (text: string, style: string) =>
		`<table:table-cell table:style-name="Cell" office:value-type="string"><text:p text:style-name="${style}">${odfText(text)}</text:p></table:table-cell>`;
	const row = (cells: string[]) =>
		`<table:table-row>${cells
			.map((text, column) =>
				cell(text, labelled && column === 0 ? 'Table_20_Heading' : 'Table_20_Contents')
			)
			.join('')}</table:table-row>`;
	const head = header
		? `<table:table-header-rows><table:table-row>${header.map((text) => cell(text, 'Table_20_Heading')).join('')}</table:table-row></table:table-header-rows>`
		: '';
	return (
		`<table:table table:name="Table${tableNumber}" table:style-name="Table">` +
		`<table:table-column table:number-columns-repeated="${columns}"/>` +
		head +
		rows.map(row).join('') +
		'</table:table><text:p text:style-name="Text_20_body"/>'
	);
}

function imageXml(block: Extract<Block, { kind: 'image' }>, path: string, n: number): string {
	const { width, height } = pngSize(block.png);
	const scale = Math.min(CONTENT_WIDTH_CM / width, IMAGE_MAX_HEIGHT_CM / height);
	const alt = escapeXml(block.alt);
	return (
		`<text:p text:style-name="Text_20_body">${odfText(block.caption)}</text:p>` +
		`<text:p text:style-name="Text_20_body"><draw:frame draw:name="Board ${n}" text:anchor-type="as-char" ` +
		`svg:width="${(width * scale).toFixed(2)}cm" svg:height="${(height * scale).toFixed(2)}cm">` +
		`<draw:image xlink:href="${path}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>` +
		`<svg:title>${alt}</svg:title><svg:desc>${alt}</svg:desc></draw:frame></text:p>`
	);
}

const AUTOMATIC_STYLES =
	'<style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="left" fo:margin-top="0.1cm"/></style:style>' +
	'<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #8a8a8a"/></style:style>';

function stylesXml(language: Outline['language']): string {
	const { language: lang, country } = ODF_LANGUAGE[language];
	const heading = (level: number, size: string) =>
		`<style:style style:name="Heading_20_${level}" style:display-name="Heading ${level}" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="${level}" style:class="text">` +
		`<style:text-properties fo:font-size="${size}" fo:font-weight="bold"/></style:style>`;
	return documentXml(
		'document-styles',
		'<office:font-face-decls><style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;" style:font-family-generic="swiss"/></office:font-face-decls>' +
			'<office:styles>' +
			`<style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="${lang}" fo:country="${country}"/></style:default-style>` +
			'<style:style style:name="Standard" style:family="paragraph" style:class="text"/>' +
			'<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/></style:style>' +
			'<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/></style:style>' +
			heading(1, '18pt') +
			heading(2, '14pt') +
			heading(3, '12pt') +
			'<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>' +
			'<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra"><style:text-properties fo:font-weight="bold"/></style:style>' +
			'<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.635cm" fo:text-indent="-0.635cm" fo:margin-left="0.635cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>' +
			'</office:styles>' +
			'<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>' +
			'<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>'
	);
}
