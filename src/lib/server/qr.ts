import { create } from 'qrcode';

/**
 * Light modules around the symbol. The QR standard asks for 4; projectors crop and blur edges, and
 * a printed sheet may sit on a dark table, so the margin is part of the symbol, not of the page.
 */
export const QR_QUIET_ZONE_MODULES = 4;

/** A QR symbol ready to draw as one SVG path: black on white, one unit per module. */
export interface QrSymbol {
	/** Width and height in modules, quiet zone included. */
	size: number;
	/** Dark modules as horizontal runs (`M x y h n`), each run one module high. */
	path: string;
}

/**
 * The QR symbol of `text` at error correction level M (15 %): enough to survive a smudged print or
 * a glare spot on a projector while keeping the modules large for a join URL.
 */
export function qrSymbol(text: string): QrSymbol {
	const { modules } = create(text, { errorCorrectionLevel: 'M' });
	const count = modules.size;
	const runs: string[] = [];
	for (let row = 0; row < count; row++) {
		let col = 0;
		while (col < count) {
			if (!modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < count && modules.get(row, col)) col++;
			const x = start + QR_QUIET_ZONE_MODULES;
			const y = row + QR_QUIET_ZONE_MODULES;
			runs.push(`M${x} ${y}h${col - start}v1h-${col - start}z`);
		}
	}
	return { size: count + 2 * QR_QUIET_ZONE_MODULES, path: runs.join('') };
}
