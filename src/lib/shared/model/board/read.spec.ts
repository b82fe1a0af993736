import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createItem, createNote } from './ops.ts';
import { readBoard, readNotes } from './read.ts';
import { MAX_LABEL_CHARS, itemsOf } from './schema.ts';

function rawItem(entries: Record<string, unknown>): Y.Map<unknown> {
	return new Y.Map<unknown>(Object.entries(entries));
}

describe('validation', () => {
	it('skips invalid items of every kind instead of throwing', () => {
		const doc = new Y.Doc();
		const good = createNote(doc, { actorType: 'client', text: 'ok' });
		const valid = {
			type: 'note',
			x: 0,
			y: 0,
			width: 200,
			height: 160,
			colour: 'yellow',
			actorType: 'ngo',
			createdAt: 1
		};
		const items = itemsOf(doc);
		doc.transact(() => {
			items.set('no-text', rawItem(valid));
			items.set('nan', rawItem({ ...valid, x: Number.NaN, text: new Y.Text('x') }));
			items.set('huge', rawItem({ ...valid, width: 1e7, text: new Y.Text('x') }));
			items.set('shape', rawItem({ ...valid, type: 'ellipse', text: new Y.Text('x') }));
			items.set('colour', rawItem({ ...valid, colour: 'red', text: new Y.Text('x') }));
			items.set('name', rawItem({ ...valid, actorType: 'Aino', text: new Y.Text('x') }));
			items.set(
				'label',
				rawItem({ ...valid, type: 'frame', text: new Y.Text('x'.repeat(MAX_LABEL_CHARS + 1)) })
			);
			items.set('card', rawItem({ ...valid, type: 'card', cardId: '../x' }));
			items.set('dangling', rawItem({ ...valid, type: 'arrow', from: good, to: 'gone' }));
			items.set('self', rawItem({ ...valid, type: 'arrow', from: good, to: good }));
			items.set('plain', 'not a map' as unknown as Y.Map<unknown>);
		});
		const votes = new Y.Map<unknown>();
		const withVotes = rawItem({ ...valid, text: new Y.Text('votes') });
		items.set('odd-votes', withVotes);
		withVotes.set('votes', votes);
		votes.set('v1', 2);
		votes.set('v2', 'many');
		votes.set('v3', -4);
		expect(() => readBoard(doc)).not.toThrow();
		expect(readBoard(doc).items.map((item) => [item.id, item.votes])).toEqual([
			['odd-votes', 2],
			[good, 0]
		]);
		expect(readNotes(doc).map((note) => note.id)).toEqual(['odd-votes', good]);
	});

	it('keeps notes written before sizes and author keys existed', () => {
		const doc = new Y.Doc();
		itemsOf(doc).set(
			'old',
			rawItem({
				type: 'note',
				text: new Y.Text('vanha'),
				x: 5,
				y: 6,
				colour: 'green',
				actorType: 'education',
				createdAt: 1,
				updatedAt: 1
			})
		);
		expect(readNotes(doc)).toMatchObject([
			{ id: 'old', text: 'vanha', width: 200, height: 160, authorKey: '', votes: 0 }
		]);
		createItem(doc, { type: 'frame', actorType: 'other' });
		expect(readBoard(doc).items).toHaveLength(2);
	});
});
