import { Resvg } from '@resvg/resvg-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { parseDeckCardId } from '#shared/model/board/cards.ts';
import {
	MAX_CARD_FILE_BYTES,
	MAX_DECK_CARDS,
	MAX_DECKS_PER_OWNER
} from '#shared/model/card-deck.ts';
import { normaliseLiveState } from '#shared/model/workshop-ops.ts';
import {
	STORE_KINDS,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	type StoreKind,
	type TestStore
} from './harness.ts';

const text = (value: string) => new TextEncoder().encode(value);
const PNG = new Uint8Array(
	new Resvg(
		'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="40"><rect width="30" height="40" fill="#2a6"/></svg>'
	)
		.render()
		.asPng()
);
const SVG = text(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 40"><circle cx="15" cy="20" r="10"/></svg>'
);
const SCRIPTED_SVG = text(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 40"><script>fetch("/x")</script></svg>'
);

describe.each(STORE_KINDS)('own metaphor card decks (issue 4), %s store', (kind: StoreKind) => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let ownerCookie: string;

	beforeEach(async () => {
		store = newStore(kind);
		server = await startServer(store);
		({ workshop, facilitatorCookie: ownerCookie } = await seedWorkshop(server.services));
	});

	afterEach(async () => {
		await server.close();
		await store.drop();
	});

	const get = (path: string, headers: Record<string, string> = {}) =>
		fetch(`${server.url}${path}`, { headers });

	async function uploadDeck(): Promise<{ deckId: string; cardKeys: string[] }> {
		const outcome = await server.services.decks.upload({
			ownerId: workshop.createdBy,
			name: 'Oma pakka',
			files: [
				{ name: 'silta.png', bytes: PNG },
				{ name: 'ympyrä.svg', bytes: SVG }
			]
		});
		if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
		const deck = await server.services.storage.decks.findById(outcome.deckId);
		return { deckId: outcome.deckId, cardKeys: deck!.cards.map((card) => card.cardKey) };
	}

	async function useDeckInPlan(deckId: string): Promise<void> {
		const state = normaliseLiveState(workshop.state);
		const phases = state.phases.map((phase) =>
			phase.kind === 'warm_up'
				? { ...phase, settings: { ...phase.settings, cards: { deckId, builtIn: false } } }
				: phase
		);
		await server.services.workshops.savePlan(workshop.id, { startTime: state.startTime, phases });
	}

	it('refuses a wrong type, an oversized file and a scripted SVG, naming each file, storing nothing', async () => {
		const big = new Uint8Array(MAX_CARD_FILE_BYTES + 1);
		big.set([0xff, 0xd8, 0xff]);
		const outcome = await server.services.decks.upload({
			ownerId: workshop.createdBy,
			name: 'Pakka',
			files: [
				{ name: 'good.png', bytes: PNG },
				{ name: 'animation.png', bytes: text('GIF89a\x01\x00\x01\x00') },
				{ name: 'huge.jpg', bytes: big },
				{ name: 'evil.svg', bytes: SCRIPTED_SVG }
			]
		});
		expect(outcome).toEqual({
			ok: false,
			problems: [
				{ file: 'animation.png', problem: 'type' },
				{ file: 'huge.jpg', problem: 'too_large' },
				{ file: 'evil.svg', problem: 'svg_unsafe' }
			]
		});
		expect(await server.services.storage.decks.listByOwner(workshop.createdBy)).toEqual([]);

		const unnamed = await server.services.decks.upload({
			ownerId: workshop.createdBy,
			name: '  ',
			files: []
		});
		expect(unnamed).toEqual({
			ok: false,
			problems: [
				{ file: null, problem: 'name' },
				{ file: null, problem: 'no_files' }
			]
		});
		const tooMany = await server.services.decks.upload({
			ownerId: workshop.createdBy,
			name: 'Iso',
			files: Array.from({ length: MAX_DECK_CARDS + 1 }, (_, i) => ({
				name: `${i}.png`,
				bytes: PNG
			}))
		});
		expect(tooMany).toEqual({ ok: false, problems: [{ file: null, problem: 'too_many' }] });

		// One facilitator keeps at most MAX_DECKS_PER_OWNER decks.
		for (let i = 0; i < MAX_DECKS_PER_OWNER; i++) {
			const made = await server.services.decks.upload({
				ownerId: workshop.createdBy,
				name: `Pakka ${i}`,
				files: [{ name: 'a.png', bytes: PNG }]
			});
			expect(made.ok).toBe(true);
		}
		expect(
			await server.services.decks.upload({
				ownerId: workshop.createdBy,
				name: 'Yksi liikaa',
				files: [{ name: 'a.png', bytes: PNG }]
			})
		).toEqual({ ok: false, problems: [{ file: null, problem: 'too_many_decks' }] });
	});

	it('stores a good deck with an SVG turned into a PNG, named from its file', async () => {
		const { deckId, cardKeys } = await uploadDeck();
		const deck = await server.services.storage.decks.findById(deckId);
		expect(deck?.cards.map((card) => [card.contentType, card.texts.name.fi])).toEqual([
			['image/png', 'silta'],
			['image/png', 'ympyrä']
		]);
		const svgPicture = await server.services.storage.decks.picture(deckId, cardKeys[1]);
		expect([...svgPicture!.bytes.subarray(1, 4)]).toEqual([...text('PNG')]);
		const more = await server.services.decks.addFiles({
			ownerId: workshop.createdBy,
			deckId,
			files: [{ name: 'evil.svg', bytes: SCRIPTED_SVG }]
		});
		expect(more).toEqual({ ok: false, problems: [{ file: 'evil.svg', problem: 'svg_unsafe' }] });
		const stranger = await server.services.accounts.signUp({
			email: 'stranger@example.fi',
			password: 'correct horse battery',
			displayName: 'Muu'
		});
		expect(
			await server.services.decks.addFiles({
				ownerId: stranger.user.id,
				deckId,
				files: [{ name: 'ok.png', bytes: PNG }]
			})
		).toEqual({ ok: false, problems: [{ file: null, problem: 'not_found' }] });
	});

	it('serves pictures and texts only to the owner and to people of workshops using the deck', async () => {
		const { deckId, cardKeys } = await uploadDeck();
		const picturePath = `/decks/${deckId}/${cardKeys[0]}`;
		const participant = await joinParticipant(server.services, workshop);
		const participantCookie = { Cookie: `rp_participant=${participant.token}` };
		const other = await seedWorkshop(server.services);

		expect((await get(picturePath)).status).toBe(401);
		expect((await get(picturePath, { Cookie: other.facilitatorCookie })).status).toBe(403);
		expect((await get(picturePath, participantCookie)).status).toBe(403);
		expect((await get(`/decks/${deckId}`, participantCookie)).status).toBe(403);

		const owner = await get(picturePath, { Cookie: ownerCookie });
		expect(owner.status).toBe(200);
		expect(owner.headers.get('content-type')).toBe('image/png');
		expect(owner.headers.get('cache-control')).toBe('private, max-age=3600');
		expect(owner.headers.get('x-content-type-options')).toBe('nosniff');
		expect(new Uint8Array(await owner.arrayBuffer())).toEqual(PNG);
		const etag = owner.headers.get('etag')!;
		const again = await get(picturePath, { Cookie: ownerCookie, 'If-None-Match': etag });
		expect(again.status).toBe(304);

		// The warm-up of the participant's workshop now uses the deck.
		await useDeckInPlan(deckId);
		expect((await get(picturePath, participantCookie)).status).toBe(200);
		const view = await get(`/decks/${deckId}`, participantCookie);
		expect(view.status).toBe(200);
		const deck = (await view.json()) as { name: string; cards: { cardId: string }[] };
		expect(deck.name).toBe('Oma pakka');
		expect(deck.cards.map((card) => parseDeckCardId(card.cardId)?.cardKey)).toEqual(cardKeys);
		// A participant's token also works as the sync endpoint's query parameter.
		expect((await get(`${picturePath}?token=${participant.token}`)).status).toBe(200);
		// Still nobody else: the other workshop's facilitator, a missing card, a malformed id.
		expect((await get(picturePath, { Cookie: other.facilitatorCookie })).status).toBe(403);
		expect((await get(`/decks/${deckId}/zzzzzzzz`, participantCookie)).status).toBe(404);
		expect((await get(`/decks/NOT-A-DECK/x`, participantCookie)).status).toBe(404);
		const post = await fetch(`${server.url}${picturePath}`, {
			method: 'POST',
			headers: { Cookie: ownerCookie }
		});
		expect(post.status).toBe(405);

		// Naming the deck in a plan of a workshop its owner does not facilitate gives nothing.
		const borrowed = normaliseLiveState(other.workshop.state);
		await server.services.workshops.savePlan(other.workshop.id, {
			startTime: borrowed.startTime,
			phases: borrowed.phases.map((phase) => ({
				...phase,
				settings: { ...phase.settings, cards: { deckId, builtIn: true } }
			}))
		});
		const borrower = await joinParticipant(server.services, other.workshop);
		expect((await get(picturePath, { Cookie: other.facilitatorCookie })).status).toBe(403);
		expect((await get(picturePath, { Cookie: `rp_participant=${borrower.token}` })).status).toBe(
			403
		);

		// A co-facilitator of a workshop using the deck sees it; a deleted deck is gone for all.
		const coFacilitator = await seedWorkshop(server.services);
		const coUser = await server.services.storage.users.findById(coFacilitator.workshop.createdBy);
		await server.services.workshops.inviteFacilitator({
			workshopId: workshop.id,
			invitedBy: workshop.createdBy,
			email: coUser!.email
		});
		expect((await get(picturePath, { Cookie: coFacilitator.facilitatorCookie })).status).toBe(200);
		expect(await server.services.decks.delete(coUser!.id, deckId)).toBe(false);
		expect(await server.services.decks.delete(workshop.createdBy, deckId)).toBe(true);
		expect((await get(picturePath, { Cookie: ownerCookie })).status).toBe(404);
	});
});
