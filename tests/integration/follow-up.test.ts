import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import * as Y from 'yjs';
import {
	applyBoardTemplate,
	chooseTask,
	createNote,
	readBoard,
	readItem,
	readProblemDefinition,
	templateItemId
} from '#shared/model/board.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { startRajapinta, type RunningServer } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import {
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	type TestStore
} from './harness.ts';

const OPEN = 'Yhteinen neuvontapiste kirjastoon';
const IN_PROGRESS = 'Työnohjaus kuukausittain';
const DONE = 'Työkierto on jo tehty';
const DROPPED = 'Hankehakemus jätettiin pois';
const DRAFT = 'Luonnos, jota ei sovittu';
const CHOSEN = 'Yhteinen asiakaspolku';
const SEEDS = ['Kielitaidon tuki töissä', 'Tiedon kulku palvelujen välillä'];

/**
 * "Start a follow-up session" (issue 6) and "Open commitments return" (issue 4) on a real server:
 * a network member starts a follow-up from a past workshop in the archive; the new workshop is for
 * the same locality, uses the follow-up template, is shared with the network, and its opening
 * phase shows the locality's open commitments (not done, not dropped, agreed only) to the
 * participants, and no longer once the room moves on. When its problem-definition phase begins,
 * each table's candidates area holds the earlier workshop's unchosen seeds of that table.
 */
describe('follow-up sessions', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let cookie: string;
	let networkId: string;

	const post = async (path: string, fields: Record<string, string>, asCookie: string) => {
		const response = await fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: {
				cookie: asCookie,
				origin: server.url,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
		const body = (await response.json()) as { type: string; status?: number; location?: string };
		return { status: response.status, ...body };
	};

	beforeAll(async () => {
		store = newStore('embedded');
		vite = await createServer({
			configFile: 'vite.config.ts',
			server: { middlewareMode: true, hmr: false, ws: false },
			appType: 'custom',
			logLevel: 'silent'
		});
		server = await startRajapinta({
			config: loadConfig({
				PORT: '0',
				HOST: '127.0.0.1',
				SEED_DEMO: 'false',
				LOG_LEVEL: 'quiet',
				RETENTION_JOB: 'false',
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		({ workshop, facilitatorCookie: cookie } = await seedWorkshop(server.services));
		const userId = workshop.createdBy as UserId;
		const { commitments, networks } = server.services;
		const actor = { kind: 'user', userId } as const;
		for (const [what, status] of [
			[OPEN, null],
			[IN_PROGRESS, 'in_progress'],
			[DONE, 'done'],
			[DROPPED, 'dropped'],
			[DRAFT, 'draft']
		] as const) {
			const made = await commitments.propose({
				actor,
				workshopId: workshop.id,
				table: null,
				input: {
					what,
					ownerActorType: 'social_services',
					due: '2026-12-01',
					firstStep: `Ensin: ${what}`,
					namedPerson: '',
					namedPersonConsent: false
				}
			});
			if (status === 'draft') continue;
			await commitments.setAgreed({ actor, workshopId: workshop.id, id: made.id, agreed: true });
			if (status) {
				await commitments.followUp({
					userId,
					id: made.id,
					input: { status, date: '2027-01-10', note: '' }
				});
			}
		}
		// Table 1 chose a task and left two seeds; table 2 chose nothing, so it left none.
		const boards = [1, 2].map(() => new Y.Doc());
		for (const [i, texts] of [[CHOSEN, ...SEEDS], ['Ei vielä valittu']].entries()) {
			applyBoardTemplate(boards[i], 'problem-candidates', { now: 1 });
			const area = readItem(boards[i], templateItemId('problem-candidates', 'candidates'))!;
			texts.forEach((text, n) =>
				createNote(boards[i], {
					actorType: 'ngo',
					text,
					x: area.x + 24 + n * 224,
					y: area.y + 72,
					now: 10 + n
				})
			);
		}
		const chosen = readBoard(boards[0]).items.find(
			(item) => 'text' in item && item.text === CHOSEN
		);
		expect(chooseTask(boards[0], chosen!.id)).toBeNull();
		await server.services.storage.documents.append(
			boards.map((doc, i) => ({
				name: roomName({ kind: 'table', workshopId: workshop.id, table: i + 1 }),
				update: Y.encodeStateAsUpdate(doc)
			}))
		);
		networkId = (await networks.create(userId, 'Savon verkosto')).id;
		await networks.setShared({ userId, workshopId: workshop.id, networkId, shared: true });
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	it('a non-member cannot start one', async () => {
		const outsider = await server.services.accounts.signUp({
			email: 'ulkopuolinen-follow@example.fi',
			password: 'correct horse battery',
			displayName: 'Ulkopuolinen'
		});
		const refused = await post(
			`/facilitator/networks/${networkId}?/startFollowUp`,
			{ workshop: workshop.id },
			`rp_session=${outsider.token}`
		);
		expect(refused.status).toBe(404);
	});

	it('a member starts one from the archive; the room sees the open commitments in the opening phase only', async () => {
		const archive = await fetch(`${server.url}/facilitator/networks/${networkId}`, {
			headers: { cookie }
		});
		expect(await archive.text()).toContain('startFollowUp');
		const started = await post(
			`/facilitator/networks/${networkId}?/startFollowUp`,
			{ workshop: workshop.id },
			cookie
		);
		expect(started).toMatchObject({ type: 'redirect', status: 303 });
		const newId = /\/facilitator\/w\/([A-Za-z0-9_-]+)\/plan$/.exec(started.location ?? '')![1];
		const { services } = server;
		const created = (await services.workshops.get(newId as WorkshopId))!;
		expect(created.locality).toBe(workshop.locality);
		expect(created.title).toContain(workshop.locality);
		expect(created.tableCount).toBe(workshop.tableCount);
		const follow = services.workshops.templates.find((t) => t.id === 'follow-up')!;
		expect(created.state.phases.map((p) => p.id)).toEqual(follow.phases.map((p) => p.id));
		expect(created.state.phases[0].kind).toBe('opening');
		expect(await services.storage.networks.listWorkshopIds(networkId)).toContain(newId);
		expect(await services.workshops.isFacilitator(created.id, workshop.createdBy as UserId)).toBe(
			true
		);

		const open = await services.followUps.openCommitments(created.id);
		// One earlier workshop: its commitments come in creation order, and these two may share a
		// millisecond (then the store orders them by their random ids).
		expect(open!.map((c) => c.what).sort()).toEqual([OPEN, IN_PROGRESS].sort());
		expect(open!.find((c) => c.what === OPEN)).toMatchObject({
			workshopDate: workshop.date,
			overdue: true
		});
		// The source workshop itself is no follow-up session.
		expect(await services.followUps.openCommitments(workshop.id)).toBeNull();

		const participant = await joinParticipant(services, created);
		const tablePage = async () =>
			(
				await fetch(`${server.url}/w/${created.id}/table`, {
					headers: { cookie: `rp_participant=${participant.token}` }
				})
			).text();
		const during = await tablePage();
		expect(during).toContain('data-testid="open-commitments"');
		for (const shown of [OPEN, IN_PROGRESS]) expect(during).toContain(shown);
		for (const hidden of [DONE, DROPPED, DRAFT]) expect(during).not.toContain(hidden);

		const facilitator = controlClient({ serverUrl: server.url, cookie });
		try {
			const moved = await facilitator.emitWithAck('phase:go', { workshopId: created.id, index: 1 });
			expect(moved.ok).toBe(true);
		} finally {
			facilitator.disconnect();
		}
		const after = await tablePage();
		expect(after).not.toContain('data-testid="open-commitments"');
		expect(after).not.toContain(OPEN);

		// The problem-definition phase began: table 1's candidates are the earlier table 1's seeds.
		expect(created.state.phases[1]).toMatchObject({
			kind: 'problem_definition',
			boardTemplate: 'problem-candidates'
		});
		const boardOf = async (table: number) => {
			const doc = new Y.Doc();
			const name = roomName({ kind: 'table', workshopId: created.id, table });
			for (const update of await services.storage.documents.load(name)) Y.applyUpdate(doc, update);
			return readProblemDefinition(readBoard(doc));
		};
		const deadline = Date.now() + 5_000;
		while ((await boardOf(1)).candidates.length < SEEDS.length && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		const table1 = await boardOf(1);
		expect(table1.candidates.map((note) => note.text).sort()).toEqual([...SEEDS].sort());
		for (const note of table1.candidates) {
			expect(note.seedFrom).toBe(workshop.date);
		}
		expect(table1.chosen).toEqual([]);
		const table2 = await boardOf(2);
		expect(table2.areas.candidates).not.toBeNull();
		expect(table2.candidates).toEqual([]);
	});
});
