import { zipSync, type Zippable } from 'fflate';
import { escapeXml } from './escape.ts';

/**
 * OpenDocument packaging shared by ODT and ODS. No maintained npm library writes OpenDocument
 * text and spreadsheets from scratch (the ones that exist are abandoned or template fillers), so
 * we write the few XML parts ourselves and zip them with fflate. ODF 1.3, as recommended for
 * Finnish public administration.
 */
export const ODF_VERSION = '1.3';

export const NAMESPACES = [
	'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
	'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
	'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
	'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
	'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
	'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
	'xmlns:xlink="http://www.w3.org/1999/xlink"',
	'xmlns:dc="http://purl.org/dc/elements/1.1/"',
	'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
	'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
	'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
].join(' ');

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export const ODF_LANGUAGE = {
	fi: { language: 'fi', country: 'FI' },
	sv: { language: 'sv', country: 'FI' },
	en: { language: 'en', country: 'GB' }
} as const;

/**
 * Character data of a text:p or text:h. XML-escaped; line breaks, tabs and runs of spaces become
 * the elements ODF needs, since it collapses white space in character data.
 */
export function odfText(text: string): string {
	return escapeXml(text)
		.replace(/\n/g, '<text:line-break/>')
		.replace(/\t/g, '<text:tab/>')
		.replace(/ {2,}/g, (run) => ` <text:s text:c="${run.length - 1}"/>`)
		.replace(/^ /, '<text:s/>');
}

export interface OdfPart {
	path: string;
	mediaType: string;
	data: string | Uint8Array;
}

export function metaXml(options: { title: string; language: keyof typeof ODF_LANGUAGE }): string {
	const { language, country } = ODF_LANGUAGE[options.language];
	return (
		XML_DECLARATION +
		`<office:document-meta ${NAMESPACES} office:version="${ODF_VERSION}"><office:meta>` +
		`<meta:generator>Rajapinta</meta:generator><dc:title>${escapeXml(options.title)}</dc:title>` +
		`<dc:language>${language}-${country}</dc:language></office:meta></office:document-meta>`
	);
}

export function documentXml(root: 'document-content' | 'document-styles', body: string): string {
	return (
		XML_DECLARATION +
		`<office:${root} ${NAMESPACES} office:version="${ODF_VERSION}">${body}</office:${root}>`
	);
}

/**
 * The package: `mimetype` first and stored uncompressed (so tools can sniff the type at a fixed
 * offset), then the manifest and the parts.
 */
export function odfPackage(mimeType: string, parts: OdfPart[]): Uint8Array {
	const encoder = new TextEncoder();
	const manifest =
		XML_DECLARATION +
		'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" ' +
		`manifest:version="${ODF_VERSION}">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="${ODF_VERSION}" manifest:media-type="${mimeType}"/>` +
		parts
			.map(
				(part) =>
					`<manifest:file-entry manifest:full-path="${escapeXml(part.path)}" manifest:media-type="${part.mediaType}"/>`
			)
			.join('') +
		'</manifest:manifest>';
	const files: Zippable = { mimetype: [encoder.encode(mimeType), { level: 0 }] };
	for (const part of parts) {
		const bytes = typeof part.data === 'string' ? encoder.encode(part.data) : part.data;
		// PNGs are compressed already.
		files[part.path] = [bytes, { level: part.mediaType === 'image/png' ? 0 : 6 }];
	}
	files['META-INF/manifest.xml'] = encoder.encode(manifest);
	return zipSync(files);
}
