import { expect, it } from 'vitest';
import type { ActorType } from '#shared/model/actor.ts';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import type { ContractContext } from './storage.contract.ts';
import type { CommitmentRecord } from './storage.ts';

const NOW = Date.UTC(2026, 11, 3, 9);
const W1 = 'workshop-1' as WorkshopId;
const W2 = 'workshop-2' as WorkshopId;

async function seed(ctx: ContractContext): Promise<void> {
	const { storage } = ctx;
	await storage.users.create({
		id: 'user-1' as UserId,
		email: 'privacy@example.fi',
		displayName: 'Fasilitoija',
		passwordHash: 'scrypt$x',
		createdAt: NOW
	});
	for (const [n, date] of [
		[1, '2026-12-03'],
		[2, '2026-09-01']
	] as const) {
		await storage.workshops.create({
			id: `workshop-${n}` as WorkshopId,
			title: `Paja ${n}`,
			locality: 'Oulu',
			date,
			duration: 'morning',
			joinCode: `PRIV234${n}` as JoinCode,
			tableCount: 2,
			tablesSeeEachOther: false,
			state: initialLiveState(),
			createdBy: 'user-1' as UserId,
			createdAt: NOW
		});
	}
	const people: [string, WorkshopId, string | null, ActorType, number][] = [
		['p-aino', W1, 'Äino Esimerkki', 'ngo', 1],
		['p-bo', W1, 'Bo Exempel', 'ngo', 2],
		['p-anon', W1, null, 'education', 1],
		['p-other', W2, 'Toinen Paja', 'client', 1]
	];
	for (const [id, workshopId, displayName, actorType, table] of people) {
		await storage.participants.create({
			id: id as ParticipantId,
			workshopId,
			displayName,
			organisation: `Org of ${id}`,
			actorType,
			table,
			joinedAt: NOW
		});
	}
	await storage.seating.addRound({
		workshopId: W1,
		seating: { 'p-aino': 1, 'p-bo': 2, 'p-anon': 1 },
		createdAt: NOW
	});
	await storage.seating.addRound({ workshopId: W2, seating: { 'p-other': 1 }, createdAt: NOW });
	const cap = { maxPerTable: 10 };
	for (const [id, workshopId, namedPerson] of [
		['c-aino', W1, '  äino   ESIMERKKI '],
		['c-bo', W1, 'Bo Exempel'],
		['c-none', W1, null],
		['c-other', W2, 'Äino Esimerkki']
	] as const) {
		await storage.commitments.create(commitment(id, workshopId, namedPerson), cap);
	}
}

const commitment = (
	id: string,
	workshopId: WorkshopId,
	namedPerson: string | null
): CommitmentRecord => ({
	id,
	workshopId,
	table: 1,
	what: `Työkierto ${id}`,
	ownerActorType: 'ngo',
	namedPerson,
	due: null,
	firstStep: 'Sovitaan tapaaminen',
	status: 'not_started',
	agreed: true,
	createdAt: NOW,
	updatedAt: NOW
});

async function namedPersons(ctx: ContractContext): Promise<Record<string, string | null>> {
	const all = [
		...(await ctx.storage.commitments.listByWorkshop(W1)),
		...(await ctx.storage.commitments.listByWorkshop(W2))
	];
	return Object.fromEntries(all.map((c) => [c.id, c.namedPerson]));
}

/** Erasure of personal data and retention (issue 5): IDs PV1… */
export function describePrivacyContract(ctx: ContractContext): void {
	const privacy = () => ctx.storage.privacy;

	it('[PV1] erasing a participant removes them, their seats and their named commitments, and counts them', async () => {
		await seed(ctx);
		const erased = await privacy().eraseParticipant('p-aino' as ParticipantId, {
			namedPerson: 'Äino Esimerkki'
		});
		expect(erased).toMatchObject({ id: 'p-aino', workshopId: W1, organisation: 'Org of p-aino' });
		expect(await ctx.storage.participants.findById('p-aino' as ParticipantId)).toBeNull();
		expect((await ctx.storage.participants.listByWorkshop(W1)).map((p) => p.id).sort()).toEqual([
			'p-anon',
			'p-bo'
		]);
		expect((await ctx.storage.seating.listRounds(W1))[0].seating).toEqual({
			'p-bo': 2,
			'p-anon': 1
		});
		// Only this workshop's commitment that names them; the commitment itself stays.
		expect(await namedPersons(ctx)).toEqual({
			'c-aino': null,
			'c-bo': 'Bo Exempel',
			'c-none': null,
			'c-other': 'Äino Esimerkki'
		});
		expect(await privacy().erasedCounts(W1)).toEqual({ ngo: 1 });
		expect(
			await privacy().eraseParticipant('p-aino' as ParticipantId, { namedPerson: null })
		).toBeNull();
		expect(await privacy().erasedCounts(W1)).toEqual({ ngo: 1 });
	});

	it('[PV2] an anonymous participant clears no named person', async () => {
		await seed(ctx);
		await privacy().eraseParticipant('p-anon' as ParticipantId, { namedPerson: null });
		expect(Object.values(await namedPersons(ctx)).filter((name) => name !== null)).toHaveLength(3);
		expect(await privacy().erasedCounts(W1)).toEqual({ education: 1 });
	});

	it('[PV3] erasing a workshop leaves no participant, seat or named person of it, and counts them', async () => {
		await seed(ctx);
		await privacy().eraseParticipant('p-bo' as ParticipantId, { namedPerson: 'Bo Exempel' });
		const ids = await privacy().eraseWorkshop(W1, NOW + 5);
		expect(ids.sort()).toEqual(['p-aino', 'p-anon']);
		expect(await ctx.storage.participants.listByWorkshop(W1)).toEqual([]);
		expect(await ctx.storage.seating.listRounds(W1)).toEqual([]);
		expect(await privacy().erasedCounts(W1)).toEqual({ ngo: 2, education: 1 });
		expect(await privacy().retention(W1)).toEqual({ retentionDays: null, erasedAt: NOW + 5 });
		const named = await namedPersons(ctx);
		expect(named).toMatchObject({ 'c-aino': null, 'c-bo': null, 'c-other': 'Äino Esimerkki' });
		expect(Object.keys(named)).toHaveLength(4);
		// The other workshop is untouched.
		expect(await ctx.storage.participants.listByWorkshop(W2)).toHaveLength(1);
		expect(await ctx.storage.seating.listRounds(W2)).toHaveLength(1);
		expect(await privacy().erasedCounts(W2)).toEqual({});
		expect(await privacy().eraseWorkshop('nope' as WorkshopId, NOW)).toEqual([]);
	});

	it('[PV4] retention days are per workshop; holders are the workshops with personal data left', async () => {
		await seed(ctx);
		expect(await privacy().retention(W1)).toEqual({ retentionDays: null, erasedAt: null });
		await privacy().setRetentionDays(W1, 30);
		await privacy().setRetentionDays(W1, 45);
		expect(await privacy().retention(W1)).toEqual({ retentionDays: 45, erasedAt: null });
		await expect(privacy().setRetentionDays('nope' as WorkshopId, 30)).rejects.toMatchObject({
			code: 'not_found'
		});
		expect(await privacy().listHolders()).toEqual([
			{ workshopId: W2, date: '2026-09-01', retentionDays: null },
			{ workshopId: W1, date: '2026-12-03', retentionDays: 45 }
		]);
		await privacy().eraseWorkshop(W2, NOW);
		expect((await privacy().listHolders()).map((h) => h.workshopId)).toEqual([W1]);
		await privacy().eraseWorkshop(W1, NOW);
		expect(await privacy().listHolders()).toEqual([]);
		expect(await privacy().retention(W1)).toEqual({ retentionDays: 45, erasedAt: NOW });
	});
}
