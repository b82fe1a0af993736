import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	MAX_NOTE_TEXT_CHARS,
	createNote,
	deleteItem,
	itemsOf,
	readNotes,
	setNoteText
} from './board.ts';
import { normaliseJoinCode, formatJoinCode } from './ids.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('board notes', () => {
	it('create, edit and delete a note with Finnish, Swedish and emoji text', () => {
		const doc = new Y.Doc();
		const id = createNote(doc, { actorType: 'education', text: 'Työnvarjostus', now: 1 });
		setNoteText(doc, id, 'Työnvarjostus åt alla 🍀');
		expect(readNotes(doc)).toMatchObject([
			{ id, text: 'Työnvarjostus åt alla 🍀', actorType: 'education' }
		]);
		deleteItem(doc, id);
		expect(readNotes(doc)).toEqual([]);
	});

	it('merge two people typing in one note at once', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = createNote(a, { actorType: 'ngo', text: 'yhteinen kohde' });
		sync(a, b);
		setNoteText(a, id, 'Meidän yhteinen kohde');
		setNoteText(b, id, 'yhteinen kohde on asiakas');
		sync(a, b);
		expect(readNotes(a)[0].text).toBe('Meidän yhteinen kohde on asiakas');
		expect(readNotes(b)).toEqual(readNotes(a));
	});

	it('cap text and skip items that fail validation instead of throwing', () => {
		const doc = new Y.Doc();
		const id = createNote(doc, { actorType: 'client', text: 'x'.repeat(MAX_NOTE_TEXT_CHARS + 50) });
		expect(readNotes(doc)[0].text).toHaveLength(MAX_NOTE_TEXT_CHARS);
		itemsOf(doc).set(
			'junk',
			new Y.Map<unknown>([
				['type', 'note'],
				['x', 'left']
			])
		);
		const wrongActor = new Y.Map<unknown>();
		itemsOf(doc).set('wrong', wrongActor);
		wrongActor.set('type', 'note');
		wrongActor.set('actorType', 'villain');
		expect(readNotes(doc).map((note) => note.id)).toEqual([id]);
	});
});

describe('join codes', () => {
	it('normalise what people type and refuse ambiguous characters', () => {
		expect(normaliseJoinCode(' abcd-2345 ')).toBe('ABCD2345');
		expect(normaliseJoinCode('ABCD 2345')).toBe('ABCD2345');
		expect(normaliseJoinCode('ABCD-0OIL')).toBeNull();
		expect(normaliseJoinCode('ABC')).toBeNull();
		expect(formatJoinCode(normaliseJoinCode('abcd2345')!)).toBe('ABCD-2345');
	});
});
