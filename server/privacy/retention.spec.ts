import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorType } from '#shared/model/actor.ts';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import { openEmbeddedStorage } from '../storage/embedded/embedded-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { WorkshopService } from '../workshops/workshop-service.ts';
import { PrivacyService, type Erasure } from './privacy-service.ts';
import { RETENTION_DAYS, retentionEndsAt, startRetentionJob } from './retention.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const OWNER = 'user-owner' as UserId;
const OTHER = 'user-other' as UserId;

describe('retention', () => {
	let storage: Storage;
	let clock: number;
	let privacy: PrivacyService;
	let erasures: Erasure[];

	const addWorkshop = async (n: number, date: string) => {
		const id = `workshop-${n}` as WorkshopId;
		await storage.workshops.create({
			id,
			title: `Paja ${n}`,
			locality: 'Kajaani',
			date,
			duration: 'full_day',
			joinCode: `RETN234${n}` as JoinCode,
			tableCount: 2,
			tablesSeeEachOther: false,
			state: initialLiveState(),
			createdBy: OWNER,
			createdAt: 0
		});
		for (const [i, actorType] of (['ngo', 'client'] as ActorType[]).entries()) {
			await storage.participants.create({
				id: `p-${n}-${i}` as ParticipantId,
				workshopId: id,
				displayName: `Henkilö ${n}.${i}`,
				organisation: `Organisaatio ${n}`,
				actorType,
				table: 1,
				joinedAt: 0
			});
		}
		return id;
	};

	beforeEach(async () => {
		storage = await openEmbeddedStorage({ file: ':memory:' });
		for (const id of [OWNER, OTHER]) {
			await storage.users.create({
				id,
				email: `${id}@example.fi`,
				displayName: id,
				passwordHash: 'scrypt$x',
				createdAt: 0
			});
		}
		clock = Date.UTC(2026, 8, 1, 12);
		erasures = [];
		privacy = new PrivacyService({
			storage,
			workshops: new WorkshopService({ storage }),
			now: () => clock
		});
		privacy.onErased((erasure) => erasures.push(erasure));
	});
	afterEach(() => storage.close());

	it('ends a whole number of days after the end of the workshop day', () => {
		expect(retentionEndsAt('2026-09-01', 90)).toBe(Date.UTC(2026, 8, 2) + 90 * DAY_MS);
		expect(RETENTION_DAYS.default).toBe(90);
	});

	it('erases a workshop only once its retention has ended, with the default or its own days', async () => {
		const early = await addWorkshop(1, '2026-09-01');
		const shortened = await addWorkshop(2, '2026-09-01');
		await privacy.setRetentionDays(OWNER, shortened, 10);

		clock = retentionEndsAt('2026-09-01', 10) - 1;
		expect(await privacy.sweep()).toEqual([]);
		clock += 1;
		expect(await privacy.sweep()).toEqual([shortened]);
		expect(await storage.participants.listByWorkshop(shortened)).toEqual([]);
		expect(await storage.participants.listByWorkshop(early)).toHaveLength(2);
		expect(erasures).toEqual([
			{
				workshopId: shortened,
				participantIds: ['p-2-0', 'p-2-1'],
				reason: 'retention'
			}
		]);

		clock = retentionEndsAt('2026-09-01', RETENTION_DAYS.default);
		expect(await privacy.sweep()).toEqual([early]);
		expect(await storage.privacy.erasedCounts(early)).toEqual({ ngo: 1, client: 1 });
		expect(await storage.privacy.retention(early)).toEqual({
			retentionDays: null,
			erasedAt: clock
		});
		// Nothing left to erase: a later sweep does nothing.
		expect(await privacy.sweep()).toEqual([]);
	});

	it('the job sweeps at start and then on its timer, and stops cleanly', async () => {
		const id = await addWorkshop(3, '2026-01-05');
		const job = startRetentionJob({ privacy, intervalMs: 20, log: () => {} });
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(await storage.participants.listByWorkshop(id)).toEqual([]);
		const later = await addWorkshop(4, '2026-01-06');
		await new Promise((resolve) => setTimeout(resolve, 60));
		await job.stop();
		expect(await storage.participants.listByWorkshop(later)).toEqual([]);
		expect(erasures.map((erasure) => erasure.workshopId)).toEqual([id, later]);
	});

	it('only facilitators of the workshop set its retention, within bounds', async () => {
		const id = await addWorkshop(5, '2026-09-01');
		await expect(privacy.setRetentionDays(OTHER, id, 30)).rejects.toMatchObject({
			code: 'forbidden'
		});
		for (const days of [0, 366, 1.5, Number.NaN]) {
			await expect(privacy.setRetentionDays(OWNER, id, days)).rejects.toMatchObject({
				code: 'invalid_payload'
			});
		}
		await privacy.setRetentionDays(OWNER, id, RETENTION_DAYS.max);
		expect((await privacy.retention(OWNER, id)).retentionDays).toBe(365);
		await expect(privacy.eraseWorkshop(OTHER, id)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(privacy.attendance(OTHER, id)).rejects.toMatchObject({ code: 'forbidden' });
		expect(await storage.participants.listByWorkshop(id)).toHaveLength(2);
	});
});
