import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import {
	FIFTH_LEAF_ID,
	addFifthLeaf,
	knotBalance,
	knotFramesOf,
	placeKnotNote,
	readBoard,
	readNotes
} from '#shared/model/board.ts';
import type { ActorType } from '#shared/model/actor.ts';
import { DEFAULT_KNOT, type KnotSettings } from '#shared/model/knot.ts';
import { SYNC_DENIAL, roomName } from '#shared/protocol/sync.ts';
import {
	addNote,
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

describe('the Neliapila knot on the real server (S9 leaf rights, fifth leaf)', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const cleanups: (() => void)[] = [];

	beforeEach(async () => {
		store = newStore('embedded');
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 1 }));
	});

	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	const room = () => roomName({ kind: 'table', workshopId: workshop.id, table: 1 });

	function client(credential: { token?: string; cookie?: string }) {
		const created = stockClient({ serverUrl: server.url, room: room(), ...credential });
		cleanups.push(() => created.provider.destroy());
		return created;
	}

	async function participant(actorType: ActorType) {
		const joined = await joinParticipant(server.services, workshop, actorType);
		return { ...client({ token: joined.token }), key: joined.authorKey, actorType };
	}

	/** Saves the knot settings into the solution-development phase and starts that phase. */
	async function startKnot(knot: KnotSettings): Promise<void> {
		const state = (await server.services.workshops.state(workshop.id))!;
		const phases = state.phases.map((phase) =>
			phase.kind === 'solution_development'
				? {
						...phase,
						settings: { ...phase.settings, participantRights: 'edit_own' as const, knot }
					}
				: phase
		);
		await server.services.workshops.savePlan(workshop.id, { startTime: state.startTime, phases });
		const control = controlClient({ serverUrl: server.url, cookie: facilitatorCookie });
		cleanups.push(() => control.disconnect());
		const subscribed = await control.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		if (!subscribed.ok) throw new Error(subscribed.error);
		const index = subscribed.data.phases.findIndex((p) => p.kind === 'solution_development');
		const went = await control.emitWithAck('phase:go', { workshopId: workshop.id, index });
		expect(went.ok).toBe(true);
	}

	const texts = (doc: Y.Doc) =>
		readNotes(doc)
			.map((note) => note.text)
			.sort();
	const settle = async () => {
		await new Promise((resolve) => setTimeout(resolve, 150));
		await server.realtime.sync.flush();
	};

	it('[S9] leaf rights: a note into another actor leaf is refused, the own leaf and the centre are open', async () => {
		await startKnot({
			...DEFAULT_KNOT,
			leaves: DEFAULT_KNOT.leaves.map((leaf, index) =>
				index === 3 ? { ...leaf, name: { fi: 'Aikuisopisto', sv: 'Vuxeninstitut', en: '' } } : leaf
			),
			leafRights: true
		});
		const teacher = await participant('education');
		const asiakas = await participant('client');
		const facilitator = client({ cookie: facilitatorCookie });
		await waitFor(
			() =>
				teacher.provider.synced &&
				asiakas.provider.synced &&
				facilitator.provider.synced &&
				knotFramesOf(teacher.doc).leaves[3]?.labels?.fi === 'Aikuisopisto',
			'synced with the knot laid out and named'
		);
		expect(
			knotFramesOf(teacher.doc)
				.leaves.slice(0, 4)
				.map((leaf) => leaf?.leafActor)
		).toEqual(['client', 'employment_office', 'social_services', 'education']);

		// The clover was laid out on an empty board: a plain note at 0,0 lands in the client's leaf.
		addNote(teacher.doc, teacher.key, 'Opettajan lappu asiakkaan lehdessä');
		await waitFor(() => teacher.denials.includes(SYNC_DENIAL.otherLeaf), 'teacher told why');
		addNote(asiakas.doc, asiakas.key, 'Asiakkaan oma');
		await waitFor(() => texts(facilitator.doc).includes('Asiakkaan oma'), 'client note arrives');

		// The teacher, synced afresh as the app does, writes in the own leaf and in the centre.
		const teacherAgain = client({ token: teacher.provider.params.token });
		await waitFor(() => teacherAgain.provider.synced, 'teacher again synced');
		const write = (place: Parameters<typeof placeKnotNote>[1]['place'], text: string) =>
			placeKnotNote(teacherAgain.doc, {
				place,
				prompt: place.kind === 'leaf' ? 'brings' : null,
				text,
				authorKey: teacher.key,
				actorType: 'education'
			});
		write({ kind: 'leaf', index: 3 }, 'Koulutuspolut');
		write({ kind: 'shared' }, 'Polku työhön');
		await waitFor(() => texts(facilitator.doc).includes('Polku työhön'), 'teacher notes arrive');
		await settle();
		expect(teacherAgain.denials).toEqual([]);
		expect(texts(facilitator.doc)).toEqual(['Asiakkaan oma', 'Koulutuspolut', 'Polku työhön']);

		const balance = knotBalance(readBoard(facilitator.doc));
		expect(balance.emptyLeaves).toEqual([1, 2]);
		expect(balance.leaves[3].byPrompt.brings.map((note) => note.text)).toEqual(['Koulutuspolut']);
		expect(balance.shared.map((note) => note.text)).toEqual(['Polku työhön']);
	});

	it('[S9] a fifth leaf is refused unless the facilitator allows it', async () => {
		await startKnot({ ...DEFAULT_KNOT, fifthLeaf: false });
		const teacher = await participant('education');
		await waitFor(
			() => teacher.provider.synced && knotFramesOf(teacher.doc).leaves[0] !== null,
			'knot laid out'
		);
		addFifthLeaf(teacher.doc, { name: 'Kela', authorKey: teacher.key, actorType: 'education' });
		await waitFor(() => teacher.denials.includes(SYNC_DENIAL.fifthLeaf), 'told no fifth leaf');
		await settle();
		const fresh = client({ cookie: facilitatorCookie });
		await waitFor(() => fresh.provider.synced, 'fresh synced');
		expect(readBoard(fresh.doc).byId.has(FIFTH_LEAF_ID)).toBe(false);

		// Allowed in the plan: the table adds it and anyone writes in it, leaf rights or not.
		const state = (await server.services.workshops.state(workshop.id))!;
		await server.services.workshops.savePlan(workshop.id, {
			startTime: state.startTime,
			phases: state.phases.map((phase) =>
				phase.kind === 'solution_development'
					? {
							...phase,
							settings: {
								...phase.settings,
								knot: { ...DEFAULT_KNOT, fifthLeaf: true, leafRights: true }
							}
						}
					: phase
			)
		});
		const again = await participant('client');
		await waitFor(() => again.provider.synced, 'synced');
		addFifthLeaf(again.doc, { name: 'Kela', authorKey: again.key, actorType: 'client' });
		placeKnotNote(again.doc, {
			place: { kind: 'leaf', index: 4 },
			prompt: 'needs',
			text: 'Tieto etuuksista',
			authorKey: again.key,
			actorType: 'client'
		});
		await waitFor(() => texts(fresh.doc).includes('Tieto etuuksista'), 'fifth leaf note arrives');
		expect(again.denials).toEqual([]);
		expect(readBoard(fresh.doc).byId.get(FIFTH_LEAF_ID)).toMatchObject({ text: 'Kela' });
	});
});
