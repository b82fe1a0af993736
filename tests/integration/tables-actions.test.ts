import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { ParticipantId } from '#shared/model/ids.ts';
import { SYNC_CLOSE, roomName } from '#shared/protocol/sync.ts';
import {
	joinParticipant,
	newStore,
	seedWorkshop,
	startAppServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';

/**
 * The facilitator's table actions over HTTP (issue 5), on the real server with SvelteKit served by
 * Vite: only the workshop's facilitators may move, pin, mark or rebalance; every input is checked;
 * a move by drag and drop (the page's fetch) reaches the moved participant's board at once.
 */
describe('table actions: authorisation, validation and live moves', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	let otherCookie: string;
	const people: { id: ParticipantId; token: string; table: number }[] = [];

	const action = (name: string, fields: Record<string, string>, cookie = '', fetchLike = false) =>
		fetch(`${server.url}/facilitator/w/${workshop.id}/tables?/${name}`, {
			method: 'POST',
			headers: {
				cookie,
				origin: server.url,
				'content-type': 'application/x-www-form-urlencoded',
				// As the page's drop handler sends it: SvelteKit answers with JSON.
				...(fetchLike ? { 'x-sveltekit-action': 'true', accept: 'application/json' } : {}),
				...(fetchLike ? {} : { accept: 'text/html' })
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
	const tableOf = async (id: ParticipantId) =>
		(await server.services.storage.participants.findById(id))!.table;

	beforeAll(async () => {
		store = newStore('embedded');
		server = await startAppServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 3 }));
		// Another facilitator, of another workshop.
		({ facilitatorCookie: otherCookie } = await seedWorkshop(server.services, { tableCount: 3 }));
		const types = ['education', 'ngo', 'social_services', 'employment_office'] as const;
		for (let i = 0; i < 9; i++) {
			const joined = await joinParticipant(server.services, workshop, types[i % types.length]);
			const { participantId } = server.services.tokens.verify(joined.token)!;
			people.push({ id: participantId as ParticipantId, token: joined.token, table: joined.table });
		}
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await store?.drop();
	});

	it('refuses every table action to a stranger and to another workshop’s facilitator', async () => {
		const [first] = people;
		const to = (first.table % 3) + 1;
		const attempts: [string, Record<string, string>][] = [
			['move', { participantId: first.id, table: String(to) }],
			['constraints', { participantId: first.id, pinnedTable: String(to), keepTogether: 'sv' }],
			['presence', { participantId: first.id, absent: 'yes' }],
			['rebalance', {}],
			['noShow', { registrationId: 'abcdefghijklmnop', noShow: 'yes' }],
			['propose', {}],
			['apply', { seating: JSON.stringify({ [first.id]: to }) }]
		];
		for (const [name, fields] of attempts) {
			const stranger = await action(name, fields);
			expect(stranger.status, name).toBe(303);
			expect(stranger.headers.get('location')).toBe('/facilitator/sign-in');
			expect((await action(name, fields, otherCookie)).status, name).toBe(403);
		}
		expect(await tableOf(first.id)).toBe(first.table);
		expect(await server.services.storage.seating.listConstraints(workshop.id)).toEqual([]);
	});

	it('checks every input: tables, groups, presence and people of other workshops', async () => {
		const [first] = people;
		const bad: [string, Record<string, string>][] = [
			['move', { participantId: first.id, table: '4' }],
			['move', { participantId: first.id, table: '-1' }],
			['move', { participantId: 'nobody-here', table: '1' }],
			['constraints', { participantId: first.id, pinnedTable: '9', keepTogether: '' }],
			['constraints', { participantId: first.id, pinnedTable: '', keepTogether: 'klingon' }],
			['constraints', { participantId: first.id, pinnedTable: 'x', keepTogether: '' }],
			['presence', { participantId: first.id, absent: 'maybe' }],
			['presence', { participantId: 'nobody-here', absent: 'yes' }],
			['noShow', { registrationId: 'no-such-registration', noShow: 'yes' }],
			['noShow', { registrationId: 'x', noShow: 'perhaps' }]
		];
		for (const [name, fields] of bad) {
			const response = await action(name, fields, facilitatorCookie);
			expect(response.status, `${name} ${JSON.stringify(fields)}`).toBe(400);
		}
		expect(await tableOf(first.id)).toBe(first.table);
		expect(await server.services.storage.seating.listConstraints(workshop.id)).toEqual([]);
	});

	it('a drop moves the participant and closes their old board at once', async () => {
		const person = people[1];
		const old = stockClient({
			serverUrl: server.url,
			room: roomName({ kind: 'table', workshopId: workshop.id, table: person.table }),
			token: person.token
		});
		try {
			await waitFor(() => old.provider.synced, 'old board synced');
			const to = (person.table % 3) + 1;
			const response = await action(
				'move',
				{ participantId: person.id, table: String(to) },
				facilitatorCookie,
				true
			);
			expect(response.status).toBe(200);
			expect(await response.json()).toMatchObject({ type: 'success' });
			await waitFor(() => old.closes.length > 0, 'old board closed');
			expect(old.closes[0]).toEqual(SYNC_CLOSE.seatChanged);
			expect(await tableOf(person.id)).toBe(to);
			person.table = to;
		} finally {
			old.provider.destroy();
		}
	});

	it('pins, marks people not here and rebalances with the fewest moves', async () => {
		const pinned = people[2];
		const pin = (pinned.table % 3) + 1;
		const pinning = await action(
			'constraints',
			{ participantId: pinned.id, pinnedTable: String(pin), keepTogether: 'sv' },
			facilitatorCookie
		);
		expect(pinning.status).toBe(200);
		expect(await tableOf(pinned.id)).toBe(pin);
		expect(await server.services.storage.seating.listConstraints(workshop.id)).toEqual([
			expect.objectContaining({ participantId: pinned.id, pinnedTable: pin, keepTogether: 'sv' })
		]);

		// Everybody but the pinned person leaves one table, which makes the tables uneven.
		const current = await server.services.storage.participants.listByWorkshop(workshop.id);
		const emptied = current.find((p) => p.table !== pin)!.table;
		const leaving = current.filter((p) => p.table === emptied);
		for (const person of leaving) {
			const marked = await action(
				'presence',
				{ participantId: person.id, absent: 'yes' },
				facilitatorCookie
			);
			expect(marked.status).toBe(200);
		}
		const present = current.filter((p) => p.table !== emptied);
		const sizes = [1, 2, 3].map((t) => present.filter((p) => p.table === t).length);
		const response = await action('rebalance', {}, facilitatorCookie, true);
		expect(response.status).toBe(200);
		const body = (await response.json()) as { type: string; data: string };
		expect(body.type).toBe('success');
		const after = await server.services.storage.participants.listByWorkshop(workshop.id);
		const afterSizes = [1, 2, 3].map(
			(t) => after.filter((p) => p.table === t && !leaving.some((l) => l.id === p.id)).length
		);
		expect(Math.max(...afterSizes) - Math.min(...afterSizes)).toBeLessThanOrEqual(1);
		const moved = after.filter((p) => {
			const before = present.find((b) => b.id === p.id);
			return before && before.table !== p.table;
		});
		// Fewest moves: the largest tables keep the extra seats, the rest give what they have over.
		const small = Math.floor(present.length / 3);
		const fewest = [...sizes]
			.sort((a, b) => b - a)
			.reduce(
				(sum, size, i) => sum + Math.max(0, size - (i < present.length % 3 ? small + 1 : small)),
				0
			);
		expect(moved.length).toBe(fewest);
		expect(fewest).toBeGreaterThan(0);
		expect(moved.map((p) => p.id)).not.toContain(pinned.id);
		expect(await tableOf(pinned.id)).toBe(pin);
	});
});
