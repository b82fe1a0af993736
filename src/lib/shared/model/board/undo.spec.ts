import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TX_ORIGIN } from '../../protocol/sync.ts';
import { createNote, moveItems, setItemText } from './ops.ts';
import { readBoard, readItem } from './read.ts';
import { createBoardUndoManager } from './undo.ts';
import { placeVote } from './votes.ts';

/** Delivers updates the way a provider does: with a non-local origin. */
function connect(a: Y.Doc, b: Y.Doc): void {
	a.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== b) Y.applyUpdate(b, update, a);
	});
	b.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== a) Y.applyUpdate(a, update, b);
	});
}

describe('undo scope', () => {
	it('undoes only this browser’s own changes, never another person’s', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		connect(a, b);
		const undoA = createBoardUndoManager(a, { captureTimeout: 0 });
		const undoB = createBoardUndoManager(b, { captureTimeout: 0 });
		const note = createNote(a, { actorType: 'ngo', text: 'Aino' });
		const other = createNote(b, { actorType: 'education', text: 'Bertil' });
		moveItems(a, [{ id: other, x: 50, y: 50 }]);
		setItemText(b, note, 'Aino ja Bertil');
		moveItems(b, [{ id: note, x: 10, y: 10 }]);

		undoA.undo();
		expect(readItem(a, other)).toMatchObject({ x: 0, y: 0 });
		expect(readItem(a, note)).toMatchObject({ x: 10, y: 10, text: 'Aino ja Bertil' });
		undoA.undo();
		// A's note is gone: undoing a creation removes the item, edits of others go with it.
		expect(readItem(a, note)).toBeNull();
		expect(undoA.canUndo()).toBe(false);
		expect(readItem(b, other)).toMatchObject({ text: 'Bertil' });
		undoA.redo();
		expect(readItem(b, note)).not.toBeNull();

		undoB.undo();
		expect(readBoard(a)).toEqual(readBoard(b));
	});

	it('ignores template seeding and votes', () => {
		const doc = new Y.Doc();
		const undo = createBoardUndoManager(doc);
		const id = createNote(doc, { actorType: 'ngo', origin: TX_ORIGIN.template });
		expect(undo.canUndo()).toBe(false);
		placeVote(doc, { itemId: id, voterKey: 'me', limit: 3 });
		expect(undo.canUndo()).toBe(false);
	});
});
