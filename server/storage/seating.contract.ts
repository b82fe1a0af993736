import { expect, it } from 'vitest';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import type { ContractContext } from './storage.contract.ts';

const NOW = Date.UTC(2026, 11, 3, 9);

async function addWorkshop(ctx: ContractContext, n: number): Promise<WorkshopId> {
	if (n === 1) {
		await ctx.storage.users.create({
			id: 'user-1' as UserId,
			email: 'mixer@example.fi',
			displayName: 'Fasilitoija',
			passwordHash: 'scrypt$x',
			createdAt: NOW
		});
	}
	const id = `workshop-${n}` as WorkshopId;
	await ctx.storage.workshops.create({
		id,
		title: `Paja ${n}`,
		locality: 'Vaasa',
		date: '2026-12-03',
		duration: 'full_day',
		joinCode: `SEAT234${n}` as JoinCode,
		tableCount: 3,
		tablesSeeEachOther: false,
		state: initialLiveState(),
		createdBy: 'user-1' as UserId,
		createdAt: NOW
	});
	return id;
}

/** Rounds of table mixing (issue 5): IDs SE1… */
export function describeSeatingContract(ctx: ContractContext): void {
	it('[SE1] seating rounds load back whole, oldest first, per workshop', async () => {
		const first = await addWorkshop(ctx, 1);
		const other = await addWorkshop(ctx, 2);
		await ctx.storage.seating.addRound({
			workshopId: first,
			seating: { a: 1, b: 2, c: 1 },
			createdAt: NOW
		});
		await ctx.storage.seating.addRound({ workshopId: other, seating: { x: 3 }, createdAt: NOW });
		await ctx.storage.seating.addRound({
			workshopId: first,
			seating: { a: 2, b: 1, c: 3 },
			createdAt: NOW + 1
		});
		const rounds = await ctx.storage.seating.listRounds(first);
		expect(rounds.map((round) => round.seating)).toEqual([
			{ a: 1, b: 2, c: 1 },
			{ a: 2, b: 1, c: 3 }
		]);
		expect(rounds[1]).toMatchObject({ workshopId: first, createdAt: NOW + 1 });
		expect(await ctx.storage.seating.listRounds('nobody' as WorkshopId)).toEqual([]);
	});

	it('[SE2] seat constraints are stored, replaced and listed per workshop; erased with the participant', async () => {
		const workshopId = await addWorkshop(ctx, 1);
		for (const id of ['p-a', 'p-b']) {
			await ctx.storage.participants.create({
				id: id as ParticipantId,
				workshopId,
				displayName: `Henkilö ${id}`,
				organisation: 'Kunta',
				actorType: 'ngo',
				table: 1,
				joinedAt: NOW
			});
		}
		const pinned = {
			participantId: 'p-a' as ParticipantId,
			workshopId,
			pinnedTable: 2,
			keepTogether: 'sv',
			absentAt: null
		};
		await ctx.storage.seating.saveConstraint(pinned);
		await ctx.storage.seating.saveConstraint({
			participantId: 'p-b' as ParticipantId,
			workshopId,
			pinnedTable: null,
			keepTogether: null,
			absentAt: NOW + 5
		});
		await ctx.storage.seating.saveConstraint({ ...pinned, pinnedTable: 3 });
		expect(await ctx.storage.seating.listConstraints(workshopId)).toEqual([
			{ ...pinned, pinnedTable: 3 },
			{
				participantId: 'p-b',
				workshopId,
				pinnedTable: null,
				keepTogether: null,
				absentAt: NOW + 5
			}
		]);
		await expect(
			ctx.storage.seating.saveConstraint({ ...pinned, participantId: 'nobody' as ParticipantId })
		).rejects.toMatchObject({ code: 'not_found' });
		await ctx.storage.privacy.eraseParticipant('p-a' as ParticipantId, { namedPerson: null });
		expect(
			(await ctx.storage.seating.listConstraints(workshopId)).map((c) => c.participantId)
		).toEqual(['p-b']);
	});
}
