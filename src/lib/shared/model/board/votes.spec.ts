import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createNote } from './ops.ts';
import { readItem } from './read.ts';
import { clearVotes, placeVote, removeVote, votesLeft, votesUsed } from './votes.ts';

function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('dot voting', () => {
	it('stops at the phase limit across the whole board and gives dots back on removal', () => {
		const doc = new Y.Doc();
		const a = createNote(doc, { actorType: 'ngo' });
		const b = createNote(doc, { actorType: 'ngo' });
		const voter = 'voter-1';
		expect(placeVote(doc, { itemId: a, voterKey: voter, limit: 3 })).toBe(true);
		expect(placeVote(doc, { itemId: a, voterKey: voter, limit: 3 })).toBe(true);
		expect(placeVote(doc, { itemId: b, voterKey: voter, limit: 3 })).toBe(true);
		expect(placeVote(doc, { itemId: b, voterKey: voter, limit: 3 })).toBe(false);
		expect(votesUsed(doc, voter)).toBe(3);
		expect(votesLeft(doc, voter, 3)).toBe(0);
		expect(readItem(doc, a)).toMatchObject({ votes: 2, voters: { [voter]: 2 } });
		expect(removeVote(doc, { itemId: a, voterKey: voter })).toBe(true);
		expect(votesLeft(doc, voter, 3)).toBe(1);
		expect(removeVote(doc, { itemId: b, voterKey: 'someone-else' })).toBe(false);
		// A new phase may give fewer dots: used dots then leave none, never a negative count.
		expect(votesLeft(doc, voter, 1)).toBe(0);
		expect(placeVote(doc, { itemId: a, voterKey: voter, limit: null })).toBe(false);
		clearVotes(doc);
		expect(votesUsed(doc, voter)).toBe(0);
	});

	it('counts two people voting on one note at once', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = createNote(a, { actorType: 'ngo' });
		sync(a, b);
		placeVote(a, { itemId: id, voterKey: 'va', limit: 5 });
		placeVote(b, { itemId: id, voterKey: 'vb', limit: 5 });
		placeVote(b, { itemId: id, voterKey: 'vb', limit: 5 });
		sync(a, b);
		expect(readItem(a, id)?.votes).toBe(3);
		expect(readItem(b, id)).toEqual(readItem(a, id));
	});
});
