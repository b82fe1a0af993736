import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createNote, deleteItem, moveItems, placeVote, setItemText } from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import type { ParticipantRights } from '#shared/model/workshop.ts';
import { DOC_ROOT, SYNC_DENIAL } from '#shared/protocol/sync.ts';
import { PendingPlaces, checkItemRights, type ItemRules } from './item-rights.ts';

/** A server document and participants' documents; edits pass the check before the server has them. */
function board(rights: ParticipantRights, voting = false) {
	const server = new Y.Doc();
	const pending = new PendingPlaces();
	const rulesOf = (authorKey: string): ItemRules => ({ rights, voting, authorKey });

	function client(authorKey: string) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		/** Runs `edit` on this client and offers its update to the server; returns the verdict. */
		function edit(change: (doc: Y.Doc) => void, options: { hold?: boolean } = {}) {
			const updates: Uint8Array[] = [];
			const collect = (update: Uint8Array) => updates.push(update);
			doc.on('update', collect);
			change(doc);
			doc.off('update', collect);
			const update = Y.mergeUpdates(updates);
			const verdict = checkItemRights({
				doc: server,
				update,
				decoded: Y.decodeUpdate(update),
				pending,
				rules: rulesOf(authorKey)
			});
			if (verdict.ok) {
				verdict.accept();
				if (!options.hold) {
					Y.applyUpdate(server, update);
					pending.drop([update]);
				}
			}
			return { verdict, update };
		}
		return { doc, edit, sync: () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(server)) };
	}

	/** Facilitators are not checked: their edits go straight in. */
	function facilitate(change: (doc: Y.Doc) => void) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		change(doc);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
	}
	return { server, pending, client, facilitate };
}

const note =
	(authorKey: string, text = 'hello') =>
	(doc: Y.Doc) =>
		createNote(doc, { actorType: 'employment_office', authorKey, text }) as ItemId;

function noteId(doc: Y.Doc): ItemId {
	return [...doc.getMap(DOC_ROOT.items).keys()][0] as ItemId;
}

describe('item rights (S9)', () => {
	it('S9 edit_own: adds with own key, edits and deletes own items, not others', () => {
		const b = board('edit_own');
		const alice = b.client('alice-key');
		expect(alice.edit(note('alice-key')).verdict.ok).toBe(true);
		const id = noteId(b.server);
		expect(alice.edit((doc) => setItemText(doc, id, 'changed')).verdict.ok).toBe(true);
		expect(alice.edit((doc) => moveItems(doc, [{ id, x: 10, y: 10 }])).verdict.ok).toBe(true);

		const bob = b.client('bob-key');
		const refused = bob.edit((doc) => setItemText(doc, id, 'taken over')).verdict;
		expect(refused).toMatchObject({ ok: false, reason: SYNC_DENIAL.notOwn });
		// A refused client starts again from the server's state (a new document).
		const bobAgain = b.client('bob-key');
		expect(bobAgain.edit((doc) => deleteItem(doc, id)).verdict).toMatchObject({
			ok: false,
			reason: SYNC_DENIAL.notOwn
		});
		expect(b.server.getMap(DOC_ROOT.items).has(id)).toBe(true);
		expect(alice.edit((doc) => deleteItem(doc, id)).verdict.ok).toBe(true);
		expect(b.server.getMap(DOC_ROOT.items).has(id)).toBe(false);
	});

	it('S9 a new item must carry the writer’s own author key', () => {
		const b = board('edit_all');
		const mallory = b.client('mallory-key');
		expect(mallory.edit(note('alice-key')).verdict).toMatchObject({
			ok: false,
			reason: SYNC_DENIAL.authorKey
		});
		expect(mallory.edit(note('')).verdict).toMatchObject({ reason: SYNC_DENIAL.authorKey });
	});

	it('S9 nobody takes over an item by rewriting its author key, even with edit_all', () => {
		const b = board('edit_all');
		b.facilitate(note('alice-key'));
		const id = noteId(b.server);
		const bob = b.client('bob-key');
		const verdict = bob.edit((doc) => {
			(doc.getMap(DOC_ROOT.items).get(id) as Y.Map<unknown>).set('authorKey', 'bob-key');
		}).verdict;
		expect(verdict).toMatchObject({ ok: false, reason: SYNC_DENIAL.authorKey });
		expect(bob.edit((doc) => setItemText(doc, id, 'we all edit')).verdict.ok).toBe(true);
	});

	it('S9 add_only: adds and edits own items, deletes nothing', () => {
		const b = board('add_only');
		const alice = b.client('alice-key');
		expect(alice.edit(note('alice-key')).verdict.ok).toBe(true);
		const id = noteId(b.server);
		expect(alice.edit((doc) => setItemText(doc, id, 'typed on')).verdict.ok).toBe(true);
		expect(alice.edit((doc) => deleteItem(doc, id)).verdict).toMatchObject({
			ok: false,
			reason: SYNC_DENIAL.noDelete
		});
	});

	it('S9 view_only: no adds, no edits; votes only while the phase votes, in one’s own name', () => {
		const b = board('view_only', true);
		b.facilitate(note('facilitator'));
		const id = noteId(b.server);
		const alice = b.client('alice-key');
		expect(alice.edit(note('alice-key')).verdict).toMatchObject({ reason: SYNC_DENIAL.viewOnly });
		expect(alice.edit((doc) => setItemText(doc, id, 'x')).verdict).toMatchObject({
			reason: SYNC_DENIAL.viewOnly
		});
		const vote = alice.edit((doc) =>
			placeVote(doc, { itemId: id, voterKey: 'alice-key', limit: 3 })
		);
		expect(vote.verdict.ok).toBe(true);
		const forged = b
			.client('alice-key')
			.edit((doc) => placeVote(doc, { itemId: id, voterKey: 'bob-key', limit: 3 }));
		expect(forged.verdict).toMatchObject({ ok: false, reason: SYNC_DENIAL.vote });

		const noVoting = board('edit_all', false);
		noVoting.facilitate(note('facilitator'));
		const carol = noVoting.client('carol-key');
		const closed = carol.edit((doc) =>
			placeVote(doc, { itemId: noteId(noVoting.server), voterKey: 'carol-key', limit: 3 })
		);
		expect(closed.verdict).toMatchObject({ ok: false, reason: SYNC_DENIAL.vote });
	});

	it('S9 bookkeeping outside the items is the facilitators’ only', () => {
		const b = board('edit_all');
		const alice = b.client('alice-key');
		expect(
			alice.edit((doc) => doc.getMap(DOC_ROOT.meta).set('template:x', true)).verdict
		).toMatchObject({ ok: false, reason: SYNC_DENIAL.outsideItems });
		expect(alice.edit((doc) => doc.getMap('elsewhere').set('a', 1)).verdict).toMatchObject({
			reason: SYNC_DENIAL.outsideItems
		});
	});

	it('S13 an item of a type no reader knows is refused, as is retyping one', () => {
		const b = board('edit_all');
		const alice = b.client('alice-key');
		const added = alice.edit((doc) => {
			const id = note('alice-key')(doc);
			doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).get(id)!.set('type', 'iframe');
		});
		expect(added.verdict).toMatchObject({ ok: false, reason: SYNC_DENIAL.content });

		const fresh = b.client('alice-key');
		expect(fresh.edit(note('alice-key')).verdict.ok).toBe(true);
		const retyped = fresh.edit((doc) => {
			doc.getMap<Y.Map<unknown>>(DOC_ROOT.items).get(noteId(doc))!.set('type', 'widget');
		});
		expect(retyped.verdict).toMatchObject({ ok: false, reason: SYNC_DENIAL.content });
	});

	it('S9 an edit that builds on an update still waiting for storage is placed through it', () => {
		const b = board('edit_own');
		const alice = b.client('alice-key');
		const add = alice.edit(note('alice-key'), { hold: true });
		expect(add.verdict.ok).toBe(true);
		const id = noteId(alice.doc);
		expect(alice.edit((doc) => setItemText(doc, id, 'typing'), { hold: true }).verdict.ok).toBe(
			true
		);
		// Bob has seen the note through the relay only after storage; a forged change still fails.
		const bob = b.client('bob-key');
		Y.applyUpdate(bob.doc, add.update);
		expect(bob.edit((doc) => setItemText(doc, id, 'mine now')).verdict).toMatchObject({
			ok: false,
			reason: SYNC_DENIAL.notOwn
		});
	});

	it('S9 a client resending what the server has (its sync step 2) is not refused', () => {
		const b = board('edit_own');
		b.facilitate(note('facilitator'));
		const id = noteId(b.server);
		b.facilitate((doc) => deleteItem(doc, id));
		const alice = b.client('alice-key');
		alice.sync();
		// The full state includes the facilitator's delete: already deleted, so not Alice's doing.
		const full = Y.encodeStateAsUpdate(alice.doc);
		const verdict = checkItemRights({
			doc: b.server,
			update: full,
			decoded: Y.decodeUpdate(full),
			pending: b.pending,
			rules: { rights: 'view_only', voting: false, authorKey: 'alice-key' }
		});
		expect(verdict.ok).toBe(true);
	});
});
