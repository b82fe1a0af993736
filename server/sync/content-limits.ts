import * as Y from 'yjs';
import { MAX_LABEL_CHARS, MAX_NOTE_TEXT_CHARS } from '#shared/model/board/schema.ts';
import { MAX_SYNC_FRAME_BYTES, SYNC_DENIAL, type SyncDenialReason } from '#shared/protocol/sync.ts';
import type { DecodedUpdate } from './item-rights.ts';

/**
 * SPEC S13: what any writer's update may hold, whoever they are (facilitators too). The board
 * schema (BOARD.md) has two roots of maps, texts and plain values; a crafted client could still
 * store giant strings, binary blobs, sub-documents or XML types, which no reader shows but every
 * later load pays for. These checks look at each new struct alone, so they cost microseconds.
 * Which roots and items a participant may touch at all is S9's business (item-rights.ts).
 */

/** Longest string one struct may insert into a text, in UTF-16 units: a whole note at most. */
export const MAX_STRING_CHARS = MAX_NOTE_TEXT_CHARS;
/** Longest map key (item ids, field names, voter keys, template bookkeeping). */
export const MAX_MAP_KEY_CHARS = 128;
/** Largest plain value (e.g. a leaf's `{ fi, sv, en }` names), as JSON characters. */
export const MAX_VALUE_JSON_CHARS = 4 * MAX_LABEL_CHARS + MAX_NOTE_TEXT_CHARS;
/** Largest document a room keeps taking new content for, in encoded bytes. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** Null when every struct of the update fits the board schema's shapes; else the reason. */
export function contentDenial(decoded: DecodedUpdate): SyncDenialReason | null {
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		if (struct.parentSub !== null && struct.parentSub.length > MAX_MAP_KEY_CHARS) {
			return SYNC_DENIAL.content;
		}
		if (!allowedContent(struct.content)) return SYNC_DENIAL.content;
	}
	return null;
}

function allowedContent(content: Y.Item['content']): boolean {
	if (content instanceof Y.ContentString) return content.str.length <= MAX_STRING_CHARS;
	if (content instanceof Y.ContentDeleted) return true;
	if (content instanceof Y.ContentType) {
		// Y.XmlText is a Y.Text: rule it out first.
		const type = content.type;
		return !(type instanceof Y.XmlText) && (type instanceof Y.Map || type instanceof Y.Text);
	}
	if (content instanceof Y.ContentAny) return content.arr.every(fitsValue);
	// Binary, sub-documents, embeds, formatting and legacy JSON: the board never writes them.
	return false;
}

function fitsValue(value: unknown): boolean {
	if (value === null || typeof value === 'number' || typeof value === 'boolean') return true;
	if (typeof value === 'string') return value.length <= MAX_STRING_CHARS;
	if (typeof value !== 'object') return false;
	try {
		return JSON.stringify(value).length <= MAX_VALUE_JSON_CHARS;
	} catch {
		return false;
	}
}

/**
 * Keeps a room's document under MAX_DOCUMENT_BYTES without encoding it on every update: it adds
 * up the bytes it accepts, and only when that estimate passes the cap does it measure the
 * document itself (compaction and deletions shrink it; the estimate never does). After a
 * measurement at least one frame's worth of headroom must remain, so measuring stays rare.
 */
export class DocumentSize {
	readonly #cap: number;
	readonly #headroom: number;
	#estimate = 0;

	constructor(cap = MAX_DOCUMENT_BYTES, headroom = HEADROOM_BYTES) {
		this.#cap = cap;
		this.#headroom = headroom;
	}

	/** Sets the estimate to a known size (a load, a hibernated room's one update). */
	reset(bytes: number): void {
		this.#estimate = bytes;
	}

	/**
	 * Whether `bytes` more may be added; counts them when so. `measure` encodes the document.
	 * An update without new structs (only deletions) is always let through: it can only shrink it.
	 */
	admit(bytes: number, onlyDeletes: boolean, measure: () => number): boolean {
		if (onlyDeletes) return true;
		if (this.#estimate + bytes > this.#cap) {
			this.#estimate = measure();
			if (this.#estimate + bytes + this.#headroom > this.#cap) return false;
		}
		this.#estimate += bytes;
		return true;
	}
}

/** A frame's worth (SPEC S5): what must fit after a measurement before content is refused. */
const HEADROOM_BYTES = MAX_SYNC_FRAME_BYTES;
