import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { ActorType } from '#shared/model/actor.ts';
import {
	addFifthLeaf,
	applyBoardTemplate,
	applyKnotLeaves,
	chooseTask,
	placeKnotNote,
	createNote,
	readBoard,
	readProblemDefinition,
	type CreateNoteOptions
} from '#shared/model/board.ts';
import type { ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { DEFAULT_KNOT } from '#shared/model/knot.ts';
import { roomName } from '#shared/protocol/sync.ts';
import type { ParticipantRecord, WorkshopRecord } from '#server/storage/storage.ts';
import { openEmbeddedStorage } from '#server/storage/embedded/embedded-storage.ts';
import { WorkshopService } from '#server/workshops/workshop-service.ts';
import {
	assembleWorkshopReport,
	clearBoardPictureCache,
	readTableBoard,
	type ReportStorage
} from './assemble.ts';
import { pngSize } from './png.ts';

const WORKSHOP_ID = 'ws-assemble-1' as WorkshopId;

function note(doc: Y.Doc, text: string, x: number, y: number, now: number): void {
	const options: CreateNoteOptions = { actorType: 'ngo', text, x, y, now };
	createNote(doc, options);
}

/** Table 1: a Neliapila knot, an empty note and a loose note. */
function boardOfTable1(): Uint8Array {
	const doc = new Y.Doc();
	applyBoardTemplate(doc, 'neliapila', { now: 1 });
	note(doc, 'Oma tarina', 100, 100, 10);
	note(doc, 'Kielikoulutus', 700, 700, 11);
	note(doc, 'Polku työhön', 520, 520, 12);
	note(doc, '   ', 5200, 5200, 13);
	note(doc, 'Vapaa muistiinpano', 5000, 5000, 14);
	return Y.encodeStateAsUpdate(doc);
}

describe('assembling a workshop report', () => {
	it('reads the Neliapila knot and the other notes from a board', () => {
		const { table, seeds } = readTableBoard([boardOfTable1()], 1);
		expect(table.developmentTask).toBeNull();
		expect(seeds).toEqual([]);
		expect(table.knot?.leaves.map((leaf) => [leaf.actorType, leaf.items])).toEqual([
			['client', ['Oma tarina']],
			['employment_office', []],
			['social_services', []],
			['education', ['Kielikoulutus']]
		]);
		// The shared object is drawn over the leaves' corners, so it owns notes on its area.
		expect(table.knot?.sharedObject).toEqual(['Polku työhön']);
		expect(table.notes).toEqual(['Vapaa muistiinpano']);
	});

	it('reads the configured actors, the rules and a fifth leaf of a knot', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'neliapila', { now: 1 });
		const leaves = DEFAULT_KNOT.leaves.map((leaf, index) =>
			index === 0 ? { actorType: 'ngo' as const, name: { fi: 'Kela', sv: 'FPA', en: '' } } : leaf
		);
		applyKnotLeaves(doc, { ...DEFAULT_KNOT, leaves });
		addFifthLeaf(doc, { name: 'Seurakunta', authorKey: 'k', actorType: 'client' });
		const write = (place: Parameters<typeof placeKnotNote>[1]['place'], text: string) =>
			placeKnotNote(doc, { place, prompt: null, text, authorKey: 'k', actorType: 'client' });
		write({ kind: 'leaf', index: 0 }, 'Etuudet');
		write({ kind: 'leaf', index: 4 }, 'Vapaaehtoiset');
		write({ kind: 'rules' }, 'Kuka tahansa voi kutsua');
		const { table } = readTableBoard([Y.encodeStateAsUpdate(doc)], 1);
		expect(table.knot?.leaves[0]).toEqual({ actorType: 'ngo', label: 'Kela', items: ['Etuudet'] });
		expect(table.knot?.leaves.at(-1)).toEqual({
			actorType: null,
			label: 'Seurakunta',
			items: ['Vapaaehtoiset']
		});
		expect(table.knot?.rules).toEqual(['Kuka tahansa voi kutsua']);
	});

	it('lists unchosen candidates as development seeds once a task is chosen', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'problem-candidates', { now: 1 });
		note(doc, 'Nivelvaiheet', 100, 100, 10);
		note(doc, 'Kielitaito', 300, 300, 11);
		const before = readTableBoard([Y.encodeStateAsUpdate(doc)], 2);
		expect(before.table.developmentTask).toBeNull();
		expect(before.seeds).toEqual([]);
		expect(before.table.notes).toEqual(['Nivelvaiheet', 'Kielitaito']);
		note(doc, 'Nivelvaiheet', 1000, 100, 12);
		const after = readTableBoard([Y.encodeStateAsUpdate(doc)], 2);
		expect(after.table.developmentTask).toBe('Nivelvaiheet');
		expect(after.seeds).toEqual([{ table: 2, text: 'Kielitaito' }]);
		expect(after.table.knot).toBeNull();
	});

	it('reads a task chosen in the problem-definition view, its candidate not a seed (C16)', () => {
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'problem-candidates', { now: 1 });
		note(doc, 'Nivelvaiheet', 100, 100, 10);
		note(doc, 'Kielitaito', 300, 300, 11);
		// No dots yet: the older candidate comes first.
		const [first] = readProblemDefinition(readBoard(doc)).candidates;
		expect(chooseTask(doc, first.id)).toBeNull();
		const read = readTableBoard([Y.encodeStateAsUpdate(doc)], 3);
		expect(read.table.developmentTask).toBe('Nivelvaiheet');
		expect(read.seeds).toEqual([{ table: 3, text: 'Kielitaito' }]);
		expect(read.table.notes).toEqual([]);
	});

	it('counts actor types without names (erased participants too), leaves unproduced sections empty', async () => {
		const workshop = {
			id: WORKSHOP_ID,
			title: 'Kuopion paja',
			locality: 'Kuopio',
			date: '2026-11-23',
			duration: 'morning',
			tableCount: 2,
			createdBy: 'u1' as UserId
		} as WorkshopRecord;
		const actorTypes: ActorType[] = ['ngo', 'ngo', 'client', 'education'];
		const participants = actorTypes.map(
			(actorType, i) =>
				({
					id: `p${i}` as ParticipantId,
					workshopId: WORKSHOP_ID,
					displayName: `Nimi ${i}`,
					organisation: `Yhdistys ${i}`,
					actorType,
					table: 1,
					joinedAt: i
				}) satisfies ParticipantRecord
		);
		const documents = new Map([
			[roomName({ kind: 'table', workshopId: WORKSHOP_ID, table: 1 }), [boardOfTable1()]]
		]);
		const storage = {
			workshops: { findById: async (id: WorkshopId) => (id === WORKSHOP_ID ? workshop : null) },
			participants: { listByWorkshop: async () => participants },
			// Two erased participants: counted by actor type only.
			privacy: { erasedCounts: async () => ({ client: 1, social_services: 1 }) },
			users: { findById: async () => ({ displayName: 'Aino Äijälä' }) },
			documents: { load: async (name: string) => documents.get(name) ?? [] },
			commitments: { listByWorkshop: async () => [] },
			feedback: { listAnswers: async () => [] }
		} as unknown as ReportStorage;
		const report = await assembleWorkshopReport(storage, WORKSHOP_ID, {
			now: new Date('2026-11-24T08:00:00Z')
		});
		expect(report).toMatchObject({
			kind: 'workshop',
			title: 'Kuopion paja',
			locality: { name: 'Kuopio', code: null },
			duration: 'morning',
			facilitators: ['Aino Äijälä'],
			participantCount: 6,
			commitments: [],
			feedback: null,
			boardImages: []
		});
		expect(report!.organisationTypes).toEqual([
			{ actorType: 'employment_office', count: 0 },
			{ actorType: 'social_services', count: 1 },
			{ actorType: 'education', count: 1 },
			{ actorType: 'ngo', count: 2 },
			{ actorType: 'client', count: 2 },
			{ actorType: 'other', count: 0 }
		]);
		expect(report!.tables.map((table) => table.table)).toEqual([1, 2]);
		expect(report!.tables[1]).toEqual({ table: 2, developmentTask: null, knot: null, notes: [] });
		expect(JSON.stringify(report)).not.toMatch(/Nimi \d|Yhdistys \d/);
		expect(await assembleWorkshopReport(storage, 'nope-nope-1' as WorkshopId)).toBeNull();
	});

	it('draws each written-on board once per board state and language, reusing the picture until the board changes', async () => {
		clearBoardPictureCache();
		const storage = await openEmbeddedStorage({ file: ':memory:' });
		try {
			const userId = 'u-pictures' as UserId;
			await storage.users.create({
				id: userId,
				email: 'kuvat@example.fi',
				displayName: 'Aino',
				passwordHash: 'scrypt$x',
				createdAt: 1
			});
			const workshop = await new WorkshopService({ storage }).create(userId, {
				title: 'Kuvat',
				locality: 'Kuopio',
				date: '2026-11-23',
				duration: 'full_day',
				tableCount: 3,
				tablesSeeEachOther: false
			});
			const room = (table: number) => roomName({ kind: 'table', workshopId: workshop.id, table });
			// Table 1 and 3 have notes, table 2 only its template areas.
			const docs = [1, 2, 3].map(() => new Y.Doc());
			applyBoardTemplate(docs[0], 'neliapila', { now: 1 });
			note(docs[0], 'Oma tarina', 100, 100, 10);
			note(docs[0], 'Poistuva lappu', 300, 100, 11);
			applyBoardTemplate(docs[1], 'problem-candidates', { now: 1 });
			note(docs[2], 'Kolmas pöytä', 0, 0, 10);
			await storage.documents.append(
				docs.map((doc, i) => ({ name: room(i + 1), update: Y.encodeStateAsUpdate(doc) }))
			);

			const first = (await assembleWorkshopReport(storage, workshop.id, { language: 'fi' }))!;
			expect(first.boardImages.map((image) => image.table)).toEqual([1, 3]);
			expect(first.boardImages[0].alt).toMatch(/2/);
			expect(pngSize(first.boardImages[0].png).width).toBeGreaterThan(1000);
			const again = (await assembleWorkshopReport(storage, workshop.id, { language: 'fi' }))!;
			// Nothing changed: the very same pictures.
			expect(again.boardImages[0]).toBe(first.boardImages[0]);
			expect(again.boardImages[1]).toBe(first.boardImages[1]);
			const swedish = (await assembleWorkshopReport(storage, workshop.id, { language: 'sv' }))!;
			expect(swedish.boardImages[0]).not.toBe(first.boardImages[0]);
			expect(swedish.boardImages[0].alt).not.toBe(first.boardImages[0].alt);

			// Removing a note adds no clock to the state vector; the picture changes all the same.
			const before = Y.encodeStateVector(docs[0]);
			const updates: Uint8Array[] = [];
			docs[0].on('update', (update: Uint8Array) => updates.push(update));
			const removed = readBoard(docs[0]).items.find(
				(item) => item.type === 'note' && item.text === 'Poistuva lappu'
			)!;
			docs[0].getMap('items').delete(removed.id);
			expect(Y.encodeStateVector(docs[0])).toEqual(before);
			await storage.documents.append(updates.map((update) => ({ name: room(1), update })));
			const changed = (await assembleWorkshopReport(storage, workshop.id, { language: 'fi' }))!;
			expect(changed.boardImages[0]).not.toBe(first.boardImages[0]);
			expect(changed.boardImages[0].alt).not.toBe(first.boardImages[0].alt);
			expect(changed.boardImages[1]).toBe(first.boardImages[1]);
		} finally {
			await storage.close();
		}
	});
});
