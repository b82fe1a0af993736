import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { ACTOR_TYPE_LIST } from '#shared/model/actor.ts';
import { NOTE_COLOURS, createNote, itemsOf } from '#shared/model/board.ts';
import { TX_ORIGIN } from '#shared/protocol/sync.ts';

/**
 * Board edits of a simulated participant, made with the product's own model code (createNote) so
 * their updates have the size and shape of real ones, plus a `bench` field carrying a stamp.
 *
 * A stamp is plain ASCII inside the update bytes (Yjs writes a string as its UTF-8 bytes), so a
 * receiver can find it with one Buffer.indexOf per frame, without decoding or applying anything,
 * and it survives Y.mergeUpdates. Layout: mark (3) · seat in room (3) · seq (7) · send time (13, µs
 * of the generator thread's performance.now()).
 */
export const EDIT_MARK = Buffer.from('BsE');
export const AWARENESS_MARK = Buffer.from('BsA');
export const STAMP_LENGTH = 3 + 3 + 7 + 13;

/** A new note in this share of edits, the rest move one of the client's notes. */
const INSERT_SHARE = 0.25;
/** A participant keeps adding notes up to this many, then only moves them (bounds memory). */
const MAX_OWN_NOTES = 40;
const NOTE_TEXTS = [
	'Yhteinen asiakasohjaus: kuka soittaa ensin?',
	'Shared intake form for the employment office and social services',
	'Koulun ja TE-palvelujen yhteyshenkilöt listaksi',
	'Pilot: one contact person per family, review in March',
	'Järjestöjen vertaistuki mukaan jo ensitapaamiseen'
];

export function stamp(mark: Buffer, seat: number, seq: number, sendUs: number): string {
	return (
		mark.toString('latin1') +
		String(seat).padStart(3, '0') +
		String(seq % 1e7).padStart(7, '0') +
		String(Math.floor(sendUs) % 1e13).padStart(13, '0')
	);
}

/**
 * Calls `found` for each stamp with `mark` in `frame`, from byte `from` on. No allocation: digits are
 * read straight from the bytes. Returns how many stamps were found.
 */
export function scanStamps(
	frame: Buffer,
	mark: Buffer,
	from: number,
	found: (seat: number, seq: number, sendUs: number) => void
): number {
	let n = 0;
	let at = frame.indexOf(mark, from);
	while (at !== -1 && at + STAMP_LENGTH <= frame.length) {
		const seat = digits(frame, at + 3, 3);
		const seq = digits(frame, at + 6, 7);
		const sendUs = digits(frame, at + 13, 13);
		if (seat >= 0 && seq >= 0 && sendUs >= 0) {
			found(seat, seq, sendUs);
			n++;
		}
		at = frame.indexOf(mark, at + STAMP_LENGTH);
	}
	return n;
}

function digits(frame: Buffer, at: number, length: number): number {
	let value = 0;
	for (let i = at; i < at + length; i++) {
		const d = frame[i] - 48;
		if (d < 0 || d > 9) return -1;
		value = value * 10 + d;
	}
	return value;
}

/** Makes one participant's edits on `doc` (which may also hold everyone else's notes). */
export class EditMaker {
	readonly doc: Y.Doc;
	readonly seat: number;
	readonly #own: Y.Map<unknown>[] = [];
	#seq = 0;
	#random: () => number;

	readonly #authorKey: string;

	/** `authorKey`: the one the server expects on this seat's notes (SPEC S9); none for the reference. */
	constructor(options: { doc: Y.Doc; seat: number; authorKey?: string; random?: () => number }) {
		this.doc = options.doc;
		this.seat = options.seat;
		this.#authorKey = options.authorKey ?? '';
		this.#random = options.random ?? Math.random;
	}

	/** Edits made so far. */
	get count(): number {
		return this.#seq;
	}

	/**
	 * Makes the next edit in one local transaction, stamped with `sendUs`: a sticky-note-sized insert
	 * (a Y.Map with a Y.Text) or an update of one of its notes (x, y, updatedAt). Returns the seq.
	 */
	edit(sendUs: number): number {
		const seq = this.#seq++;
		const mark = stamp(EDIT_MARK, this.seat, seq, sendUs);
		const random = this.#random;
		const now = Date.now();
		if (this.#own.length === 0 || (this.#own.length < MAX_OWN_NOTES && random() < INSERT_SHARE)) {
			this.doc.transact(() => {
				const id = createNote(this.doc, {
					actorType: ACTOR_TYPE_LIST[this.seat % ACTOR_TYPE_LIST.length],
					authorKey: this.#authorKey,
					text: `${NOTE_TEXTS[seq % NOTE_TEXTS.length]} (${this.seat}.${seq})`,
					x: Math.round(random() * 2000),
					y: Math.round(random() * 1200),
					colour: NOTE_COLOURS[seq % NOTE_COLOURS.length],
					now,
					origin: TX_ORIGIN.local
				});
				const item = itemsOf(this.doc).get(id)!;
				item.set('bench', mark);
				this.#own.push(item);
			}, TX_ORIGIN.local);
		} else {
			const item = this.#own[Math.floor(random() * this.#own.length)];
			this.doc.transact(() => {
				item.set('x', Math.round(random() * 2000));
				item.set('y', Math.round(random() * 1200));
				item.set('updatedAt', now);
				item.set('bench', mark);
			}, TX_ORIGIN.local);
		}
		return seq;
	}
}

/**
 * A cursor awareness update as a stock provider sends it (y-protocols encodeAwarenessUpdate for
 * one client), encoded by hand so a light client needs no Awareness instance.
 */
export function encodeCursorAwareness(options: {
	clientId: number;
	clock: number;
	seat: number;
	x: number;
	y: number;
	stamp: string;
}): Uint8Array {
	const state = JSON.stringify({
		user: { name: `Participant ${options.seat}`, colour: '#1f5fa8' },
		cursor: { x: options.x, y: options.y, t: options.stamp }
	});
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, options.clientId);
	encoding.writeVarUint(inner, options.clock);
	encoding.writeVarString(inner, state);
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

/** A y-websocket sync "update" message around a Yjs update. */
export function encodeUpdateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}
