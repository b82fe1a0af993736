import { expect, it } from 'vitest';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import type { RegistrationCode, RegistrationId } from '#shared/model/registration.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import type { ContractContext } from './storage.contract.ts';
import type { ParticipantRecord, RegistrationRecord } from './storage.ts';

const NOW = Date.UTC(2026, 11, 3, 9);
const W1 = 'workshop-1' as WorkshopId;
const W2 = 'workshop-2' as WorkshopId;
const QUESTION = { id: 'q1', text: { fi: 'Mikä toimii?', sv: 'Vad fungerar?', en: '' } };

async function seed(ctx: ContractContext): Promise<void> {
	const { storage } = ctx;
	await storage.users.create({
		id: 'user-1' as UserId,
		email: 'registration@example.fi',
		displayName: 'Fasilitoija',
		passwordHash: 'scrypt$x',
		createdAt: NOW
	});
	for (const n of [1, 2]) {
		await storage.workshops.create({
			id: `workshop-${n}` as WorkshopId,
			title: `Paja ${n}`,
			locality: 'Kajaani',
			date: '2026-12-03',
			duration: 'morning',
			joinCode: `REGS234${n}` as JoinCode,
			tableCount: 2,
			tablesSeeEachOther: false,
			state: initialLiveState(),
			createdBy: 'user-1' as UserId,
			createdAt: NOW
		});
	}
}

const registration = (
	n: number,
	overrides: Partial<RegistrationRecord> = {}
): RegistrationRecord => ({
	id: `reg-${n}` as RegistrationId,
	workshopId: W1,
	tokenHash: `hash-of-token-${n}`,
	personalCodeHash: `hash-of-code-${n}`,
	displayName: `Åsa Öhman ${n}`,
	organisation: 'Kajaanin kaupunki',
	actorType: 'social_services',
	language: 'sv',
	nameWithAnswers: n % 2 === 0,
	answers: { q1: `Vastaus ${n} – «tack»` },
	createdAt: NOW + n,
	participantId: null,
	noShowAt: null,
	...overrides
});

const participant = (id: string, workshopId = W1): ParticipantRecord => ({
	id: id as ParticipantId,
	workshopId,
	displayName: 'Åsa Öhman 1',
	organisation: 'Kajaanin kaupunki',
	actorType: 'social_services',
	table: 2,
	joinedAt: NOW + 100
});

/** Registration before the day (issue 5): IDs RG1… */
export function describeRegistrationContract(ctx: ContractContext): void {
	const registrations = () => ctx.storage.registrations;

	it('[RG1] settings are stored, replaced and found by workshop and by code', async () => {
		await seed(ctx);
		expect(await registrations().settings(W1)).toBeNull();
		const code = 'Abc_def-123456789012z' as RegistrationCode;
		await registrations().saveSettings({
			workshopId: W1,
			code,
			open: true,
			questions: [QUESTION],
			updatedAt: NOW
		});
		const saved = { workshopId: W1, code, open: true, questions: [QUESTION], updatedAt: NOW };
		expect(await registrations().settings(W1)).toEqual(saved);
		expect(await registrations().settingsByCode(code)).toEqual(saved);
		expect(await registrations().settingsByCode('abc_def-123456789012z' as RegistrationCode)).toBe(
			null
		);
		await registrations().saveSettings({
			...saved,
			open: false,
			questions: [],
			updatedAt: NOW + 1
		});
		expect(await registrations().settings(W1)).toEqual({
			...saved,
			open: false,
			questions: [],
			updatedAt: NOW + 1
		});
	});

	it('[RG2] a code taken by another workshop, or an unknown workshop, is refused', async () => {
		await seed(ctx);
		const code = 'same-code-for-both-123' as RegistrationCode;
		const settings = { workshopId: W1, code, open: true, questions: [], updatedAt: NOW };
		await registrations().saveSettings(settings);
		await expect(
			registrations().saveSettings({ ...settings, workshopId: W2 })
		).rejects.toMatchObject({ code: 'conflict' });
		await expect(
			registrations().saveSettings({
				...settings,
				workshopId: 'nope' as WorkshopId,
				code: 'other' as RegistrationCode
			})
		).rejects.toMatchObject({ code: 'not_found' });
	});

	it('[RG3] registrations are stored, found by token hash and personal code hash, listed oldest first', async () => {
		await seed(ctx);
		await registrations().create(registration(2));
		await registrations().create(registration(1));
		await registrations().create(registration(3, { workshopId: W2 }));
		expect(await registrations().findByTokenHash(registration(1).tokenHash)).toEqual(
			registration(1)
		);
		expect(await registrations().findByPersonalCodeHash('hash-of-code-2')).toEqual(registration(2));
		expect(await registrations().findByPersonalCodeHash('HASH-OF-CODE-2')).toBeNull();
		expect(await registrations().findByTokenHash('HASH-OF-TOKEN-1')).toBeNull();
		expect(await registrations().findByTokenHash('nope')).toBeNull();
		expect(await registrations().listByWorkshop(W1)).toEqual([registration(1), registration(2)]);
	});

	it('[RG4] a taken token hash or personal code hash is a conflict; an unknown workshop is not_found', async () => {
		await seed(ctx);
		await registrations().create(registration(1));
		await expect(
			registrations().create(registration(2, { tokenHash: registration(1).tokenHash }))
		).rejects.toMatchObject({ code: 'conflict' });
		await expect(
			registrations().create(
				registration(2, { personalCodeHash: registration(1).personalCodeHash })
			)
		).rejects.toMatchObject({ code: 'conflict' });
		await expect(
			registrations().create(registration(2, { workshopId: 'nope' as WorkshopId }))
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await registrations().listByWorkshop(W1)).toHaveLength(1);
	});

	it('[RG8] a new code hash replaces the old one; a taken hash is a conflict', async () => {
		await seed(ctx);
		await registrations().create(registration(1));
		await registrations().create(registration(2));
		expect(await registrations().setPersonalCodeHash(registration(1).id, 'hash-new')).toBe(true);
		expect(await registrations().findByPersonalCodeHash('hash-of-code-1')).toBeNull();
		expect((await registrations().findByPersonalCodeHash('hash-new'))?.id).toBe(registration(1).id);
		await expect(
			registrations().setPersonalCodeHash(registration(2).id, 'hash-new')
		).rejects.toMatchObject({ code: 'conflict' });
		expect(
			await registrations().setPersonalCodeHash('reg-nope' as RegistrationId, 'hash-other')
		).toBe(false);
	});

	it('[RG9] a registration is marked as a no-show and unmarked', async () => {
		await seed(ctx);
		await registrations().create(registration(1));
		expect(await registrations().setNoShow(registration(1).id, NOW + 60)).toBe(true);
		expect((await registrations().findByTokenHash(registration(1).tokenHash))?.noShowAt).toBe(
			NOW + 60
		);
		expect(await registrations().setNoShow(registration(1).id, null)).toBe(true);
		expect(await registrations().findByTokenHash(registration(1).tokenHash)).toEqual(
			registration(1)
		);
		expect(await registrations().setNoShow('reg-nope' as RegistrationId, NOW)).toBe(false);
	});

	it('[RG5] arriving stores the participant and links it once, even when two devices race', async () => {
		await seed(ctx);
		await registrations().create(registration(1));
		const results = await Promise.all(
			['p-a', 'p-b', 'p-c'].map((id) => registrations().arrive(registration(1).id, participant(id)))
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		const seated = await ctx.storage.participants.listByWorkshop(W1);
		expect(seated).toHaveLength(1);
		const found = await registrations().findByTokenHash(registration(1).tokenHash);
		expect(found?.participantId).toBe(seated[0].id);
		expect(await registrations().arrive('reg-nope' as RegistrationId, participant('p-d'))).toBe(
			false
		);
		expect(await ctx.storage.participants.findById('p-d' as ParticipantId)).toBeNull();
	});

	it('[RG6] erasing an arrived participant erases their registration; delete removes one not arrived', async () => {
		await seed(ctx);
		await registrations().create(registration(1));
		await registrations().create(registration(2));
		await registrations().arrive(registration(1).id, participant('p-a'));
		await ctx.storage.privacy.eraseParticipant('p-a' as ParticipantId, { namedPerson: null });
		expect(await registrations().findByTokenHash(registration(1).tokenHash)).toBeNull();
		expect(await registrations().delete(registration(2).id)).toBe(true);
		expect(await registrations().delete(registration(2).id)).toBe(false);
		expect(await registrations().listByWorkshop(W1)).toEqual([]);
	});

	it('[RG7] a workshop erasure removes its registrations, keeps its settings; registrations make it a holder', async () => {
		await seed(ctx);
		const settings = {
			workshopId: W1,
			code: 'kept-code-123456789012' as RegistrationCode,
			open: true,
			questions: [QUESTION],
			updatedAt: NOW
		};
		await registrations().saveSettings(settings);
		await registrations().create(registration(1));
		await registrations().create(registration(2));
		await registrations().create(registration(3, { workshopId: W2 }));
		await registrations().arrive(registration(2).id, participant('p-b'));
		const holders = (await ctx.storage.privacy.listHolders()).map((h) => h.workshopId);
		expect(holders).toEqual([W1, W2]);
		expect(await ctx.storage.privacy.eraseWorkshop(W1, NOW)).toEqual(['p-b']);
		expect(await registrations().listByWorkshop(W1)).toEqual([]);
		expect(await registrations().listByWorkshop(W2)).toHaveLength(1);
		expect(await registrations().settings(W1)).toEqual(settings);
		expect((await ctx.storage.privacy.listHolders()).map((h) => h.workshopId)).toEqual([W2]);
	});
}
