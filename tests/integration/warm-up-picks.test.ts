import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import type * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { placeCardPick, readBoard, type CardView } from '#shared/model/board.ts';
import type { ParticipantRights } from '#shared/model/workshop.ts';
import { roomName } from '#shared/protocol/sync.ts';
import {
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

/** y-websocket's message type for auth messages; 0 inside it is "permission denied". */
const MESSAGE_AUTH = 2;

const cards = (doc: Y.Doc) =>
	readBoard(doc)
		.items.filter((item): item is CardView => item.type === 'card')
		.map((card) => ({ cardId: card.cardId, text: card.text, authorKey: card.authorKey }))
		.sort((a, b) => a.text.localeCompare(b.text));

describe('warm-up card picks on the real server (S9)', () => {
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

	function client(credential: { token?: string; cookie?: string }) {
		const room = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });
		const created = stockClient({ serverUrl: server.url, room, ...credential });
		const denials: string[] = [];
		created.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
			if (decoding.readVarUint(decoder) === 0) denials.push(decoding.readVarString(decoder));
		};
		cleanups.push(() => created.provider.destroy());
		return { ...created, denials };
	}

	async function participant() {
		const joined = await joinParticipant(server.services, workshop, 'ngo');
		return { ...client({ token: joined.token }), key: joined.authorKey };
	}

	async function setRights(rights: ParticipantRights): Promise<void> {
		const state = (await server.services.workshops.state(workshop.id))!;
		const phases = state.phases.map((phase) => ({
			...phase,
			settings: { ...phase.settings, participantRights: rights }
		}));
		await server.services.workshops.savePlan(workshop.id, { startTime: state.startTime, phases });
	}

	it.each<ParticipantRights>(['edit_own', 'add_only'])(
		'[S9] under %s each participant places a pick and changes it; nothing is refused',
		async (rights) => {
			await setRights(rights);
			const alice = await participant();
			const bob = await participant();
			const facilitator = client({ cookie: facilitatorCookie });
			await waitFor(
				() => alice.provider.synced && bob.provider.synced && facilitator.provider.synced,
				'synced'
			);

			const pick = (who: typeof alice, cardId: string, text: string) =>
				placeCardPick(who.doc, { cardId, text, authorKey: who.key, actorType: 'ngo' });
			pick(alice, 'maze', 'a: first thought');
			pick(bob, 'relay', 'b: hand over');
			await waitFor(() => cards(facilitator.doc).length === 2, 'facilitator sees two picks');
			pick(alice, 'bridge', 'a: meeting halfway');
			await waitFor(
				() => cards(facilitator.doc).some((card) => card.cardId === 'bridge'),
				'the changed pick arrives'
			);

			const expected = [
				{ cardId: 'bridge', text: 'a: meeting halfway', authorKey: alice.key },
				{ cardId: 'relay', text: 'b: hand over', authorKey: bob.key }
			];
			expect(cards(facilitator.doc)).toEqual(expected);
			await waitFor(() => cards(bob.doc).some((card) => card.cardId === 'bridge'), 'bob');
			expect(cards(bob.doc)).toEqual(expected);
			expect([...alice.denials, ...bob.denials]).toEqual([]);
		}
	);
});
