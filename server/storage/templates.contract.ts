import { expect, it } from 'vitest';
import type { UserId } from '#shared/model/ids.ts';
import { DEFAULT_PHASES } from '#shared/model/workshop.ts';
import type { WorkshopTemplate } from '#shared/model/workshop-template.ts';
import type { ContractContext } from './storage.contract.ts';
import type { FacilitatorTemplateRecord } from './storage.ts';

const NOW = Date.UTC(2026, 11, 2, 9);

const template = (id: string): WorkshopTemplate => ({
	id,
	name: { fi: 'Oma pohja', sv: 'Egen mall', en: 'My template' },
	description: { fi: '', sv: '', en: '' },
	duration: 'morning',
	startTime: '08:30',
	phases: structuredClone([...DEFAULT_PHASES])
});

const record = (n: number, ownerId: string): FacilitatorTemplateRecord => ({
	id: `own-${n}`,
	ownerId: ownerId as UserId,
	template: template(`own-${n}`),
	createdAt: NOW + n
});

async function addUsers(ctx: ContractContext): Promise<void> {
	for (const n of [1, 2]) {
		await ctx.storage.users.create({
			id: `user-${n}` as UserId,
			email: `owner${n}@example.fi`,
			displayName: `Fasilitoija ${n}`,
			passwordHash: 'scrypt$x',
			createdAt: NOW
		});
	}
}

/** Facilitators' own templates (issue 4): IDs TP1… */
export function describeTemplateContract(ctx: ContractContext): void {
	it('[TP1] a saved template loads back whole, listed for its owner only, newest first', async () => {
		await addUsers(ctx);
		await ctx.storage.templates.create(record(1, 'user-1'));
		await ctx.storage.templates.create(record(2, 'user-1'));
		await ctx.storage.templates.create(record(3, 'user-2'));
		const mine = await ctx.storage.templates.listByOwner('user-1' as UserId);
		expect(mine.map((t) => t.id)).toEqual(['own-2', 'own-1']);
		expect(mine[1]).toEqual(record(1, 'user-1'));
		expect(await ctx.storage.templates.findById('own-3')).toEqual(record(3, 'user-2'));
		expect(await ctx.storage.templates.findById('nope')).toBeNull();
	});

	it('[TP2] a repeated id is a conflict; an unknown owner is not_found', async () => {
		await addUsers(ctx);
		await ctx.storage.templates.create(record(1, 'user-1'));
		await expect(ctx.storage.templates.create(record(1, 'user-2'))).rejects.toMatchObject({
			code: 'conflict'
		});
		await expect(ctx.storage.templates.create(record(5, 'user-9'))).rejects.toMatchObject({
			code: 'not_found'
		});
	});

	it('[TP3] only the owner deletes a template', async () => {
		await addUsers(ctx);
		await ctx.storage.templates.create(record(1, 'user-1'));
		expect(await ctx.storage.templates.delete('own-1', 'user-2' as UserId)).toBe(false);
		expect(await ctx.storage.templates.delete('own-1', 'user-1' as UserId)).toBe(true);
		expect(await ctx.storage.templates.listByOwner('user-1' as UserId)).toEqual([]);
	});
}
