import { describe, expect, it } from 'vitest';
import { ACTOR_TYPE_LIST, type ActorType } from '#shared/model/actor.ts';
import { chooseTable } from './seating.ts';

describe('chooseTable for walk-ins', () => {
	it('keeps table sizes within one of each other', () => {
		const seated: { table: number; actorType: ActorType; organisation: string }[] = [];
		for (let i = 0; i < 23; i++) {
			const person = { actorType: ACTOR_TYPE_LIST[i % 3], organisation: `org${i % 4}` };
			seated.push({ ...person, table: chooseTable(5, seated, person) });
			const sizes = [1, 2, 3, 4, 5].map((t) => seated.filter((p) => p.table === t).length);
			expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
		}
	});

	it('spreads an actor type and an organisation across equally small tables', () => {
		const seated = [
			{ table: 1, actorType: 'education' as const, organisation: 'Opisto' },
			{ table: 2, actorType: 'ngo' as const, organisation: 'Järjestö' },
			{ table: 3, actorType: 'ngo' as const, organisation: 'TE-toimisto' }
		];
		expect(chooseTable(3, seated, { actorType: 'education', organisation: 'Lukio' })).toBe(2);
		expect(chooseTable(3, seated, { actorType: 'ngo', organisation: 'järjestö ' })).toBe(1);
	});
});
