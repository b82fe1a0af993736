import { expect, it, vi } from 'vitest';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { ContractContext } from './storage.contract.ts';
import type {
	ParticipantRecord,
	StoredWorkshopState,
	UserRecord,
	WorkshopRecord
} from './storage.ts';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 9);

const user = (n: number): UserRecord => ({
	id: `user-${n}` as UserId,
	email: `facilitator${n}@example.fi`,
	displayName: `Fasilitoija ${n}`,
	passwordHash: `scrypt$hash${n}`,
	createdAt: NOW + n
});

const initialState = (): StoredWorkshopState => initialLiveState();

const workshop = (n: number, overrides: Partial<WorkshopRecord> = {}): WorkshopRecord => ({
	id: `workshop-${n}` as WorkshopId,
	title: `Rajanylityspaja ${n}`,
	locality: 'Vaasa',
	date: `2026-12-0${n}`,
	duration: 'full_day',
	joinCode: `ABCD234${n}` as JoinCode,
	tableCount: 4,
	tablesSeeEachOther: n % 2 === 0,
	state: initialState(),
	createdBy: user(1).id,
	createdAt: NOW + n,
	...overrides
});

const participant = (n: number, overrides: Partial<ParticipantRecord> = {}): ParticipantRecord => ({
	id: `participant-${n}` as ParticipantId,
	workshopId: workshop(1).id,
	displayName: n % 2 === 0 ? null : `Osallistuja ${n}`,
	organisation: 'TE-toimisto',
	actorType: 'employment_office',
	table: 1,
	joinedAt: NOW + n,
	...overrides
});

/** Rejects with a RajapintaError of `code`. */
async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(RajapintaError);
	expect((error as RajapintaError).code).toBe(code);
}

export function describeRecordContract(ctx: ContractContext): void {
	const s = () => ctx.storage;

	it('[ST11] users are found by e-mail and by id', async () => {
		await s().users.create(user(1));
		expect(await s().users.findByEmail(user(1).email)).toEqual(user(1));
		expect(await s().users.findById(user(1).id)).toEqual(user(1));
		expect(await s().users.findByEmail('nobody@example.fi')).toBeNull();
		expect(await s().users.findById('user-404' as UserId)).toBeNull();
	});

	it('[ST12] a taken e-mail fails with conflict and keeps the first user', async () => {
		await s().users.create(user(1));
		await expectCode(s().users.create({ ...user(2), email: user(1).email }), 'conflict');
		expect(await s().users.findByEmail(user(1).email)).toEqual(user(1));
		expect(await s().users.findById(user(2).id)).toBeNull();
	});

	it('[ST13] sessions are found until they expire, and deleted', async () => {
		await s().users.create(user(1));
		const live = { tokenHash: 'a'.repeat(64), userId: user(1).id, expiresAt: NOW + DAY_MS };
		const old = { tokenHash: 'b'.repeat(64), userId: user(1).id, expiresAt: NOW };
		await s().sessions.create(live);
		await s().sessions.create(old);
		expect(await s().sessions.find(live.tokenHash, NOW)).toEqual(live);
		// Expired at exactly expiresAt.
		expect(await s().sessions.find(old.tokenHash, NOW)).toBeNull();
		expect(await s().sessions.find(old.tokenHash, NOW - 1)).toEqual(old);
		expect(await s().sessions.find('c'.repeat(64), NOW)).toBeNull();

		expect(await s().sessions.deleteExpired(NOW)).toBe(1);
		expect(await s().sessions.find(old.tokenHash, NOW - 1)).toBeNull();
		await s().sessions.delete(live.tokenHash);
		expect(await s().sessions.find(live.tokenHash, NOW)).toBeNull();
		expect(await s().sessions.deleteExpired(NOW + 2 * DAY_MS)).toBe(0);
	});

	it('[ST14] a row that references a missing user or workshop fails with not_found', async () => {
		const session = { tokenHash: 'a'.repeat(64), userId: user(9).id, expiresAt: NOW };
		await expectCode(s().sessions.create(session), 'not_found');
		await expectCode(s().workshops.create(workshop(1)), 'not_found');
		await expectCode(s().participants.create(participant(1)), 'not_found');
	});

	it('[ST15] workshops are found by id and join code, with the creator as owner', async () => {
		await s().users.create(user(1));
		await s().workshops.create(workshop(1));
		expect(await s().workshops.findById(workshop(1).id)).toEqual(workshop(1));
		expect(await s().workshops.findByJoinCode(workshop(1).joinCode)).toEqual(workshop(1));
		expect(await s().workshops.findById('workshop-404' as WorkshopId)).toBeNull();
		expect(await s().workshops.findByJoinCode('ZZZZ9999' as JoinCode)).toBeNull();
		expect(await s().workshops.facilitatorRole(workshop(1).id, user(1).id)).toBe('owner');
	});

	it('[ST16] a taken join code fails with conflict and stores nothing', async () => {
		await s().users.create(user(1));
		await s().users.create(user(2));
		await s().workshops.create(workshop(1));
		const clash = workshop(2, { joinCode: workshop(1).joinCode, createdBy: user(2).id });
		await expectCode(s().workshops.create(clash), 'conflict');
		expect(await s().workshops.findById(clash.id)).toBeNull();
		expect(await s().workshops.listForFacilitator(user(2).id)).toEqual([]);
	});

	it('[ST17] facilitators list their workshops newest day first', async () => {
		await s().users.create(user(1));
		await s().users.create(user(2));
		await s().workshops.create(workshop(1));
		await s().workshops.create(workshop(3));
		await s().workshops.create(workshop(2, { createdBy: user(2).id }));
		expect(await s().workshops.facilitatorRole(workshop(2).id, user(1).id)).toBeNull();

		await s().workshops.addFacilitator(workshop(2).id, user(1).id, 'co_facilitator');
		expect(await s().workshops.facilitatorRole(workshop(2).id, user(1).id)).toBe('co_facilitator');
		const listed = await s().workshops.listForFacilitator(user(1).id);
		expect(listed.map((w) => w.id)).toEqual([workshop(3).id, workshop(2).id, workshop(1).id]);
		expect(listed[1]).toEqual(workshop(2, { createdBy: user(2).id }));
		expect(await s().workshops.listForFacilitator(user(2).id)).toHaveLength(1);
		const again = s().workshops.addFacilitator(workshop(2).id, user(1).id, 'owner');
		await expectCode(again, 'conflict');
		// The owner comes first even when a co-facilitator's e-mail sorts before theirs.
		expect(await s().workshops.listFacilitators(workshop(2).id)).toEqual([
			{ userId: user(2).id, email: user(2).email, displayName: user(2).displayName, role: 'owner' },
			{
				userId: user(1).id,
				email: user(1).email,
				displayName: user(1).displayName,
				role: 'co_facilitator'
			}
		]);
		expect(await s().workshops.listFacilitators('workshop-404' as WorkshopId)).toEqual([]);
	});

	it('[ST18] saveState is a compare-and-set on the revision', async () => {
		await s().users.create(user(1));
		await s().workshops.create(workshop(1));
		const next = { ...initialState(), revision: 1, phaseIndex: 1, lockedTables: [2] };
		expect(await s().workshops.saveState(workshop(1).id, next)).toBe(true);
		const stale = { ...initialState(), revision: 1, phaseIndex: 5 };
		expect(await s().workshops.saveState(workshop(1).id, stale)).toBe(false);
		const skipping = { ...initialState(), revision: 3 };
		expect(await s().workshops.saveState(workshop(1).id, skipping)).toBe(false);
		expect((await s().workshops.findById(workshop(1).id))?.state).toEqual(next);
		const unknown = s().workshops.saveState('workshop-404' as WorkshopId, next);
		expect(await unknown).toBe(false);
	});

	it('[ST19] of concurrent saves of one revision exactly one wins', async () => {
		await s().users.create(user(1));
		await s().workshops.create(workshop(1));
		const attempts = [1, 2, 3, 4, 5].map((phaseIndex) => ({
			...initialState(),
			revision: 1,
			phaseIndex
		}));
		const won = await Promise.all(attempts.map((a) => s().workshops.saveState(workshop(1).id, a)));
		expect(won.filter(Boolean)).toHaveLength(1);
		const stored = (await s().workshops.findById(workshop(1).id))?.state;
		expect(stored).toEqual(attempts[won.indexOf(true)]);
	});

	it('[ST20] participants are listed per workshop in join order and move tables', async () => {
		await s().users.create(user(1));
		await s().workshops.create(workshop(1));
		await s().workshops.create(workshop(2));
		await s().participants.create(participant(2));
		await s().participants.create(participant(1));
		await s().participants.create(participant(3, { workshopId: workshop(2).id }));
		expect(await s().participants.findById(participant(2).id)).toEqual(participant(2));
		expect(await s().participants.findById('participant-404' as ParticipantId)).toBeNull();
		const listed = await s().participants.listByWorkshop(workshop(1).id);
		expect(listed).toEqual([participant(1), participant(2)]);

		await s().participants.setTable(participant(1).id, 3);
		expect((await s().participants.findById(participant(1).id))?.table).toBe(3);
		await expectCode(s().participants.setTable('participant-404' as ParticipantId, 2), 'not_found');
		await expectCode(s().participants.create(participant(1)), 'conflict');
	});

	it('[ST21] getOrCreate keeps the first value', async () => {
		expect(await s().settings.get('secret')).toBeNull();
		expect(await s().settings.getOrCreate('secret', 'first')).toBe('first');
		expect(await s().settings.getOrCreate('secret', 'second')).toBe('first');
		expect(await s().settings.get('secret')).toBe('first');
		const racing = await Promise.all(['x', 'y', 'z'].map((v) => s().settings.getOrCreate('k', v)));
		expect(new Set(racing).size).toBe(1);
	});

	it('[ST22] after close every call fails', async () => {
		await s().close();
		ctx.closed = true;
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			await expect(s().users.findById(user(1).id)).rejects.toThrow();
			await expect(s().documents.load('a')).rejects.toThrow();
			expect(logged).toHaveBeenCalledTimes(2);
		} finally {
			logged.mockRestore();
		}
	});
}
