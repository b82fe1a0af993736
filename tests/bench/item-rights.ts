import * as Y from 'yjs';
import { createNote, moveItems, placeVote, setItemText } from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import { DOC_ROOT } from '#shared/protocol/sync.ts';
import { PendingPlaces, checkItemRights } from '#server/sync/item-rights.ts';

/**
 * `node tests/bench/item-rights.ts`: what the per-phase rights check (server/sync/SPEC.md S9)
 * costs per update, next to applying the same update to the room's document (the baseline every
 * update pays anyway). A board of NOTES notes by 20 authors; one participant types, adds, moves
 * and votes. Each update is checked against the document as it is just before it is applied.
 */
const NOTES = 1_000;
const SAMPLES = 2_000;
const ME = 'participant-key-00000';

function seededBoard(): Y.Doc {
	const doc = new Y.Doc();
	for (let i = 0; i < NOTES; i++) {
		createNote(doc, {
			actorType: 'social_services',
			authorKey: i % 20 === 0 ? ME : `author-${i % 20}`,
			text: `note ${i} with a few words of text`,
			x: (i % 40) * 220,
			y: Math.floor(i / 40) * 180
		});
	}
	return doc;
}

type Edit = (doc: Y.Doc, i: number, mine: ItemId[]) => void;

const EDITS: Record<string, Edit> = {
	'type one character in an own note': (doc, i, mine) =>
		doc.transact(() => {
			const text = (doc.getMap(DOC_ROOT.items).get(mine[0]) as Y.Map<unknown>).get('text');
			(text as Y.Text).insert((text as Y.Text).length, String.fromCharCode(97 + (i % 26)));
		}),
	'add a note': (doc) => {
		createNote(doc, { actorType: 'social_services', authorKey: ME, text: 'new idea' });
	},
	'move an own note': (doc, i, mine) =>
		moveItems(doc, [{ id: mine[i % mine.length], x: i % 500, y: i % 300 }]),
	'replace an own note’s text': (doc, i, mine) =>
		setItemText(doc, mine[i % mine.length], `rewritten ${i}`),
	'vote on a note': (doc, i) => {
		const ids = [...doc.getMap(DOC_ROOT.items).keys()] as ItemId[];
		placeVote(doc, { itemId: ids[(i * 7) % ids.length], voterKey: ME, limit: SAMPLES });
	}
};

function measure(name: string, edit: Edit): void {
	const server = seededBoard();
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const items = server.getMap<Y.Map<unknown>>(DOC_ROOT.items);
	const mine = [...items.entries()].filter(([, m]) => m.get('authorKey') === ME).map(([id]) => id);
	const updates: Uint8Array[] = [];
	client.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < SAMPLES; i++) edit(client, i, mine as ItemId[]);

	const pending = new PendingPlaces();
	const rules = { rights: 'edit_own' as const, voting: true, authorKey: ME };
	const decode: number[] = [];
	const check: number[] = [];
	const apply: number[] = [];
	let refused = 0;
	for (const update of updates) {
		const t0 = process.hrtime.bigint();
		const decoded = Y.decodeUpdate(update);
		const t1 = process.hrtime.bigint();
		const verdict = checkItemRights({ doc: server, update, decoded, pending, rules });
		const t2 = process.hrtime.bigint();
		Y.applyUpdate(server, update);
		const t3 = process.hrtime.bigint();
		if (!verdict.ok) refused++;
		decode.push(Number(t1 - t0) / 1000);
		check.push(Number(t2 - t1) / 1000);
		apply.push(Number(t3 - t2) / 1000);
	}
	const cell = (samples: number[]) =>
		`${quantile(samples, 0.5).toFixed(1).padStart(6)} / ${quantile(samples, 0.99).toFixed(1).padStart(6)}`;
	console.log(
		`| ${name} | ${updates.length} | ${cell(check)} | ${cell(decode)} | ${cell(apply)} | ${refused} |`
	);
}

function quantile(samples: number[], q: number): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

console.log(`Rights check vs applying the update, µs per update (median / p99), ${NOTES} notes`);
console.log('| edit | updates | check | decode (done anyway) | apply (baseline) | refused |');
console.log('| --- | --: | --: | --: | --: | --: |');
// One untimed round, so the JIT has compiled both paths before the timed ones.
for (const [name, edit] of Object.entries(EDITS))
	if (name.startsWith('type')) measure('(warm-up)', edit);
for (const [name, edit] of Object.entries(EDITS)) measure(name, edit);
