import { expect, it } from 'vitest';
import type { JoinCode, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import type { ContractContext } from './storage.contract.ts';
import type { ApiTokenRecord, ShareLinkRecord } from './storage.ts';

const NOW = Date.UTC(2026, 11, 3, 10);
const USER = 'user-access' as UserId;
const W1 = 'workshop-access' as WorkshopId;

async function seed(ctx: ContractContext): Promise<void> {
	const { storage } = ctx;
	await storage.users.create({
		id: USER,
		email: 'access@example.fi',
		displayName: 'Jäsen',
		passwordHash: 'scrypt$x',
		createdAt: NOW
	});
	for (const id of ['net-a', 'net-b']) {
		await storage.networks.create({ id, name: id, createdBy: USER, createdAt: NOW });
	}
	await storage.workshops.create({
		id: W1,
		title: 'Paja',
		locality: 'Oulu',
		date: '2026-12-03',
		duration: 'morning',
		joinCode: 'ACCE2345' as JoinCode,
		tableCount: 2,
		tablesSeeEachOther: false,
		state: initialLiveState(),
		createdBy: USER,
		createdAt: NOW
	});
}

const token = (n: number, overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
	id: `token-${n}`,
	networkId: 'net-a',
	name: `Raportointi ${n}`,
	tokenHash: `hash-${n}`,
	createdBy: USER,
	createdAt: NOW + n,
	lastUsedAt: null,
	revokedAt: null,
	...overrides
});

const link = (n: number, overrides: Partial<ShareLinkRecord> = {}): ShareLinkRecord => ({
	id: `link-${n}`,
	networkId: 'net-a',
	workshopId: W1,
	createdBy: USER,
	createdAt: NOW,
	expiresAt: NOW + n * 1000,
	revokedAt: null,
	...overrides
});

/** API tokens and share links (issue 6): revocation is per network, and idempotent. */
export function describeAccessContract(ctx: ContractContext): void {
	it('[AC1] API tokens: found by hash, listed active newest first, touched, revoked once per network', async () => {
		await seed(ctx);
		const { apiTokens } = ctx.storage;
		await apiTokens.create(token(1));
		await apiTokens.create(token(2));
		await apiTokens.create(token(3, { networkId: 'net-b' }));
		await expect(apiTokens.create(token(4, { tokenHash: 'hash-1' }))).rejects.toMatchObject({
			code: 'conflict'
		});
		expect(await apiTokens.findByHash('hash-1')).toEqual(token(1));
		expect(await apiTokens.findByHash('nothing')).toBeNull();
		expect((await apiTokens.listActive('net-a')).map((t) => t.id)).toEqual(['token-2', 'token-1']);

		await apiTokens.touch('token-1', NOW + 500);
		expect((await apiTokens.findByHash('hash-1'))?.lastUsedAt).toBe(NOW + 500);

		// Another network's member cannot revoke it through their own network.
		expect(await apiTokens.revoke('net-b', 'token-1', NOW + 600)).toBe(false);
		expect(await apiTokens.revoke('net-a', 'token-1', NOW + 600)).toBe(true);
		expect(await apiTokens.revoke('net-a', 'token-1', NOW + 700)).toBe(false);
		expect((await apiTokens.findByHash('hash-1'))?.revokedAt).toBe(NOW + 600);
		expect((await apiTokens.listActive('net-a')).map((t) => t.id)).toEqual(['token-2']);
	});

	it('[AC2] share links: active ones by expiry, revoked and expired ones left out, revoked once per network', async () => {
		await seed(ctx);
		const { shareLinks } = ctx.storage;
		await shareLinks.create(link(3));
		await shareLinks.create(link(1));
		await shareLinks.create(link(2));
		await shareLinks.create(link(4, { networkId: 'net-b' }));
		await expect(
			shareLinks.create(link(5, { workshopId: 'nope' as WorkshopId }))
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await shareLinks.findById('link-2')).toEqual(link(2));
		expect(await shareLinks.findById('nothing')).toBeNull();
		const active = (now: number) => shareLinks.listActive('net-a', W1, now);
		expect((await active(NOW)).map((l) => l.id)).toEqual(['link-1', 'link-2', 'link-3']);
		// A link expires at expiresAt itself.
		expect((await active(NOW + 1000)).map((l) => l.id)).toEqual(['link-2', 'link-3']);

		expect(await shareLinks.revoke('net-b', 'link-2', NOW)).toBe(false);
		expect(await shareLinks.revoke('net-a', 'link-2', NOW + 10)).toBe(true);
		expect(await shareLinks.revoke('net-a', 'link-2', NOW + 20)).toBe(false);
		expect((await shareLinks.findById('link-2'))?.revokedAt).toBe(NOW + 10);
		expect((await active(NOW)).map((l) => l.id)).toEqual(['link-1', 'link-3']);
	});

	it('[AC3] follow-up sessions: one record per workshop, unknown workshops refused', async () => {
		await seed(ctx);
		const { followUps, workshops } = ctx.storage;
		const W2 = 'workshop-follow-up' as WorkshopId;
		await workshops.create({
			id: W2,
			title: 'Jatkotapaaminen',
			locality: 'Oulu',
			date: '2027-03-01',
			duration: 'afternoon',
			joinCode: 'FOLL2345' as JoinCode,
			tableCount: 2,
			tablesSeeEachOther: false,
			state: initialLiveState(),
			createdBy: USER,
			createdAt: NOW
		});
		const record = { workshopId: W2, networkId: 'net-a', sourceWorkshopId: W1, createdAt: NOW };
		expect(await followUps.find(W2)).toBeNull();
		await followUps.create(record);
		expect(await followUps.find(W2)).toEqual(record);
		expect(await followUps.find(W1)).toBeNull();
		await expect(followUps.create(record)).rejects.toMatchObject({ code: 'conflict' });
		await expect(
			followUps.create({ ...record, workshopId: 'nope' as WorkshopId })
		).rejects.toMatchObject({ code: 'not_found' });
	});
}
