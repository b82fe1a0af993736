import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { RunningServer } from '#server/app.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type {
	ClientToServerEvents,
	ParticipantJoinedEvent,
	ServerToClientEvents
} from '#shared/protocol/control.ts';
import { MAX_CONTROL_MESSAGE_BYTES } from '#shared/protocol/control.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import {
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	waitFor,
	type TestStore
} from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('control plane', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const clients: Client[] = [];

	const connect = async (options: Omit<Parameters<typeof controlClient>[0], 'serverUrl'>) => {
		const client = controlClient({ serverUrl: server.url, ...options });
		clients.push(client);
		await new Promise<void>((resolve, reject) => {
			client.once('connect', () => resolve());
			client.once('connect_error', reject);
		});
		return client;
	};
	const connectError = (options: Omit<Parameters<typeof controlClient>[0], 'serverUrl'>) => {
		const client = controlClient({ serverUrl: server.url, ...options });
		clients.push(client);
		return new Promise<string>((resolve) =>
			client.once('connect_error', (error) => resolve(error.message))
		);
	};

	beforeAll(async () => {
		store = newStore('embedded');
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services));
	});

	afterAll(async () => {
		for (const client of clients) client.disconnect();
		await server.close();
		await store.drop();
	});

	it('[C1] a facilitator advances the phase; a subscribed participant receives the new state', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const facilitator = await connect({ cookie: facilitatorCookie });
		const follower = await connect({ token: participant.token });
		const subscribed = await follower.emitWithAck('workshop:subscribe', {
			workshopId: workshop.id
		});
		expect(subscribed.ok).toBe(true);

		const received: WorkshopState[] = [];
		follower.on('workshop:state', (state) => received.push(state));
		const result = await facilitator.emitWithAck('phase:go', { workshopId: workshop.id, index: 2 });
		expect(result).toMatchObject({ ok: true, data: { phaseIndex: 2 } });
		await waitFor(() => received.length > 0, 'broadcast');
		expect(received[0].phaseIndex).toBe(2);
		expect(received[0].revision).toBeGreaterThan(subscribed.ok ? subscribed.data.revision : 0);
	});

	it('[C2] a participant cannot drive the day; the server refuses and nothing changes', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const client = await connect({ token: participant.token });
		const before = await server.services.workshops.state(workshop.id);
		for (const attempt of [
			client.emitWithAck('phase:go', { workshopId: workshop.id, index: 0 }),
			client.emitWithAck('timer:start', { workshopId: workshop.id, durationMs: 60_000 }),
			client.emitWithAck('board:lock', { workshopId: workshop.id, table: null, locked: true })
		]) {
			expect(await attempt).toEqual({ ok: false, error: 'forbidden' });
		}
		expect(await server.services.workshops.state(workshop.id)).toEqual(before);
	});

	it('[C2] a facilitator of another workshop cannot drive or follow this one', async () => {
		const other = await seedWorkshop(server.services);
		const client = await connect({ cookie: other.facilitatorCookie });
		expect(await client.emitWithAck('workshop:subscribe', { workshopId: workshop.id })).toEqual({
			ok: false,
			error: 'forbidden'
		});
		expect(await client.emitWithAck('phase:go', { workshopId: workshop.id, index: 1 })).toEqual({
			ok: false,
			error: 'forbidden'
		});
	});

	it('[C3] timer start, pause, extend and resume keep their arithmetic', async () => {
		const client = await connect({ cookie: facilitatorCookie });
		const id = workshop.id;
		const started = await client.emitWithAck('timer:start', {
			workshopId: id,
			durationMs: 10 * 60_000
		});
		expect(started).toMatchObject({
			ok: true,
			data: { timer: { status: 'running', durationMs: 600_000 } }
		});
		const paused = await client.emitWithAck('timer:pause', { workshopId: id });
		expect(paused).toMatchObject({ ok: true, data: { timer: { status: 'paused' } } });
		const extended = await client.emitWithAck('timer:extend', { workshopId: id, ms: 5 * 60_000 });
		expect(
			extended.ok && extended.data.timer.status === 'paused' && extended.data.timer.remainingMs
		).toBeGreaterThan(14 * 60_000);
		expect(await client.emitWithAck('timer:pause', { workshopId: id })).toEqual({
			ok: false,
			error: 'conflict'
		});
		const resumed = await client.emitWithAck('timer:resume', { workshopId: id });
		expect(resumed).toMatchObject({
			ok: true,
			data: { timer: { status: 'running', durationMs: 900_000 } }
		});
	});

	it('[C4] malformed payloads get invalid_payload and the connection stays usable', async () => {
		const client = await connect({ cookie: facilitatorCookie });
		const untyped = client as unknown as {
			emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
		};
		const bad: [string, unknown][] = [
			['phase:go', { workshopId: workshop.id, index: -1 }],
			['phase:go', { workshopId: workshop.id, index: '2' }],
			['phase:go', { workshopId: 'x', index: 1 }],
			['phase:go', { workshopId: workshop.id, index: 1, extra: true }],
			['timer:start', { workshopId: workshop.id, durationMs: 1e12 }],
			['board:lock', null],
			['board:lock', 'lock everything'],
			['no:such-event', { workshopId: workshop.id }]
		];
		for (const [event, payload] of bad) {
			expect(await untyped.emitWithAck(event, payload)).toEqual({
				ok: false,
				error: 'invalid_payload'
			});
		}
		expect(await client.emitWithAck('phase:go', { workshopId: workshop.id, index: 99 })).toEqual({
			ok: false,
			error: 'conflict'
		});
		expect((await client.emitWithAck('phase:go', { workshopId: workshop.id, index: 1 })).ok).toBe(
			true
		);
	});

	it('[C4] an oversized message closes only that connection; the server keeps serving', async () => {
		const client = await connect({ cookie: facilitatorCookie });
		const closed = new Promise<string>((resolve) =>
			client.once('disconnect', (reason) => resolve(reason))
		);
		(client as unknown as { emit(event: string, payload: unknown): void }).emit('phase:go', {
			workshopId: workshop.id,
			index: 'x'.repeat(MAX_CONTROL_MESSAGE_BYTES * 2)
		});
		expect(await closed).toBe('transport close');
		const again = await connect({ cookie: facilitatorCookie });
		expect((await again.emitWithAck('workshop:subscribe', { workshopId: workshop.id })).ok).toBe(
			true
		);
	});

	it('[C5] the handshake refuses no credential, a forged token and another protocol version', async () => {
		const participant = await joinParticipant(server.services, workshop);
		expect(await connectError({})).toBe('unauthorised');
		expect(await connectError({ token: `${participant.token}x` })).toBe('unauthorised');
		expect(await connectError({ token: participant.token, version: 999 })).toBe('version_mismatch');
		expect(
			await connectError({ cookie: facilitatorCookie, origin: 'https://evil.example' })
		).toMatch(/websocket error/i);
	});

	it('[C6] every state carries the server clock, so a client can correct its own', async () => {
		const client = await connect({ cookie: facilitatorCookie });
		const before = Date.now();
		const subscribed = await client.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		expect(subscribed.ok && subscribed.data.serverNow).toBeGreaterThanOrEqual(before);
		const received: WorkshopState[] = [];
		client.on('workshop:state', (state) => received.push(state));
		const started = await client.emitWithAck('timer:start', {
			workshopId: workshop.id,
			durationMs: 60_000
		});
		await waitFor(() => received.length > 0, 'broadcast');
		const timer = started.ok ? started.data.timer : null;
		expect(timer?.status === 'running' && timer.endsAt - received[0].serverNow).toBeLessThanOrEqual(
			60_000
		);
		expect(received[0].serverNow).toBeGreaterThanOrEqual(before);
	});

	it('[C7] plenary, pause and broadcast reach every subscribed screen', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const facilitator = await connect({ cookie: facilitatorCookie });
		const follower = await connect({ token: participant.token });
		await follower.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		let latest: WorkshopState | null = null;
		follower.on('workshop:state', (state) => (latest = state));
		const id = workshop.id;
		const seen = (check: (state: WorkshopState) => boolean, what: string) =>
			waitFor(() => latest !== null && check(latest), what);

		expect(
			(await facilitator.emitWithAck('plenary:set', { workshopId: id, plenary: true })).ok
		).toBe(true);
		await seen((state) => state.plenary, 'plenary on');
		await facilitator.emitWithAck('screens:pause', {
			workshopId: id,
			paused: true,
			message: 'Tauko'
		});
		await seen((state) => state.pause?.message === 'Tauko', 'pause');
		await facilitator.emitWithAck('message:broadcast', {
			workshopId: id,
			text: '  Viisi minuuttia  '
		});
		await seen((state) => state.broadcast?.text === 'Viisi minuuttia', 'broadcast');
		await facilitator.emitWithAck('message:clear', { workshopId: id });
		await facilitator.emitWithAck('screens:pause', { workshopId: id, paused: false, message: '' });
		await facilitator.emitWithAck('plenary:set', { workshopId: id, plenary: false });
		await seen((s) => !s.plenary && s.pause === null && s.broadcast === null, 'all back');

		const untyped = facilitator as unknown as {
			emitWithAck(event: string, payload: unknown): Promise<unknown>;
		};
		expect(
			await untyped.emitWithAck('message:broadcast', { workshopId: id, text: 'x'.repeat(281) })
		).toEqual({
			ok: false,
			error: 'invalid_payload'
		});
		expect(await untyped.emitWithAck('message:broadcast', { workshopId: id, text: '   ' })).toEqual(
			{
				ok: false,
				error: 'invalid_payload'
			}
		);
	});

	it('[C8] a participant cannot advance phases, broadcast, pause, call the plenary or clear signals', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const client = await connect({ token: participant.token });
		const id = workshop.id;
		const before = await server.services.workshops.state(id);
		for (const attempt of [
			client.emitWithAck('phase:go', { workshopId: id, index: 1 }),
			client.emitWithAck('workshop:start', { workshopId: id }),
			client.emitWithAck('message:broadcast', { workshopId: id, text: 'Kaikki kotiin' }),
			client.emitWithAck('message:clear', { workshopId: id }),
			client.emitWithAck('screens:pause', { workshopId: id, paused: true, message: '' }),
			client.emitWithAck('plenary:set', { workshopId: id, plenary: true }),
			client.emitWithAck('table:clear-signal', { workshopId: id, table: 1 })
		]) {
			expect(await attempt).toEqual({ ok: false, error: 'forbidden' });
		}
		expect(await server.services.workshops.state(id)).toEqual(before);
	});

	it('[C9] the day starts once and time spent per phase is counted from then', async () => {
		const { workshop: fresh, facilitatorCookie: cookie } = await seedWorkshop(server.services);
		const client = await connect({ cookie });
		const started = await client.emitWithAck('workshop:start', { workshopId: fresh.id });
		expect(started.ok && started.data.phaseStartedAt).toBeGreaterThan(0);
		expect(await client.emitWithAck('workshop:start', { workshopId: fresh.id })).toEqual({
			ok: false,
			error: 'conflict'
		});
		const next = await client.emitWithAck('phase:go', { workshopId: fresh.id, index: 1 });
		const firstId = fresh.state.phases[0].id;
		expect(next.ok && next.data.spentMs[firstId]).toBeGreaterThanOrEqual(0);
	});

	it('[C10] a participant raises their own table signal; only facilitators hear it; it is rate-limited', async () => {
		const { workshop: fresh, facilitatorCookie: cookie } = await seedWorkshop(server.services, {
			tableCount: 2
		});
		const participant = await joinParticipant(server.services, fresh);
		const table = participant.table;
		const facilitator = await connect({ cookie });
		await facilitator.emitWithAck('workshop:subscribe', { workshopId: fresh.id });
		let latest: WorkshopState | null = null;
		facilitator.on('workshop:state', (state) => (latest = state));
		const client = await connect({ token: participant.token });

		const help = await client.emitWithAck('table:signal', { workshopId: fresh.id, signal: 'help' });
		expect(help).toMatchObject({ ok: true, data: { signals: [{ table, signal: 'help' }] } });
		await waitFor(() => latest?.signals[0]?.signal === 'help', 'help on the console');
		const other = await seedWorkshop(server.services);
		expect(
			await client.emitWithAck('table:signal', { workshopId: other.workshop.id, signal: 'done' })
		).toEqual({
			ok: false,
			error: 'forbidden'
		});
		const cleared = await facilitator.emitWithAck('table:clear-signal', {
			workshopId: fresh.id,
			table
		});
		expect(cleared).toMatchObject({ ok: true, data: { signals: [] } });

		// Four changes within the window pass (help above is the first); the fifth is refused.
		await client.emitWithAck('table:signal', { workshopId: fresh.id, signal: 'done' });
		await client.emitWithAck('table:signal', { workshopId: fresh.id, signal: null });
		await client.emitWithAck('table:signal', { workshopId: fresh.id, signal: 'help' });
		expect(
			await client.emitWithAck('table:signal', { workshopId: fresh.id, signal: 'done' })
		).toEqual({
			ok: false,
			error: 'rate_limited'
		});
	});

	it('[C11] a participant joining is told to the facilitators live, not to other participants', async () => {
		const { workshop: fresh, facilitatorCookie: cookie } = await seedWorkshop(server.services);
		const facilitator = await connect({ cookie });
		await facilitator.emitWithAck('workshop:subscribe', { workshopId: fresh.id });
		const first = await joinParticipant(server.services, fresh);
		const follower = await connect({ token: first.token });
		await follower.emitWithAck('workshop:subscribe', { workshopId: fresh.id });
		const toFacilitator: ParticipantJoinedEvent[] = [];
		const toParticipant: ParticipantJoinedEvent[] = [];
		facilitator.on('participant:joined', (joined) => toFacilitator.push(joined));
		follower.on('participant:joined', (joined) => toParticipant.push(joined));
		const second = await joinParticipant(server.services, fresh, 'ngo');
		await waitFor(() => toFacilitator.length > 0, 'join event');
		expect(toFacilitator[0]).toMatchObject({ actorType: 'ngo', table: second.table });
		// A later broadcast reaches the participant; by then a join event would have arrived too.
		await facilitator.emitWithAck('phase:go', { workshopId: fresh.id, index: 1 });
		await new Promise<void>((resolve) => follower.once('workshop:state', () => resolve()));
		expect(toParticipant).toEqual([]);
	});

	it('[C12] saving the plan during a live day broadcasts it and keeps the current phase by id', async () => {
		const { workshop: fresh, facilitatorCookie: cookie } = await seedWorkshop(server.services);
		const client = await connect({ cookie });
		await client.emitWithAck('workshop:subscribe', { workshopId: fresh.id });
		await client.emitWithAck('workshop:start', { workshopId: fresh.id });
		await client.emitWithAck('phase:go', { workshopId: fresh.id, index: 2 });
		const received: WorkshopState[] = [];
		client.on('workshop:state', (state) => received.push(state));
		const current = fresh.state.phases[2].id;
		const reordered = [...fresh.state.phases].reverse();
		await server.services.workshops.savePlan(fresh.id, { startTime: '08:15', phases: reordered });
		await waitFor(() => received.length > 0, 'plan broadcast');
		const state = received[0];
		expect(state.startTime).toBe('08:15');
		expect(state.phases[state.phaseIndex].id).toBe(current);
		await expect(
			server.services.workshops.savePlan(fresh.id, { startTime: '08:15', phases: [] })
		).rejects.toMatchObject({ code: 'invalid_payload' });
	});
});
