import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserId } from '#shared/model/ids.ts';
import { MAX_API_TOKENS_PER_NETWORK } from '#shared/model/api-token.ts';
import { NetworkService } from '../archive/networks.ts';
import { openEmbeddedStorage } from '../storage/embedded/embedded-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { WorkshopService } from '../workshops/workshop-service.ts';
import { ApiTokenService } from './api-tokens.ts';

const MEMBER = 'member' as UserId;
const OUTSIDER = 'outsider' as UserId;

describe('API tokens', () => {
	let storage: Storage;
	let tokens: ApiTokenService;
	let networkId: string;
	let now = Date.UTC(2026, 11, 3, 10);

	beforeEach(async () => {
		storage = await openEmbeddedStorage({ file: ':memory:' });
		for (const id of [MEMBER, OUTSIDER]) {
			await storage.users.create({
				id,
				email: `${id}@example.fi`,
				displayName: id,
				passwordHash: 'scrypt$x',
				createdAt: now
			});
		}
		const networks = new NetworkService({
			storage,
			workshops: new WorkshopService({ storage }),
			now: () => now
		});
		networkId = (await networks.create(MEMBER, 'Verkosto')).id;
		tokens = new ApiTokenService({ storage, networks, now: () => now });
	});

	afterEach(() => storage.close());

	it('stores only the SHA-256 of the secret and shows the secret once', async () => {
		const made = await tokens.create({ networkId, userId: MEMBER, name: '  Raportointi ' });
		expect(made.secret).toMatch(/^rpat_[A-Za-z0-9_-]{43}$/);
		expect(made.token.name).toBe('Raportointi');
		const hash = createHash('sha256').update(made.secret).digest('hex');
		expect((await storage.apiTokens.findByHash(hash))?.id).toBe(made.token.id);
		expect(JSON.stringify(await tokens.list(networkId, MEMBER))).not.toContain(made.secret);
	});

	it('authenticates a live token, records its use at most once a minute, and refuses revoked ones', async () => {
		const { secret, token } = await tokens.create({ networkId, userId: MEMBER, name: 'A' });
		expect(await tokens.authenticate(secret)).toEqual({ networkId, tokenId: token.id });
		const first = now;
		now += 30_000;
		await tokens.authenticate(secret);
		expect((await tokens.list(networkId, MEMBER))[0].lastUsedAt).toBe(first);
		now += 30_000;
		await tokens.authenticate(secret);
		expect((await tokens.list(networkId, MEMBER))[0].lastUsedAt).toBe(now);

		expect(await tokens.authenticate(secret.slice(0, -1) + 'A')).toBeNull();
		expect(await tokens.authenticate('rpat_short')).toBeNull();
		expect(await tokens.authenticate('')).toBeNull();
		expect(await tokens.revoke({ networkId, userId: MEMBER, tokenId: token.id })).toBe(true);
		expect(await tokens.authenticate(secret)).toBeNull();
	});

	it('is for members only, names a token, and caps how many a network holds', async () => {
		await expect(tokens.list(networkId, OUTSIDER)).rejects.toMatchObject({ code: 'not_found' });
		await expect(tokens.create({ networkId, userId: OUTSIDER, name: 'X' })).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(tokens.create({ networkId, userId: MEMBER, name: ' ' })).rejects.toMatchObject({
			fields: { name: 'name_required' }
		});
		await expect(
			tokens.create({ networkId, userId: MEMBER, name: 'x'.repeat(81) })
		).rejects.toMatchObject({ fields: { name: 'name_too_long' } });
		for (let i = 0; i < MAX_API_TOKENS_PER_NETWORK; i++) {
			await tokens.create({ networkId, userId: MEMBER, name: `T${i}` });
		}
		await expect(
			tokens.create({ networkId, userId: MEMBER, name: 'one more' })
		).rejects.toMatchObject({ fields: { name: 'too_many' } });
	});
});
