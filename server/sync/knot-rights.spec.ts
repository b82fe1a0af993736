import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { ActorType } from '#shared/model/actor.ts';
import {
	FIFTH_LEAF_ID,
	addFifthLeaf,
	applyBoardTemplate,
	applyKnotLeaves,
	moveItems,
	placeKnotNote,
	readItem,
	setItemText
} from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import { DEFAULT_KNOT } from '#shared/model/knot.ts';
import { SYNC_DENIAL } from '#shared/protocol/sync.ts';
import { PendingPlaces, checkItemRights, type ItemRules } from './item-rights.ts';

/** A server board laid out as a Neliapila knot, and participants whose updates it checks. */
function knotBoard(options: { leafRights: boolean; fifthLeaf?: boolean }) {
	const server = new Y.Doc();
	applyBoardTemplate(server, 'neliapila');
	applyKnotLeaves(server, DEFAULT_KNOT);
	const pending = new PendingPlaces();
	const rulesOf = (authorKey: string, actorType: ActorType): ItemRules => ({
		rights: 'edit_own',
		voting: false,
		authorKey,
		knot: {
			actorType,
			leafRights: options.leafRights,
			fifthLeaf: options.fifthLeaf ?? false,
			leafActors: [...DEFAULT_KNOT.leaves.map((leaf) => leaf.actorType), null]
		}
	});

	function client(authorKey: string, actorType: ActorType) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
		function edit<T>(change: (doc: Y.Doc) => T, hold = false) {
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
			const updates: Uint8Array[] = [];
			const collect = (update: Uint8Array) => updates.push(update);
			doc.on('update', collect);
			const result = change(doc);
			doc.off('update', collect);
			const update = Y.mergeUpdates(updates);
			const verdict = checkItemRights({
				doc: server,
				update,
				decoded: Y.decodeUpdate(update),
				pending,
				rules: rulesOf(authorKey, actorType)
			});
			if (verdict.ok) {
				verdict.accept();
				if (!hold) {
					Y.applyUpdate(server, update);
					pending.drop([update]);
				}
			}
			return { verdict, result, update };
		}
		const write =
			(index: number, text = 'x') =>
			(doc: Y.Doc) =>
				placeKnotNote(doc, {
					place: { kind: 'leaf', index },
					prompt: 'brings',
					text,
					authorKey,
					actorType
				});
		return { doc, edit, write, authorKey, actorType };
	}
	return { server, pending, client };
}

const reason = (verdict: ReturnType<typeof checkItemRights>) =>
	verdict.ok ? null : verdict.reason;

describe('Neliapila leaf rights in the sync check (SPEC S9)', () => {
	it('refuses a note into another actor leaf while leaf rights are on, accepts the own leaf', () => {
		const { client, server } = knotBoard({ leafRights: true });
		// Leaf 0 is the client's, leaf 3 the educational institution's (the defaults).
		const teacher = client('teacher', 'education');
		expect(reason(teacher.edit(teacher.write(3)).verdict)).toBeNull();
		expect(reason(teacher.edit(teacher.write(0)).verdict)).toBe(SYNC_DENIAL.otherLeaf);
		// The shared object and the rules are everyone's (a fresh client: a refused one resyncs).
		const again = client('teacher', 'education');
		const shared = again.edit((doc) =>
			placeKnotNote(doc, {
				place: { kind: 'shared' },
				prompt: null,
				text: 'Polku',
				authorKey: 'teacher',
				actorType: 'education'
			})
		);
		expect(reason(shared.verdict)).toBeNull();
		expect(readItem(server, shared.result!)).not.toBeNull();
	});

	it('lets anybody write anywhere while leaf rights are off', () => {
		const { client } = knotBoard({ leafRights: false });
		const teacher = client('teacher', 'education');
		expect(reason(teacher.edit(teacher.write(0)).verdict)).toBeNull();
	});

	it('refuses moving an own note from the own leaf into another actor leaf, and back out', () => {
		const { client, server } = knotBoard({ leafRights: true });
		const teacher = client('teacher', 'education');
		const id = teacher.edit(teacher.write(3)).result as ItemId;
		const client0 = readItem(server, 'tpl-neliapila-client')!;
		const into = teacher.edit((doc) =>
			moveItems(doc, [{ id, x: client0.x + 40, y: client0.y + 80 }])
		);
		expect(reason(into.verdict)).toBe(SYNC_DENIAL.otherLeaf);

		// A client's own note, moved by its writer out of the client leaf into education's, is refused too.
		const asiakas = client('asiakas', 'client');
		const theirs = asiakas.edit(asiakas.write(0)).result as ItemId;
		const education = readItem(server, 'tpl-neliapila-education')!;
		const out = asiakas.edit((doc) =>
			moveItems(doc, [{ id: theirs, x: education.x + 300, y: education.y + 300 }])
		);
		expect(reason(out.verdict)).toBe(SYNC_DENIAL.otherLeaf);
	});

	it('checks a note still pending storage by the place its adding update gave it', () => {
		const { client } = knotBoard({ leafRights: true });
		const teacher = client('teacher', 'education');
		// The adding update is accepted but not yet in the server's document (waiting for storage).
		const added = teacher.edit(teacher.write(3, 'a'), true);
		expect(reason(added.verdict)).toBeNull();
		const id = added.result as ItemId;
		const typed = teacher.edit((doc) => setItemText(doc, id, 'ab'), true);
		expect(reason(typed.verdict)).toBeNull();
	});

	it('refuses a fifth leaf unless the facilitator allows one', () => {
		const refused = knotBoard({ leafRights: false, fifthLeaf: false });
		const teacher = refused.client('teacher', 'education');
		const add = (doc: Y.Doc) =>
			addFifthLeaf(doc, { name: 'Kela', authorKey: 'teacher', actorType: 'education' });
		expect(reason(teacher.edit(add).verdict)).toBe(SYNC_DENIAL.fifthLeaf);

		const allowed = knotBoard({ leafRights: true, fifthLeaf: true });
		const other = allowed.client('teacher', 'education');
		expect(reason(other.edit(add).verdict)).toBeNull();
		expect(readItem(allowed.server, FIFTH_LEAF_ID)?.type).toBe('frame');
		// The fifth leaf is open to everybody at the table, leaf rights or not.
		const asiakas = allowed.client('asiakas', 'client');
		expect(reason(asiakas.edit(asiakas.write(4)).verdict)).toBeNull();
	});
});
