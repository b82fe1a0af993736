import { expect, it } from 'vitest';
import type { JoinCode, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import type { ContractContext } from './storage.contract.ts';
import type { CommitmentRecord, WorkshopRecord } from './storage.ts';

const NOW = Date.UTC(2026, 11, 2, 9);

async function seed(ctx: ContractContext): Promise<void> {
	for (const n of [1, 2, 3]) {
		await ctx.storage.users.create({
			id: `user-${n}` as UserId,
			email: `member${n}@example.fi`,
			displayName: `Jäsen ${n}`,
			passwordHash: 'scrypt$x',
			createdAt: NOW
		});
	}
	for (const n of [1, 2]) await ctx.storage.workshops.create(workshop(n));
}

const workshop = (n: number): WorkshopRecord => ({
	id: `workshop-${n}` as WorkshopId,
	title: `Paja ${n}`,
	locality: n === 1 ? 'Vaasa' : 'Kokkola',
	date: `2026-0${n}-15`,
	duration: 'morning',
	joinCode: `WXYZ234${n}` as JoinCode,
	tableCount: 3,
	tablesSeeEachOther: false,
	state: initialLiveState(),
	createdBy: 'user-1' as UserId,
	createdAt: NOW + n
});

const commitment = (n: number, overrides: Partial<CommitmentRecord> = {}): CommitmentRecord => ({
	id: `c-${n}`,
	workshopId: 'workshop-1' as WorkshopId,
	table: 1,
	what: `Työkierto ${n} = "lainausmerkit" ja rivin\nvaihto`,
	ownerActorType: 'employment_office',
	namedPerson: null,
	due: '2027-03-31',
	firstStep: 'Sovitaan tapaaminen',
	status: 'not_started',
	agreed: false,
	createdAt: NOW + n,
	updatedAt: NOW + n,
	...overrides
});

/** Commitment records and the network archive (issue 6): IDs CM1…, NW1… */
export function describeArchiveContract(ctx: ContractContext): void {
	const commitments = () => ctx.storage.commitments;
	const networks = () => ctx.storage.networks;

	it('[CM1] a commitment round-trips whole; the workshop lists them by table, oldest first', async () => {
		await seed(ctx);
		const cap = { maxPerTable: 10 };
		const named = commitment(2, { table: 2, namedPerson: 'Aino Esimerkki', due: null });
		expect(await commitments().create(named, cap)).toBe(true);
		expect(await commitments().create(commitment(1), cap)).toBe(true);
		expect(await commitments().create(commitment(3, { table: null, agreed: true }), cap)).toBe(
			true
		);
		expect(await commitments().findById('c-2')).toEqual(named);
		const listed = await commitments().listByWorkshop('workshop-1' as WorkshopId);
		expect(listed.map((c) => c.id)).toEqual(['c-1', 'c-2', 'c-3']);
		expect(listed[2]).toEqual(commitment(3, { table: null, agreed: true }));
		expect(await commitments().listByWorkshop('workshop-2' as WorkshopId)).toEqual([]);
	});

	it('[CM2] a full table refuses one more; an unknown workshop is not_found', async () => {
		await seed(ctx);
		const cap = { maxPerTable: 2 };
		expect(await commitments().create(commitment(1), cap)).toBe(true);
		expect(await commitments().create(commitment(2), cap)).toBe(true);
		expect(await commitments().create(commitment(3), cap)).toBe(false);
		expect(await commitments().create(commitment(4, { table: 2 }), cap)).toBe(true);
		await expect(
			commitments().create(commitment(5, { workshopId: 'nope' as WorkshopId }), cap)
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await commitments().findById('c-3')).toBeNull();
	});

	it("[CM3] update and delete touch only the given workshop's commitment", async () => {
		await seed(ctx);
		await commitments().create(commitment(1), { maxPerTable: 5 });
		const edit = {
			what: 'Yhteiset pelisäännöt',
			ownerActorType: 'social_services' as const,
			namedPerson: null,
			due: null,
			firstStep: '',
			agreed: true,
			updatedAt: NOW + 100
		};
		expect(await commitments().update('workshop-2' as WorkshopId, 'c-1', edit)).toBeNull();
		const updated = await commitments().update('workshop-1' as WorkshopId, 'c-1', edit);
		expect(updated).toEqual({ ...commitment(1), ...edit });
		expect(await commitments().delete('workshop-2' as WorkshopId, 'c-1')).toBe(false);
		expect(await commitments().delete('workshop-1' as WorkshopId, 'c-1')).toBe(true);
		expect(await commitments().findById('c-1')).toBeNull();
	});

	it('[CM4] follow-up keeps its history and sets the current status', async () => {
		await seed(ctx);
		await commitments().create(commitment(1, { agreed: true }), { maxPerTable: 5 });
		const entry = (n: number, status: 'in_progress' | 'done') => ({
			id: `f-${n}`,
			commitmentId: 'c-1',
			status,
			date: `2027-01-0${n}`,
			note: `Muistiinpano ${n}`,
			authorId: `user-${n}` as UserId,
			createdAt: NOW + 1000 * n
		});
		await commitments().addFollowUp(entry(1, 'in_progress'));
		await commitments().addFollowUp(entry(2, 'done'));
		const history = await commitments().listFollowUps('c-1');
		expect(history).toEqual([
			{ ...entry(1, 'in_progress'), authorName: 'Jäsen 1' },
			{ ...entry(2, 'done'), authorName: 'Jäsen 2' }
		]);
		const current = await commitments().findById('c-1');
		expect(current?.status).toBe('done');
		expect(current?.updatedAt).toBe(NOW + 2000);
		await expect(
			commitments().addFollowUp({ ...entry(3, 'done'), commitmentId: 'nope' })
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await commitments().listFollowUps('c-1')).toHaveLength(2);
	});

	it('[NW1] a network starts with its creator as member; members and localities list back', async () => {
		await seed(ctx);
		await networks().create({
			id: 'net-1',
			name: 'Pohjanmaa',
			createdBy: 'user-1' as UserId,
			createdAt: NOW
		});
		expect(await networks().isMember('net-1', 'user-1' as UserId)).toBe(true);
		expect(await networks().isMember('net-1', 'user-2' as UserId)).toBe(false);
		await networks().addMember('net-1', 'user-2' as UserId, NOW + 1);
		await expect(networks().addMember('net-1', 'user-2' as UserId, NOW + 2)).rejects.toMatchObject({
			code: 'conflict'
		});
		await expect(networks().addMember('net-1', 'user-9' as UserId, NOW)).rejects.toMatchObject({
			code: 'not_found'
		});
		expect((await networks().listMembers('net-1')).map((m) => m.email)).toEqual([
			'member1@example.fi',
			'member2@example.fi'
		]);
		expect((await networks().listForMember('user-2' as UserId)).map((n) => n.name)).toEqual([
			'Pohjanmaa'
		]);
		expect(await networks().listForMember('user-3' as UserId)).toEqual([]);
		await networks().addLocality('net-1', 'Vaasa');
		await networks().addLocality('net-1', 'Kokkola');
		await networks().addLocality('net-1', 'Vaasa');
		expect(await networks().listLocalities('net-1')).toEqual(['Kokkola', 'Vaasa']);
		expect(await networks().removeLocality('net-1', 'Vaasa')).toBe(true);
		expect(await networks().listLocalities('net-1')).toEqual(['Kokkola']);
	});

	it('[NW2] a shared workshop is seen by members of that network only', async () => {
		await seed(ctx);
		for (const [id, owner] of [
			['net-1', 'user-1'],
			['net-2', 'user-3']
		] as const) {
			await networks().create({ id, name: id, createdBy: owner as UserId, createdAt: NOW });
		}
		await networks().addMember('net-1', 'user-2' as UserId, NOW);
		const w1 = 'workshop-1' as WorkshopId;
		const w2 = 'workshop-2' as WorkshopId;
		await networks().shareWorkshop('net-1', w1, 'user-1' as UserId, NOW);
		await networks().shareWorkshop('net-1', w2, 'user-1' as UserId, NOW);
		await networks().shareWorkshop('net-1', w1, 'user-1' as UserId, NOW + 5);
		expect(await networks().listWorkshopIds('net-1')).toEqual([w2, w1]);
		expect(await networks().listWorkshopIds('net-2')).toEqual([]);
		expect(await networks().memberSees(w1, 'user-2' as UserId)).toBe(true);
		expect(await networks().memberSees(w1, 'user-3' as UserId)).toBe(false);
		expect((await networks().networksOfWorkshop(w1)).map((n) => n.id)).toEqual(['net-1']);
		expect(await networks().unshareWorkshop('net-1', w1)).toBe(true);
		expect(await networks().unshareWorkshop('net-1', w1)).toBe(false);
		expect(await networks().memberSees(w1, 'user-2' as UserId)).toBe(false);
		expect(await networks().findById('net-9')).toBeNull();
	});
}
