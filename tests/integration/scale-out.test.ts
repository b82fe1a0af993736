import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { loadConfig } from '#server/config.ts';
import { createServices } from '#server/services.ts';
import type { WorkshopState } from '#shared/model/workshop.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/protocol/control.ts';
import { DOC_ROOT, SYNC_CLOSE, roomName } from '#shared/protocol/sync.ts';
import { BOARD_TEMPLATE_LAYOUTS, templateItemId } from '#shared/model/board.ts';
import type { ParticipantId } from '#shared/model/ids.ts';
import {
	addNote,
	controlClient,
	joinParticipant,
	newStore,
	noteTexts,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore
} from './harness.ts';
import {
	REDIS_URL,
	freePort,
	killHardOnce,
	readiness,
	recordSeen,
	spawnNode,
	startBalancer,
	startRedis,
	uniquePrefix
} from './cluster-harness.ts';

type ControlClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const EDIT_INTERVAL_MS = 10;

/** Sets up a workshop with one table and `people` participants in a fresh PostgreSQL schema. */
async function seed(store: TestStore, people: number) {
	const services = await createServices(loadConfig({ SEED_DEMO: 'false', ...store.env }));
	try {
		const { workshop, facilitatorCookie } = await seedWorkshop(services, { tableCount: 1 });
		const participants = [];
		for (let i = 0; i < people; i++) participants.push(await joinParticipant(services, workshop));
		return { workshop, facilitatorCookie, participants };
	} finally {
		await services.storage.close();
	}
}

async function connected(client: ControlClient): Promise<ControlClient> {
	await new Promise<void>((resolve, reject) => {
		client.once('connect', () => resolve());
		client.once('connect_error', reject);
	});
	return client;
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

describe('two nodes on PostgreSQL and Redis (issue 7, SPEC S12)', () => {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	it('[S12] clients on both nodes converge, follow the facilitator, and survive kill -9 of a node', async () => {
		const store = newStore('postgres');
		cleanups.push(() => store.drop());
		const { workshop, facilitatorCookie, participants } = await seed(store, 3);
		const redis = { url: REDIS_URL, prefix: uniquePrefix() };
		const nodeA = await spawnNode(store, redis);
		cleanups.push(() => killHardOnce(nodeA.child));
		const nodeB = await spawnNode(store, redis);
		cleanups.push(() => killHardOnce(nodeB.child));
		// Clients of node A reach it through a balancer that sends them to B once A is gone.
		const balancer = await startBalancer(nodeA.port);
		cleanups.push(() => balancer.close());
		const room = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });
		const [alice, bertil, cecilia] = participants;

		const onA = stockClient({ serverUrl: balancer.url, room, token: alice.token });
		const onB = stockClient({ serverUrl: nodeB.url, room, token: bertil.token });
		cleanups.push(() => [onA, onB].forEach((client) => client.provider.destroy()));
		await waitFor(() => onA.provider.synced && onB.provider.synced, 'clients synced', 10_000);

		// Edits on either node reach the other; the time from edit to arrival is the figure.
		const latencies: number[] = [];
		const arrived = (doc: typeof onA.doc, text: string) => noteTexts(doc).includes(text);
		for (let i = 0; i < 40; i++) {
			const [from, to, author] = i % 2 === 0 ? [onA, onB, alice] : [onB, onA, bertil];
			const text = `converge-${i}`;
			const started = performance.now();
			addNote(from.doc, author.authorKey, text);
			await waitFor(() => arrived(to.doc, text), `${text} on the other node`, 5_000);
			latencies.push(performance.now() - started);
		}
		expect(noteTexts(onA.doc)).toEqual(noteTexts(onB.doc));
		console.log(
			`[scale-out] two-node convergence over ${latencies.length} edits: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms`
		);

		// Presence crosses nodes too.
		onA.provider.awareness.setLocalStateField('user', { name: 'Alice' });
		await waitFor(
			() => onB.provider.awareness.getStates().has(onA.doc.clientID),
			"Alice's presence on node B",
			5_000
		);

		// The facilitator on node A changes the phase; a participant connected to node B follows.
		const facilitator = await connected(
			controlClient({ serverUrl: nodeA.url, cookie: facilitatorCookie })
		);
		const follower = await connected(controlClient({ serverUrl: nodeB.url, token: bertil.token }));
		cleanups.push(() => [facilitator, follower].forEach((client) => client.disconnect()));
		const subscribed = await follower.emitWithAck('workshop:subscribe', {
			workshopId: workshop.id
		});
		if (!subscribed.ok) throw new Error(`subscribe failed: ${subscribed.error}`);
		const first = subscribed.data.phaseIndex;
		// A later phase with a board template: node A lays it out on the table's board (a server
		// change, sync S10), and it must reach node B's clients as well.
		const next = subscribed.data.phases.findIndex(
			(phase, index) =>
				index > first &&
				phase.boardTemplate !== 'plenary' &&
				BOARD_TEMPLATE_LAYOUTS[phase.boardTemplate].length > 0
		);
		expect(next).toBeGreaterThan(first);
		const template = subscribed.data.phases[next].boardTemplate;
		const templateArea = templateItemId(template, BOARD_TEMPLATE_LAYOUTS[template][0].slot);
		const states: WorkshopState[] = [];
		follower.on('workshop:state', (state) => states.push(state));
		const went = await facilitator.emitWithAck('phase:go', {
			workshopId: workshop.id,
			index: next
		});
		expect(went.ok).toBe(true);
		await waitFor(
			() => states.some((state) => state.phaseIndex === next),
			'the next phase on node B',
			5_000
		);
		await waitFor(
			() => onB.doc.getMap(DOC_ROOT.items).has(templateArea),
			"the phase's board template on node B",
			5_000
		);
		const back = await facilitator.emitWithAck('phase:go', {
			workshopId: workshop.id,
			index: first
		});
		expect(back.ok).toBe(true);

		// Node B's own copy of the state follows as well: a board locked on A refuses edits on B.
		const lock = (locked: boolean) =>
			facilitator.emitWithAck('board:lock', { workshopId: workshop.id, table: 1, locked });
		expect((await lock(true)).ok).toBe(true);
		await waitFor(
			() => states.at(-1)?.lockedTables.includes(1) === true,
			'the lock on node B',
			5_000
		);
		// The lock reached B's clients through the adapter; B's own copy reloads in a moment.
		await new Promise((resolve) => setTimeout(resolve, 300));
		const refused = stockClient({ serverUrl: nodeB.url, room, token: cecilia.token });
		cleanups.push(() => refused.provider.destroy());
		await waitFor(() => refused.provider.synced, 'third client synced', 5_000);
		addNote(refused.doc, cecilia.authorKey, 'while-locked');
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(noteTexts(onA.doc)).not.toContain('while-locked');
		expect(noteTexts(onB.doc)).not.toContain('while-locked');
		refused.provider.destroy();
		expect((await lock(false)).ok).toBe(true);
		await waitFor(
			() =>
				states.at(-1)?.lockedTables.includes(1) === false && states.at(-1)?.phaseIndex === first,
			'unlocked on node B',
			5_000
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		facilitator.disconnect();

		// kill -9 node A while both clients write; A's client comes back through the balancer to B.
		const seen = new Set<string>();
		recordSeen(onA.doc, 'a-', seen);
		recordSeen(onB.doc, 'b-', seen);
		let counter = 0;
		const writers = [
			setInterval(() => addNote(onA.doc, alice.authorKey, `a-${counter++}`), EDIT_INTERVAL_MS),
			setInterval(() => addNote(onB.doc, bertil.authorKey, `b-${counter++}`), EDIT_INTERVAL_MS)
		];
		cleanups.push(() => writers.forEach(clearInterval));
		await new Promise((resolve) => setTimeout(resolve, 800 + Math.random() * 400));
		balancer.target = nodeB.port;
		await killHardOnce(nodeA.child);
		await new Promise((resolve) => setTimeout(resolve, 500));
		writers.forEach(clearInterval);

		await waitFor(() => onA.provider.wsconnected, "A's client reconnected to B", 10_000);
		await waitFor(
			() => noteTexts(onA.doc).join() === noteTexts(onB.doc).join(),
			'both clients converge on node B',
			15_000
		);
		const reader = stockClient({ serverUrl: nodeB.url, room, token: cecilia.token });
		cleanups.push(() => reader.provider.destroy());
		await waitFor(() => reader.provider.synced, 'reader synced', 10_000);
		await waitFor(
			() => noteTexts(reader.doc).join() === noteTexts(onB.doc).join(),
			'reader has what both clients have',
			10_000
		);
		const stored = new Set(noteTexts(reader.doc));
		const lost = [...seen].filter((text) => !stored.has(text));
		expect(seen.size).toBeGreaterThan(20);
		expect(lost).toEqual([]);
		// Every edit either client made is there too: A's unsent ones came along on reconnect.
		const written = noteTexts(onA.doc).filter((text) => /^[ab]-/.test(text));
		expect(written.length).toBe(counter);
	}, 60_000);

	it('[S12] without Redis each node serves its own clients, reports degraded, and catches up when Redis returns', async () => {
		const store = newStore('postgres');
		cleanups.push(() => store.drop());
		const { workshop, facilitatorCookie, participants } = await seed(store, 4);
		const redisPort = await freePort();
		let redisServer = await startRedis(redisPort);
		cleanups.push(() => redisServer.child.kill('SIGKILL'));
		const redis = { url: redisServer.url, prefix: uniquePrefix() };
		const nodeA = await spawnNode(store, redis);
		cleanups.push(() => killHardOnce(nodeA.child));
		const nodeB = await spawnNode(store, redis);
		cleanups.push(() => killHardOnce(nodeB.child));
		const room = roomName({ kind: 'table', workshopId: workshop.id, table: 1 });
		const [alice, bertil, cecilia, dana] = participants;

		expect(await readiness(nodeA.url)).toMatchObject({
			status: 200,
			body: { status: 'ready', checks: { redis: { ok: true } } }
		});
		const a1 = stockClient({ serverUrl: nodeA.url, room, token: alice.token });
		const a2 = stockClient({ serverUrl: nodeA.url, room, token: cecilia.token });
		const b1 = stockClient({ serverUrl: nodeB.url, room, token: bertil.token });
		const clients = [a1, a2, b1];
		cleanups.push(() => clients.forEach((client) => client.provider.destroy()));
		await waitFor(() => clients.every((c) => c.provider.synced), 'clients synced', 10_000);
		addNote(a1.doc, alice.authorKey, 'before');
		await waitFor(() => noteTexts(b1.doc).includes('before'), 'first note on node B', 5_000);

		// Redis goes away.
		await new Promise<void>((resolve) => {
			redisServer.child.once('exit', () => resolve());
			redisServer.child.kill('SIGKILL');
		});
		let ready = await readiness(nodeA.url);
		for (let i = 0; i < 50 && ready.body.status !== 'degraded'; i++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			ready = await readiness(nodeA.url);
		}
		expect(ready).toMatchObject({
			status: 200,
			body: { status: 'degraded', checks: { storage: { ok: true }, redis: { ok: false } } }
		});

		// Clients of one node still see each other's edits; each node stores what its clients write.
		addNote(a1.doc, alice.authorKey, 'outage-a');
		await waitFor(() => noteTexts(a2.doc).includes('outage-a'), 'edit on the same node', 5_000);
		addNote(b1.doc, bertil.authorKey, 'outage-b');

		// The control plane of a node still reaches its own sockets (the adapter cannot publish).
		const facilitator = await connected(
			controlClient({ serverUrl: nodeA.url, cookie: facilitatorCookie })
		);
		const follower = await connected(controlClient({ serverUrl: nodeA.url, token: alice.token }));
		cleanups.push(() => [facilitator, follower].forEach((client) => client.disconnect()));
		expect((await follower.emitWithAck('workshop:subscribe', { workshopId: workshop.id })).ok).toBe(
			true
		);
		const heard: string[] = [];
		follower.on('workshop:state', (state) => heard.push(state.broadcast?.text ?? ''));
		const said = await facilitator.emitWithAck('message:broadcast', {
			workshopId: workshop.id,
			text: 'Redis is away'
		});
		expect(said.ok).toBe(true);
		await waitFor(() => heard.includes('Redis is away'), 'broadcast on the same node', 5_000);

		// A node that starts while Redis is away serves its clients too.
		const nodeC = await spawnNode(store, redis);
		cleanups.push(() => killHardOnce(nodeC.child));
		expect(await readiness(nodeC.url)).toMatchObject({ status: 200, body: { status: 'degraded' } });
		const c1 = stockClient({ serverUrl: nodeC.url, room, token: dana.token });
		clients.push(c1);
		await waitFor(() => c1.provider.synced, 'client of node C synced', 10_000);
		addNote(c1.doc, dana.authorKey, 'outage-c');
		await new Promise((resolve) => setTimeout(resolve, 300));

		// Redis returns on the same port: the nodes resynchronise from storage.
		redisServer = await startRedis(redisPort);
		const everything = ['before', 'outage-a', 'outage-b', 'outage-c'];
		await waitFor(
			() => clients.every((c) => everything.every((text) => noteTexts(c.doc).includes(text))),
			'every client has every edit after Redis returns',
			20_000
		);
		let back = await readiness(nodeB.url);
		for (let i = 0; i < 50 && back.body.status !== 'ready'; i++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			back = await readiness(nodeB.url);
		}
		expect(back).toMatchObject({ status: 200, body: { status: 'ready' } });

		// And live fan-out works again.
		addNote(b1.doc, bertil.authorKey, 'after');
		await waitFor(() => noteTexts(a1.doc).includes('after'), 'live again across nodes', 5_000);
	}, 60_000);

	it('[S11][S12][C14] a seat change or an erasure on node A closes connections on node B; edits on B count on A', async () => {
		const store = newStore('postgres');
		cleanups.push(() => store.drop());
		const redis = { REDIS_URL, REDIS_PREFIX: uniquePrefix() };
		const nodeA = await startServer({ ...store, env: { ...store.env, ...redis } });
		cleanups.push(() => nodeA.close());
		const nodeB = await startServer({ ...store, env: { ...store.env, ...redis } });
		cleanups.push(() => nodeB.close());
		const { workshop, facilitatorCookie } = await seedWorkshop(nodeA.services, { tableCount: 2 });
		const moving = await joinParticipant(nodeA.services, workshop);
		const leaving = await joinParticipant(nodeA.services, workshop);
		const idOf = (token: string) => nodeA.services.tokens.verify(token)!.participantId;
		const table = (n: number) => roomName({ kind: 'table', workshopId: workshop.id, table: n });

		const movingBoard = stockClient({
			serverUrl: nodeB.url,
			room: table(moving.table),
			token: moving.token
		});
		const leavingBoard = stockClient({
			serverUrl: nodeB.url,
			room: table(leaving.table),
			token: leaving.token
		});
		cleanups.push(() => [movingBoard, leavingBoard].forEach((c) => c.provider.destroy()));
		const leavingControl = await connected(
			controlClient({ serverUrl: nodeB.url, token: leaving.token })
		);
		cleanups.push(() => leavingControl.disconnect());
		await waitFor(
			() => movingBoard.provider.synced && leavingBoard.provider.synced,
			'boards on node B synced',
			5_000
		);

		// The console on node A counts edits stored on node B (C14).
		const facilitatorConsole = await connected(
			controlClient({ serverUrl: nodeA.url, cookie: facilitatorCookie })
		);
		cleanups.push(() => facilitatorConsole.disconnect());
		const counted: number[] = [];
		facilitatorConsole.on('tables:activity', (activity) => {
			counted.push(activity.tables.find((t) => t.table === moving.table)?.edits ?? 0);
		});
		expect(
			(await facilitatorConsole.emitWithAck('workshop:subscribe', { workshopId: workshop.id })).ok
		).toBe(true);
		addNote(movingBoard.doc, moving.authorKey, 'counted on node A');
		await waitFor(() => counted.some((edits) => edits > 0), 'edits on B counted on A', 8_000);

		await nodeA.services.seating.move(workshop, idOf(moving.token), moving.table === 1 ? 2 : 1);
		await waitFor(() => movingBoard.closes.length > 0, 'old board closed on node B', 5_000);
		expect(movingBoard.closes[0]).toEqual(SYNC_CLOSE.seatChanged);

		const record = await nodeA.services.storage.participants.findById(
			idOf(leaving.token) as ParticipantId
		);
		expect(await nodeA.services.privacy.eraseSelf(record!)).toBe(true);
		await waitFor(() => leavingBoard.closes.length > 0, 'erased board closed on node B', 5_000);
		expect(leavingBoard.closes[0]).toEqual(SYNC_CLOSE.unauthorised);
		await waitFor(() => !leavingControl.connected, 'erased control socket closed on node B', 5_000);
	}, 30_000);

	it('[S11][S12] a seat change made while Redis is away closes the old board on node B once it returns', async () => {
		const store = newStore('postgres');
		cleanups.push(() => store.drop());
		const redisPort = await freePort();
		let redisServer = await startRedis(redisPort);
		cleanups.push(() => redisServer.child.kill('SIGKILL'));
		const redis = { REDIS_URL: redisServer.url, REDIS_PREFIX: uniquePrefix() };
		const nodeA = await startServer({ ...store, env: { ...store.env, ...redis } });
		cleanups.push(() => nodeA.close());
		const nodeB = await startServer({ ...store, env: { ...store.env, ...redis } });
		cleanups.push(() => nodeB.close());
		const { workshop } = await seedWorkshop(nodeA.services, { tableCount: 2 });
		const moving = await joinParticipant(nodeA.services, workshop);
		const participantId = nodeA.services.tokens.verify(moving.token)!.participantId;
		const board = stockClient({
			serverUrl: nodeB.url,
			room: roomName({ kind: 'table', workshopId: workshop.id, table: moving.table }),
			token: moving.token
		});
		cleanups.push(() => board.provider.destroy());
		await waitFor(() => board.provider.synced, 'board on node B synced', 5_000);

		await new Promise<void>((resolve) => {
			redisServer.child.once('exit', () => resolve());
			redisServer.child.kill('SIGKILL');
		});
		for (let i = 0; i < 50 && (await readiness(nodeA.url)).body.status !== 'degraded'; i++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		await nodeA.services.seating.move(workshop, participantId, moving.table === 1 ? 2 : 1);
		// Node B cannot hear of it yet; its connection stays open meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(board.closes).toEqual([]);

		redisServer = await startRedis(redisPort);
		await waitFor(() => board.closes.length > 0, 'old board closed on node B', 15_000);
		expect(board.closes[0]).toEqual(SYNC_CLOSE.seatChanged);
	}, 40_000);
});
