import { expect, it } from 'vitest';
import type { UserId } from '#shared/model/ids.ts';
import type { ContractContext } from './storage.contract.ts';
import type { NewDeckCard } from './decks.ts';

const NOW = Date.UTC(2026, 11, 3, 9);
const CAPS = { maxCards: 3, maxBytes: 100 };
const EMPTY = { fi: '', sv: '', en: '' };

const card = (key: string, bytes: number[]): NewDeckCard => ({
	cardKey: key,
	contentType: 'image/png',
	byteSize: bytes.length,
	sha256: `hash-${key}`,
	texts: { name: { fi: `Kortti ${key}`, sv: '', en: '' }, alt: EMPTY },
	createdAt: NOW,
	bytes: new Uint8Array(bytes)
});

async function addUsers(ctx: ContractContext): Promise<void> {
	for (const n of [1, 2]) {
		await ctx.storage.users.create({
			id: `user-${n}` as UserId,
			email: `deck${n}@example.fi`,
			displayName: `Fasilitoija ${n}`,
			passwordHash: 'scrypt$x',
			createdAt: NOW
		});
	}
}

const deck = (id: string, owner: string, createdAt = NOW) => ({
	id,
	ownerId: owner as UserId,
	name: `Pakka ${id}`,
	createdAt
});

/** Facilitators' own card decks (issue 4): IDs CD1… */
export function describeDeckContract(ctx: ContractContext): void {
	it('[CD1] a deck loads back with its cards in order and its pictures byte for byte', async () => {
		await addUsers(ctx);
		const { decks } = ctx.storage;
		await decks.create(deck('aaaaaaaaaaaa', 'user-1'), [
			card('k1', [1, 2, 3]),
			card('k2', [0, 255])
		]);
		await decks.create(deck('bbbbbbbbbbbb', 'user-1', NOW + 1), [card('k1', [9])]);
		await decks.create(deck('cccccccccccc', 'user-2'), [card('k1', [7])]);
		const found = await decks.findById('aaaaaaaaaaaa');
		expect(found).toMatchObject({
			id: 'aaaaaaaaaaaa',
			ownerId: 'user-1',
			name: 'Pakka aaaaaaaaaaaa'
		});
		expect(found?.cards.map((c) => [c.cardKey, c.position, c.byteSize])).toEqual([
			['k1', 0, 3],
			['k2', 1, 2]
		]);
		expect(found?.cards[0].texts.name.fi).toBe('Kortti k1');
		const picture = await decks.picture('aaaaaaaaaaaa', 'k2');
		expect(picture).toMatchObject({ contentType: 'image/png', sha256: 'hash-k2' });
		expect([...picture!.bytes]).toEqual([0, 255]);
		expect(await decks.picture('aaaaaaaaaaaa', 'nope')).toBeNull();
		expect((await decks.listByOwner('user-1' as UserId)).map((d) => d.id)).toEqual([
			'bbbbbbbbbbbb',
			'aaaaaaaaaaaa'
		]);
		expect(await decks.findById('zzzzzzzzzzzz')).toBeNull();
	});

	it('[CD2] adding cards keeps the caps on count and bytes, storing nothing past them', async () => {
		await addUsers(ctx);
		const { decks } = ctx.storage;
		await decks.create(deck('aaaaaaaaaaaa', 'user-1'), [card('k1', [1])]);
		expect(await decks.addCards('aaaaaaaaaaaa', [card('k2', [2]), card('k3', [3])], CAPS)).toBe(
			'added'
		);
		expect(await decks.addCards('aaaaaaaaaaaa', [card('k4', [4])], CAPS)).toBe('too_many');
		await decks.removeCard('aaaaaaaaaaaa', 'k2');
		const big = card(
			'k5',
			Array.from({ length: 99 }, () => 5)
		);
		expect(await decks.addCards('aaaaaaaaaaaa', [big], CAPS)).toBe('too_large');
		expect(await decks.addCards('aaaaaaaaaaaa', [card('k6', [6])], CAPS)).toBe('added');
		expect(await decks.addCards('zzzzzzzzzzzz', [card('k6', [6])], CAPS)).toBe('not_found');
		const found = await decks.findById('aaaaaaaaaaaa');
		expect(found?.cards.map((c) => [c.cardKey, c.position])).toEqual([
			['k1', 0],
			['k3', 2],
			['k6', 3]
		]);
	});

	it('[CD3] texts change per card; only the owner deletes a deck, its pictures go with it', async () => {
		await addUsers(ctx);
		const { decks } = ctx.storage;
		await decks.create(deck('aaaaaaaaaaaa', 'user-1'), [card('k1', [1])]);
		const texts = {
			name: { fi: 'Silta', sv: 'Bro', en: 'Bridge' },
			alt: { ...EMPTY, fi: 'Silta joen yli' }
		};
		expect(await decks.setTexts('aaaaaaaaaaaa', 'k1', texts)).toBe(true);
		expect(await decks.setTexts('aaaaaaaaaaaa', 'k9', texts)).toBe(false);
		expect((await decks.findById('aaaaaaaaaaaa'))?.cards[0].texts).toEqual(texts);
		expect(await decks.delete('aaaaaaaaaaaa', 'user-2' as UserId)).toBe(false);
		expect(await decks.delete('aaaaaaaaaaaa', 'user-1' as UserId)).toBe(true);
		expect(await decks.findById('aaaaaaaaaaaa')).toBeNull();
		expect(await decks.picture('aaaaaaaaaaaa', 'k1')).toBeNull();
	});

	it('[CD4] a taken deck id is a conflict, an unknown owner not_found, and nothing is half stored', async () => {
		await addUsers(ctx);
		const { decks } = ctx.storage;
		await decks.create(deck('aaaaaaaaaaaa', 'user-1'), [card('k1', [1])]);
		await expect(decks.create(deck('aaaaaaaaaaaa', 'user-2'), [])).rejects.toMatchObject({
			code: 'conflict'
		});
		await expect(decks.create(deck('bbbbbbbbbbbb', 'user-9'), [])).rejects.toMatchObject({
			code: 'not_found'
		});
		// A repeated card key fails the whole deck.
		await expect(
			decks.create(deck('cccccccccccc', 'user-1'), [card('k1', [1]), card('k1', [2])])
		).rejects.toMatchObject({ code: 'conflict' });
		expect(await decks.findById('cccccccccccc')).toBeNull();
	});
}
