import type { Locator, Page } from '@playwright/test';
import type { ActorType } from '#shared/model/actor.ts';
import { expect, test, type JoinOptions } from './fixtures.ts';
import { AINO, BERTIL, CECILIA, LAPTOP, addNote, press, shoot, texts } from './outline-helpers.ts';
import {
	addCandidate,
	answerLeaf,
	candidate,
	chooseTask,
	expectNotReloaded,
	markDocument,
	nextPhase,
	pickCard,
	proposeCommitment,
	sendAsParticipant,
	sendFeedback,
	tableOf
} from './workshop-helpers.ts';

/** The default Neliapila leaves of the morning template, in order, as the table page names them. */
const LEAVES: readonly { actor: ActorType; name: string }[] = [
	{ actor: 'client', name: 'Asiakas' },
	{ actor: 'employment_office', name: 'TE-toimisto' },
	{ actor: 'social_services', name: 'Sosiaalipalvelut' },
	{ actor: 'education', name: 'Oppilaitos' }
];

interface Seat {
	page: Page;
	who: JoinOptions & { displayName: string };
	table: number;
	/** The participant's own leaf of the knot. */
	leaf: number;
}

/** Every note and card text inside `scope` (a textarea's value is no text content). */
function valuesIn(scope: Locator): Promise<string[]> {
	return scope
		.getByTestId('note-text')
		.evaluateAll((elements) => elements.map((element) => (element as HTMLTextAreaElement).value));
}

const TASK_PAIR = 'Asiakas putoaa palvelujen väliin muuton jälkeen';
const SEED_PAIR = 'Tulkkaus järjestyy liian myöhään';
const TASK_SOLO = 'Asiakkaan oma ääni ei kuulu suunnitelmassa';
const SEED_SOLO = 'Lomakkeet ovat vaikeita';
const AGREED = 'Työn varjostus sosiaalipalveluissa kevään aikana';
const DRAFT = 'Yhteinen palaveri kerran kuussa';
const SOLO_AGREED = 'Asiakasraati mukaan suunnitteluun';

test('a half-day workshop end to end: three participants at two tables follow every phase, and the agreed commitments reach the export', async ({
	page,
	browser,
	baseURL,
	signUpFacilitator,
	createWorkshop,
	joinAs,
	expectNoAxeViolations
}) => {
	test.setTimeout(180_000);
	await signUpFacilitator(page);
	const { workshopId, joinCode } = await createWorkshop(page, {
		title: 'Puolen päivän paja',
		tableCount: 2,
		template: 'half-day-morning'
	});

	// Three people join with the code; the walk-in seating mixes them over the two tables.
	const seats: Seat[] = [];
	for (const who of [AINO, BERTIL, CECILIA] as Seat['who'][]) {
		const context = await browser.newContext({ viewport: LAPTOP });
		const joined = await joinAs(context, joinCode, who);
		await markDocument(joined);
		await press(joined.getByTestId('view-outline'));
		seats.push({
			page: joined,
			who,
			table: await tableOf(joined),
			leaf: LEAVES.findIndex((leaf) => leaf.actor === who.actorType)
		});
	}
	const tableSizes = [1, 2].map((table) => seats.filter((seat) => seat.table === table).length);
	expect([...tableSizes].sort()).toEqual([1, 2]);
	const pairTable = tableSizes[0] === 2 ? 1 : 2;
	const [first, second] = seats.filter((seat) => seat.table === pairTable);
	const solo = seats.find((seat) => seat.table !== pairTable)!;
	const everyone = seats.map((seat) => seat.page);
	for (const seat of seats) {
		await expect(page.getByTestId(`table-participants-${seat.table}`)).toContainText(
			seat.who.organisation
		);
	}

	// Opening. A participant cannot move the day on: the server refuses, nothing changes.
	await page.getByTestId('start-day').click();
	await expect(page.getByTestId('phase-item').nth(0)).toHaveAttribute('aria-current', 'step');
	for (const participant of everyone) {
		await expect(participant.getByTestId('flow-phase-title')).toHaveText('Avaus');
	}
	const refused = await sendAsParticipant(first.page.context(), baseURL!, 'phase:go', {
		workshopId,
		index: 8
	});
	expect(refused).toEqual({ ok: false, error: 'forbidden' });
	await expect(page.getByTestId('phase-item').nth(0)).toHaveAttribute('aria-current', 'step');
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-1-opening');

	// Warm-up: each picks a metaphor card; a table's board holds its own picks only.
	await nextPhase(page, 1, everyone, 'Virittäytyminen metaforakorteilla');
	const why = (seat: Seat) => `${seat.who.displayName}: verkosto on kuin tämä kortti`;
	await pickCard(first.page, 'bridge', why(first));
	await pickCard(second.page, 'relay', why(second));
	await pickCard(solo.page, 'maze', why(solo));
	for (const seat of [first, second]) {
		await expect
			.poll(async () => (await texts(seat.page)).sort())
			.toEqual([why(first), why(second)].sort());
	}
	await expect.poll(() => texts(solo.page)).toEqual([why(solo)]);
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-2-warm-up');

	// Problem definition, private writing: nobody sees another's note until the reveal.
	await nextPhase(page, 2, everyone, 'Ongelman määrittely: nykykäytäntö');
	const noteOf = (seat: Seat) => `${seat.who.displayName} kirjoitti: tieto ei kulje`;
	for (const seat of seats) {
		await expect(seat.page.getByTestId('private-banner')).toBeVisible();
		await expect(seat.page.getByTestId('board-empty')).toBeVisible();
		await addNote(seat.page, noteOf(seat));
	}
	for (const seat of seats) await expect.poll(() => texts(seat.page)).toEqual([noteOf(seat)]);
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-3-private');
	await press(page.getByTestId('reveal-button'));
	await expect(page.getByTestId('reveal-done')).toBeVisible();
	for (const seat of [first, second]) {
		await expect(seat.page.getByTestId('private-banner')).toHaveCount(0);
		await expect
			.poll(() => texts(seat.page))
			.toEqual(expect.arrayContaining([noteOf(first), noteOf(second)]));
		expect(await texts(seat.page)).not.toContain(noteOf(solo));
	}
	await expect.poll(() => texts(solo.page)).toContain(noteOf(solo));
	expect(await texts(solo.page)).not.toContain(noteOf(first));

	// Choosing the task: candidates, dot voting, and each table records its own choice.
	await nextPhase(page, 3, everyone, 'Kehittämistehtävän valinta');
	await addCandidate(first.page, TASK_PAIR);
	await addCandidate(second.page, SEED_PAIR);
	await addCandidate(solo.page, TASK_SOLO);
	await addCandidate(solo.page, SEED_SOLO);
	await press(candidate(first.page, TASK_PAIR).getByTestId('pd-vote'));
	await press(candidate(first.page, TASK_PAIR).getByTestId('pd-vote'));
	await press(candidate(second.page, TASK_PAIR).getByTestId('pd-vote'));
	await press(candidate(second.page, SEED_PAIR).getByTestId('pd-vote'));
	await press(candidate(solo.page, TASK_SOLO).getByTestId('pd-vote'));
	for (const seat of [first, second]) {
		await expect(candidate(seat.page, TASK_PAIR).getByTestId('pd-votes')).toHaveText('Ääniä: 3');
		await expect(candidate(seat.page, SEED_PAIR).getByTestId('pd-votes')).toHaveText('Ääniä: 1');
		await expect(seat.page.getByTestId('pd-candidate')).toHaveCount(2);
	}
	await expect(first.page.getByTestId('pd-votes-left')).toHaveText('Sinulla on ääniä jäljellä: 1');
	await expect(candidate(solo.page, TASK_SOLO).getByTestId('pd-votes')).toHaveText('Ääniä: 1');
	await expect(solo.page.getByTestId('pd-candidate')).toHaveCount(2);
	await chooseTask(second.page, TASK_PAIR);
	await chooseTask(solo.page, TASK_SOLO);
	await expect(first.page.getByTestId('pd-chosen-text')).toHaveText(TASK_PAIR);
	for (const seat of [first, second]) {
		await expect(seat.page.getByTestId('pd-seed-list')).toHaveText(SEED_PAIR);
	}
	await expect(solo.page.getByTestId('pd-seed-list')).toHaveText(SEED_SOLO);
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-4-task');

	// Plenary: the projector shows both tasks; the facilitator harvests them into the plenary
	// document and calls everyone there, then sends them back to their tables.
	await nextPhase(page, 4, everyone, 'Yhteiskeskustelu: pöytien tehtävät');
	const projector = await page.context().newPage();
	await projector.goto(`/facilitator/w/${workshopId}/projector`);
	await expect(projector.getByTestId(`projector-task-${pairTable}`)).toContainText(TASK_PAIR);
	await expect(projector.getByTestId(`projector-task-${solo.table}`)).toContainText(TASK_SOLO);
	const desk = await page.context().newPage();
	await desk.goto(`/facilitator/w/${workshopId}/plenary`);
	await desk
		.getByTestId(`harvest-table-${pairTable}`)
		.getByRole('checkbox', { name: TASK_PAIR, exact: true })
		.check();
	await desk
		.getByTestId(`harvest-table-${solo.table}`)
		.getByRole('checkbox', { name: TASK_SOLO, exact: true })
		.check();
	await desk.getByTestId('harvest-submit').click();
	await expect(desk.getByTestId('harvest-status')).toHaveText('Tuotu yhteiseen tauluun: 2.');
	// Who is heard: each dot counts for its voter's actor group.
	await desk.goto(`/facilitator/w/${workshopId}/voices`);
	for (const [seat, dots] of [
		[first, 2],
		[second, 2],
		[solo, 1]
	] as const) {
		await expect(
			desk
				.locator(`[data-testid="voices-row"][data-actor="${seat.who.actorType}"]`)
				.getByTestId('voices-votes')
		).toHaveText(String(dots));
	}
	await page.getByTestId('plenary-toggle').click();
	for (const participant of everyone) {
		const plenary = participant.getByTestId('flow-plenary');
		await expect(plenary).toBeVisible();
		await expect
			.poll(async () => (await valuesIn(plenary)).sort())
			.toEqual([TASK_PAIR, TASK_SOLO].sort());
	}
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-5-plenary');
	await page.getByTestId('plenary-toggle').click();
	for (const participant of everyone) {
		await expect(participant.getByTestId('flow-plenary')).toHaveCount(0);
	}

	await nextPhase(page, 5, everyone, 'Kahvitauko');

	// Neliapila: each fills their own actor's leaf; the pair's knot is not the solo table's.
	await nextPhase(page, 6, everyone, 'Ratkaisujen kehittäminen: neliapila');
	const brings = (seat: Seat) => `${seat.who.displayName}: oma osaaminen solmuun`;
	for (const seat of seats) {
		await expect(seat.page.getByTestId('knot-view')).toBeVisible();
		await answerLeaf(seat.page, seat.leaf, 'brings', brings(seat));
	}
	const shared = first.page.getByTestId('knot-shared-any-input');
	await shared.fill('Yksi polku asiakkaalle');
	await shared.press('Enter');
	await expect(second.page.getByTestId('knot-shared')).toContainText('Yksi polku asiakkaalle');
	await expect(second.page.getByTestId(`knot-leaf-${first.leaf}-brings`)).toContainText(
		brings(first)
	);
	await expect(solo.page.getByTestId('knot-shared')).not.toContainText('Yksi polku');
	const empty = (filled: Seat[]) =>
		`Tyhjiä lehtiä: ${LEAVES.filter((_, index) => !filled.some((seat) => seat.leaf === index))
			.map((leaf) => leaf.name)
			.join(', ')}`;
	await expect(first.page.getByTestId('knot-balance-summary')).toHaveText(empty([first, second]));
	await expect(solo.page.getByTestId('knot-balance-summary')).toHaveText(empty([solo]));
	await expect(page.getByTestId(`knot-overview-${solo.table}`)).toContainText(
		LEAVES[first.leaf].name
	);
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-6-neliapila');

	// Commitments: tables propose; the facilitator marks two of them agreed.
	await nextPhase(page, 7, everyone, 'Sitoumukset');
	const tableForm = (seat: Seat) => seat.page.getByTestId('commitment-form-new');
	await proposeCommitment(tableForm(first), {
		what: AGREED,
		owner: 'social_services',
		due: '2027-05-31',
		firstStep: 'Sovitaan päivät esihenkilöiden kanssa'
	});
	await proposeCommitment(tableForm(second), { what: DRAFT, owner: 'employment_office' });
	await proposeCommitment(tableForm(solo), { what: SOLO_AGREED, owner: 'client' });
	for (const [seat, what] of [
		[first, AGREED],
		[second, DRAFT],
		[solo, SOLO_AGREED]
	] as const) {
		const row = seat.page.getByTestId('commitment').filter({ hasText: what });
		await expect(row.getByTestId('commitment-state')).toHaveText('Ehdotus');
		// A table proposes; the room agrees in the plenary, where the facilitator marks it.
		await expect(row.getByTestId('commitment-agree')).toHaveCount(0);
	}
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-7-commitments');
	await desk.goto(`/facilitator/w/${workshopId}/commitments`);
	await expect(desk.getByTestId('commitment')).toHaveCount(3);
	for (const what of [AGREED, SOLO_AGREED]) {
		const row = desk.getByTestId('commitment').filter({ hasText: what });
		await row.getByTestId('commitment-agree').click();
		await expect(row.getByTestId('commitment-state')).toHaveText('Sovittu');
	}

	// Feedback: the tables see which of their proposals were agreed, and each answers.
	await nextPhase(page, 8, everyone, 'Lopetus ja palaute');
	for (const seat of [first, second]) {
		const rows = seat.page.getByTestId('commitment');
		await expect(rows).toHaveCount(2);
		await expect(rows.filter({ hasText: AGREED }).getByTestId('commitment-state')).toHaveText(
			'Sovittu'
		);
		await expect(rows.filter({ hasText: DRAFT }).getByTestId('commitment-state')).toHaveText(
			'Ehdotus'
		);
	}
	await expect(solo.page.getByTestId('commitment')).toHaveCount(1);
	await expect(solo.page.getByTestId('commitment-state')).toHaveText('Sovittu');
	await expect(solo.page.getByTestId('commitment-agree')).toHaveCount(0);
	await sendFeedback(first.page, [5, 4, 5], 'Sitoumukset jäivät käteen.');
	await sendFeedback(second.page, [4, 4, 4]);
	await sendFeedback(solo.page, [3, 5, 4]);
	await expectNoAxeViolations(first.page);
	await shoot(first.page, 'half-day-8-feedback');
	await desk.goto(`/facilitator/w/${workshopId}/feedback`);
	await expect(desk.getByTestId('feedback-count')).toHaveText('Vastauksia: 3');

	for (const participant of everyone) await expectNotReloaded(participant);

	// The export holds the agreed commitments only, with the tables' tasks, seeds and knots.
	const markdown = await page.request.get(`/facilitator/w/${workshopId}/export?format=md&lang=fi`);
	expect(markdown.status()).toBe(200);
	const md = await markdown.text();
	expect(md).toContain(AGREED);
	expect(md).toContain(SOLO_AGREED);
	expect(md).not.toContain(DRAFT);
	const json = await page.request.get(`/facilitator/w/${workshopId}/export?format=json&lang=fi`);
	expect(json.status()).toBe(200);
	const report = (await json.json()) as {
		commitments: { what: string; table: number | null; ownerActorType: string; due: string }[];
		tables: {
			table: number;
			developmentTask: string | null;
			knot: { leaves: { items: string[] }[]; sharedObject: string[] } | null;
		}[];
		developmentSeeds: { table: number | null; text: string }[];
		feedback: { responses: number } | null;
	};
	expect(
		report.commitments
			.map(({ what, table, ownerActorType }) => ({ what, table, ownerActorType }))
			.sort((a, b) => a.what.localeCompare(b.what))
	).toEqual(
		[
			{ what: AGREED, table: pairTable, ownerActorType: 'social_services' },
			{ what: SOLO_AGREED, table: solo.table, ownerActorType: 'client' }
		].sort((a, b) => a.what.localeCompare(b.what))
	);
	expect(report.commitments.find((c) => c.what === AGREED)?.due).toBe('2027-05-31');
	const tableReport = (table: number) => report.tables.find((entry) => entry.table === table);
	expect(tableReport(pairTable)?.developmentTask).toBe(TASK_PAIR);
	expect(tableReport(solo.table)?.developmentTask).toBe(TASK_SOLO);
	expect(tableReport(pairTable)?.knot?.sharedObject).toEqual(['Yksi polku asiakkaalle']);
	expect(tableReport(pairTable)?.knot?.leaves[first.leaf].items).toEqual([brings(first)]);
	expect(tableReport(solo.table)?.knot?.leaves[solo.leaf].items).toEqual([brings(solo)]);
	expect(report.developmentSeeds).toEqual(
		expect.arrayContaining([
			{ table: pairTable, text: SEED_PAIR },
			{ table: solo.table, text: SEED_SOLO }
		])
	);
	expect(report.feedback?.responses).toBe(3);

	for (const participant of everyone) await participant.context().close();
});
