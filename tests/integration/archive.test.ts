import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import { PARTICIPANT_COOKIE } from '#server/auth/tokens.ts';
import type { RunningServer } from '#server/app.ts';
import { startRajapinta } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { pdfText } from '#server/exports/fixtures/read.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import type { ParticipantId } from '#shared/model/ids.ts';
import { goToPhase } from '#shared/model/workshop-ops.ts';
import { joinParticipant, newStore, seedWorkshop, STORE_KINDS, type TestStore } from './harness.ts';

/**
 * Commitment records, the network archive and follow-up (issue 6) on a real server, on both
 * stores: a table proposes commitments through its page's form actions, a facilitator agrees
 * them and shares the workshop with a network, a member follows a commitment up, and anybody else gets 404.
 */
describe.each(STORE_KINDS)('commitments and the network archive (%s)', (kind) => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	let participantCookie: string;
	let participantId: ParticipantId;
	let table: number;

	/** A form action as a browser with JavaScript posts it: SvelteKit answers with JSON. */
	const post = async (path: string, fields: Record<string, string>, cookie: string) => {
		const response = await fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: {
				cookie,
				origin: server.url,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});
		const body = (await response.json()) as { type: string; status?: number; data?: string };
		return { status: response.status, ...body };
	};
	const get = (path: string, cookie?: string) =>
		fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
	const signUp = async (email: string) => {
		const session = await server.services.accounts.signUp({
			email,
			password: 'correct horse battery',
			displayName: email.split('@')[0]
		});
		return { user: session.user, cookie: `rp_session=${session.token}` };
	};
	const openCommitmentsPhase = () =>
		server.services.workshops.change(workshop.id, (state, now) =>
			goToPhase(
				state,
				state.phases.findIndex((phase) => phase.kind === 'commitments'),
				now
			)
		);
	const draft = {
		what: '=Työkierto TE-toimiston ja sosiaalipalvelujen välillä',
		ownerActorType: 'employment_office',
		due: '2026-01-31',
		firstStep: 'Sovitaan ensimmäinen vierailu',
		namedPerson: ''
	};

	beforeAll(async () => {
		store = newStore(kind);
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
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
		const seat = await joinParticipant(server.services, workshop, 'social_services');
		participantCookie = `${PARTICIPANT_COOKIE}=${seat.token}`;
		// The only participant so far.
		[{ id: participantId }] = await server.services.storage.participants.listByWorkshop(
			workshop.id
		);
		table = seat.table;
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	const tablePage = () => `/w/${workshop.id}/table`;

	it('refuses a participant while the commitments phase is closed', async () => {
		const result = await post(`${tablePage()}?/propose`, draft, participantCookie);
		expect(result).toMatchObject({ type: 'failure', status: 409 });
		expect(await server.services.storage.commitments.listByWorkshop(workshop.id)).toEqual([]);
	});

	it('stores a table proposal and refuses a name without consent; only the facilitator agrees it', async () => {
		await openCommitmentsPhase();
		const named = await post(
			`${tablePage()}?/propose`,
			{ ...draft, namedPerson: 'Aino Esimerkki' },
			participantCookie
		);
		expect(named).toMatchObject({ type: 'failure', status: 400 });
		expect(named.data).toContain('consent_required');
		const empty = await post(
			`${tablePage()}?/propose`,
			{ ...draft, what: '  ' },
			participantCookie
		);
		expect(empty.data).toContain('what_required');

		const ok = await post(`${tablePage()}?/propose`, draft, participantCookie);
		expect(ok).toMatchObject({ type: 'success' });
		const consenting = await post(
			`${tablePage()}?/propose`,
			{
				...draft,
				what: 'Verkostodialogi',
				namedPerson: 'Aino Esimerkki',
				namedPersonConsent: 'on'
			},
			participantCookie
		);
		expect(consenting.type).toBe('success');
		const stored = await server.services.storage.commitments.listByWorkshop(workshop.id);
		expect(stored.map((c) => [c.what, c.table, c.namedPerson, c.agreed])).toEqual([
			[draft.what, table, null, false],
			['Verkostodialogi', table, 'Aino Esimerkki', false]
		]);
		// The room agrees in the plenary: the table page has no agree action, and the service
		// refuses a participant who asks anyway.
		const tableAgree = await post(
			`${tablePage()}?/agree`,
			{ id: stored[0].id, agreed: '1' },
			participantCookie
		);
		expect(tableAgree.type).not.toBe('success');
		await expect(
			server.services.commitments.setAgreed({
				actor: { kind: 'participant', participantId },
				workshopId: workshop.id,
				id: stored[0].id,
				agreed: true
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		expect((await server.services.storage.commitments.findById(stored[0].id))?.agreed).toBe(false);
		const agree = await post(
			`/facilitator/w/${workshop.id}/commitments?/agree`,
			{ id: stored[0].id, agreed: '1' },
			facilitatorCookie
		);
		expect(agree.type).toBe('success');
		expect((await server.services.storage.commitments.findById(stored[0].id))?.agreed).toBe(true);
	});

	it('keeps a participant to their own table; a facilitator edits any table', async () => {
		const other = table === 1 ? 2 : 1;
		const theirs = await server.services.commitments.propose({
			actor: { kind: 'user', userId: workshop.createdBy },
			workshopId: workshop.id,
			table: other,
			input: { ...draft, what: 'Toisen pöydän sitoumus' }
		});
		const page = await get(tablePage(), participantCookie);
		expect(await page.text()).not.toContain('Toisen pöydän sitoumus');
		const edit = await post(
			`${tablePage()}?/edit`,
			{ id: theirs.id, ...draft, what: 'kaapattu' },
			participantCookie
		);
		expect(edit.status).toBe(404);
		const facilitatorEdit = await post(
			`/facilitator/w/${workshop.id}/commitments?/agree`,
			{ id: theirs.id, agreed: '1' },
			facilitatorCookie
		);
		expect(facilitatorEdit.type).toBe('success');
		expect((await server.services.storage.commitments.findById(theirs.id))?.what).toBe(
			'Toisen pöydän sitoumus'
		);
	});

	it("refuses a participant's edit or removal of an agreed commitment; a facilitator still edits it", async () => {
		const agreed = (await server.services.storage.commitments.listByWorkshop(workshop.id)).find(
			(c) => c.what === draft.what
		)!;
		expect(agreed).toMatchObject({ agreed: true, table });
		const edit = await post(
			`${tablePage()}?/edit`,
			{ id: agreed.id, ...draft, what: 'muutettu jälkikäteen' },
			participantCookie
		);
		expect(edit).toMatchObject({ type: 'failure', status: 409 });
		expect(edit.data).toContain('agreed_locked');
		const remove = await post(`${tablePage()}?/remove`, { id: agreed.id }, participantCookie);
		expect(remove).toMatchObject({ type: 'failure', status: 409 });
		expect(remove.data).toContain('agreed_locked');
		await expect(
			server.services.commitments.remove({
				actor: { kind: 'participant', participantId },
				workshopId: workshop.id,
				id: agreed.id
			})
		).rejects.toMatchObject({ code: 'conflict' });
		// Stored exactly as it was agreed, down to the time of the last change.
		expect(await server.services.storage.commitments.findById(agreed.id)).toEqual(agreed);
		// The table page says so instead of offering the edit and remove buttons.
		const html = await (await get(tablePage(), participantCookie)).text();
		expect(html).toContain('data-testid="commitment-locked"');

		const facilitatorEdit = await post(
			`/facilitator/w/${workshop.id}/commitments?/edit`,
			{ id: agreed.id, ...draft, firstStep: 'Sovitaan vierailu tammikuussa' },
			facilitatorCookie
		);
		expect(facilitatorEdit.type).toBe('success');
		expect(await server.services.storage.commitments.findById(agreed.id)).toMatchObject({
			what: draft.what,
			firstStep: 'Sovitaan vierailu tammikuussa',
			agreed: true
		});
	});

	it('the workshop export lists agreed commitments only', async () => {
		const response = await get(
			`/facilitator/w/${workshop.id}/export?format=json`,
			facilitatorCookie
		);
		const report = (await response.json()) as { commitments: { what: string }[] };
		expect(report.commitments.map((c) => c.what).sort()).toEqual(
			[draft.what, 'Toisen pöydän sitoumus'].sort()
		);
	});

	it('a shared workshop shows in the archive for members only; others get 404', async () => {
		const member = await signUp(`member-${kind}@example.fi`);
		const outsider = await signUp(`outsider-${kind}@example.fi`);
		const owner = await server.services.networks.create(workshop.createdBy, 'Pohjois-Savo');
		const invite = await post(
			`/facilitator/networks/${owner.id}?/invite`,
			{ email: `MEMBER-${kind}@example.fi` },
			facilitatorCookie
		);
		expect(invite.type).toBe('success');
		const unknownInvite = await post(
			`/facilitator/networks/${owner.id}?/invite`,
			{ email: 'nobody@example.fi' },
			facilitatorCookie
		);
		expect(unknownInvite.data).toContain('no_account');

		expect(await (await get(`/facilitator/networks/${owner.id}`, member.cookie)).text()).toContain(
			'archive-empty'
		);
		const share = await post(
			`/facilitator/w/${workshop.id}/commitments?/share`,
			{ networkId: owner.id, shared: '1' },
			facilitatorCookie
		);
		expect(share.type).toBe('success');

		const archive = await get(`/facilitator/networks/${owner.id}?locality=Kuopio`, member.cookie);
		expect(archive.status).toBe(200);
		const html = await archive.text();
		expect(html).toContain('Toisen pöydän sitoumus');
		expect(html).toContain('data-testid="overdue"');
		expect(html).not.toContain('Verkostodialogi');

		for (const path of [
			`/facilitator/networks/${owner.id}`,
			`/facilitator/networks/${owner.id}/export?kind=overview&format=json`,
			`/facilitator/networks/${owner.id}/export?kind=locality&locality=Kuopio&format=json`,
			`/facilitator/networks/nonexistent-network/export?kind=overview&format=json`
		]) {
			expect((await get(path, outsider.cookie)).status, path).toBe(404);
		}
		const [commitment] = await server.services.storage.commitments.listByWorkshop(workshop.id);
		const sneaky = await post(
			`/facilitator/networks/${owner.id}?/followUp`,
			{ id: commitment.id, status: 'done', date: '2026-12-01', note: '' },
			outsider.cookie
		);
		expect(sneaky.status).toBe(404);
		const outsiderNetwork = await server.services.networks.create(outsider.user.id, 'Muu');
		const viaOwn = await post(
			`/facilitator/networks/${outsiderNetwork.id}?/followUp`,
			{ id: commitment.id, status: 'done', date: '2026-12-01', note: '' },
			outsider.cookie
		);
		expect(viaOwn.status).toBe(404);
		const share2 = await post(
			`/facilitator/w/${workshop.id}/commitments?/share`,
			{ networkId: outsiderNetwork.id, shared: '1' },
			facilitatorCookie
		);
		expect(share2.status).toBe(404);
		expect((await server.services.storage.commitments.findById(commitment.id))?.status).toBe(
			'not_started'
		);
	});

	it('a member follows a commitment up; history is kept and the locality report shows the status', async () => {
		const member = await signUp(`follower-${kind}@example.fi`);
		const [network] = await server.services.networks.listFor(workshop.createdBy);
		await server.services.networks.invite(network.id, workshop.createdBy, member.user.email);
		const [commitment] = (
			await server.services.storage.commitments.listByWorkshop(workshop.id)
		).filter((c) => c.agreed);
		const step = (status: string, date: string, note: string) =>
			post(
				`/facilitator/networks/${network.id}?/followUp`,
				{ id: commitment.id, status, date, note },
				member.cookie
			);
		expect((await step('in_progress', '2026-12-01', 'Ensimmäinen vierailu sovittu')).type).toBe(
			'success'
		);
		expect((await step('done', '2026-12-15', '')).type).toBe('success');
		expect((await step('finished', '2026-12-15', '')).data).toContain('status_required');
		expect((await step('done', '2026-02-30', '')).status).toBe(400);

		const history = await server.services.storage.commitments.listFollowUps(commitment.id);
		expect(history.map((h) => [h.status, h.date, h.note, h.authorName])).toEqual([
			['in_progress', '2026-12-01', 'Ensimmäinen vierailu sovittu', member.user.displayName],
			['done', '2026-12-15', '', member.user.displayName]
		]);
		const response = await get(
			`/facilitator/networks/${network.id}/export?kind=locality&locality=Kuopio&format=pdf&lang=fi`,
			member.cookie
		);
		expect(response.status).toBe(200);
		const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
		expect(text).toContain('Tehty');
		const json = await get(
			`/facilitator/networks/${network.id}/export?kind=locality&locality=Kuopio&format=json`,
			member.cookie
		);
		const report = (await json.json()) as { commitments: { id: string; status: string }[] };
		expect(report.commitments.find((c) => c.id === commitment.id)?.status).toBe('done');
	});
});
