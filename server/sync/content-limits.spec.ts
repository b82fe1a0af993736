import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createNote, setItemText } from '#shared/model/board.ts';
import { SYNC_DENIAL } from '#shared/protocol/sync.ts';
import {
	DocumentSize,
	MAX_MAP_KEY_CHARS,
	MAX_STRING_CHARS,
	contentDenial
} from './content-limits.ts';

/** The update one change to a fresh document makes. */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	let update: Uint8Array | null = null;
	doc.on('update', (u: Uint8Array) => (update = u));
	change(doc);
	doc.destroy();
	return update!;
}

const denialOf = (change: (doc: Y.Doc) => void) => contentDenial(Y.decodeUpdate(updateOf(change)));

describe('content limits for any writer (S13)', () => {
	it('S13 takes what the board writes: notes with text at the cap, votes, leaf names', () => {
		expect(
			denialOf((doc) => {
				const id = createNote(doc, { actorType: 'client', text: 'ä😀'.repeat(600) });
				setItemText(doc, id, 'x'.repeat(MAX_STRING_CHARS));
				doc.getMap('meta').set('template:two-columns', true);
				doc.getMap('items').set('labels', { fi: 'Asiakas', sv: 'Klient', en: 'Client' });
			})
		).toBeNull();
	});

	it('S13 refuses a giant string in a text or as a value, and a giant key', () => {
		expect(
			denialOf((doc) => {
				const text = new Y.Text();
				doc.getMap('items').set('n1', text);
				text.insert(0, 'x'.repeat(MAX_STRING_CHARS + 1));
			})
		).toBe(SYNC_DENIAL.content);
		expect(denialOf((doc) => doc.getMap('items').set('n1', 'x'.repeat(MAX_STRING_CHARS + 1)))).toBe(
			SYNC_DENIAL.content
		);
		expect(denialOf((doc) => doc.getMap('items').set('k'.repeat(MAX_MAP_KEY_CHARS + 1), 1))).toBe(
			SYNC_DENIAL.content
		);
		expect(denialOf((doc) => doc.getMap('items').set('n1', { blob: 'x'.repeat(20_000) }))).toBe(
			SYNC_DENIAL.content
		);
	});

	it('S13 refuses binary, sub-documents, arrays, XML types, and formatting', () => {
		expect(denialOf((doc) => doc.getMap('items').set('b', new Uint8Array(10)))).toBe(
			SYNC_DENIAL.content
		);
		expect(denialOf((doc) => doc.getMap('items').set('d', new Y.Doc()))).toBe(SYNC_DENIAL.content);
		expect(denialOf((doc) => doc.getMap('items').set('a', new Y.Array()))).toBe(
			SYNC_DENIAL.content
		);
		expect(denialOf((doc) => doc.getMap('items').set('x', new Y.XmlText()))).toBe(
			SYNC_DENIAL.content
		);
		expect(
			denialOf((doc) => {
				const text = new Y.Text();
				doc.getMap('items').set('t', text);
				text.insert(0, 'bold', { bold: true });
			})
		).toBe(SYNC_DENIAL.content);
	});

	it('S13 the size cap measures only once the estimate passes it, and lets deletions through', () => {
		const size = new DocumentSize(1000, 100);
		let measured = 0;
		const measure = (bytes: number) => () => {
			measured++;
			return bytes;
		};
		expect(size.admit(600, false, measure(0))).toBe(true);
		expect(size.admit(300, false, measure(0))).toBe(true);
		expect(measured).toBe(0);
		// The estimate (900 + 200) passes the cap; the document is smaller after compaction.
		expect(size.admit(200, false, measure(400))).toBe(true);
		expect(measured).toBe(1);
		// 600 now; 400 more would leave no headroom once measured at 900.
		expect(size.admit(450, false, measure(900))).toBe(false);
		expect(size.admit(50, true, measure(900))).toBe(true);
		expect(size.admit(10, false, measure(850))).toBe(true);
	});
});
