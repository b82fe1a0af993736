import { describe, expect, expectTypeOf, it } from 'vitest';
import * as v from 'valibot';
import { controlSchemas, type ClientToServerEvents, type ServerToClientEvents } from './control.ts';
import type { Result } from './errors.ts';
import type { WorkshopState } from '../model/workshop.ts';

const workshopId = 'abcdefgh12345678';

describe('control payload schemas', () => {
	it('accept well-formed payloads', () => {
		expect(v.is(controlSchemas['phase:go'], { workshopId, index: 3 })).toBe(true);
		expect(v.is(controlSchemas['board:lock'], { workshopId, table: null, locked: true })).toBe(
			true
		);
		expect(v.is(controlSchemas['timer:start'], { workshopId, durationMs: 300_000 })).toBe(true);
		expect(v.is(controlSchemas.handshake, { v: 1 })).toBe(true);
		expect(v.is(controlSchemas['table:signal'], { workshopId, signal: 'help' })).toBe(true);
		expect(v.is(controlSchemas['table:signal'], { workshopId, signal: null })).toBe(true);
		expect(v.is(controlSchemas['screens:pause'], { workshopId, paused: true, message: '' })).toBe(
			true
		);
		expect(v.is(controlSchemas['message:broadcast'], { workshopId, text: 'Tauko' })).toBe(true);
		expect(
			v.is(controlSchemas['phase:reveal'], { workshopId, anonymise: true, shuffle: false })
		).toBe(true);
		expect(v.is(controlSchemas['task:choose'], { workshopId, itemId: 'Ab3_x-Yz9QwE' })).toBe(true);
		expect(v.is(controlSchemas['task:choose'], { workshopId, itemId: null, table: 2 })).toBe(true);
		expect(
			v.is(controlSchemas['plenary:harvest'], {
				workshopId,
				items: [{ table: 1, itemId: 'tpl-plenary-outputs' }]
			})
		).toBe(true);
	});

	it('reject wrong types, ranges, unknown keys and bad ids', () => {
		const bad: [keyof typeof controlSchemas, unknown][] = [
			['phase:go', { workshopId, index: 1.5 }],
			['phase:go', { workshopId, index: -1 }],
			['phase:go', { workshopId: '../../etc', index: 1 }],
			['phase:go', { workshopId, index: 1, admin: true }],
			['timer:start', { workshopId, durationMs: 0 }],
			['timer:extend', { workshopId, ms: Infinity }],
			['board:lock', { workshopId, table: 0, locked: true }],
			['board:lock', { workshopId, table: 1 }],
			['workshop:subscribe', null],
			['table:signal', { workshopId, signal: 'panic' }],
			['table:signal', { workshopId, signal: 'help', table: 3 }],
			['message:broadcast', { workshopId, text: '' }],
			['message:broadcast', { workshopId, text: 'x'.repeat(281) }],
			['screens:pause', { workshopId, paused: true, message: 'x'.repeat(201) }],
			['plenary:set', { workshopId, plenary: 'yes' }],
			['phase:reveal', { workshopId, anonymise: true }],
			['phase:reveal', { workshopId, anonymise: 1, shuffle: 0 }],
			['phase:reveal', { workshopId, anonymise: true, shuffle: true, table: 1 }],
			['task:choose', { workshopId, itemId: '../x' }],
			['task:choose', { workshopId, itemId: 'a'.repeat(65) }],
			['task:choose', { workshopId, itemId: 'a', table: 0 }],
			['plenary:harvest', { workshopId, items: [] }],
			['plenary:harvest', { workshopId, items: [{ table: 1 }] }],
			[
				'plenary:harvest',
				{ workshopId, items: Array.from({ length: 101 }, () => ({ table: 1, itemId: 'a' })) }
			],
			['handshake', { token: 'x' }]
		];
		for (const [event, payload] of bad)
			expect(v.is(controlSchemas[event], payload), event).toBe(false);
	});
});

describe('event maps', () => {
	it('type every ack as a Result of the workshop state', () => {
		expectTypeOf<Parameters<ClientToServerEvents['phase:go']>[1]>().toEqualTypeOf<
			(result: Result<WorkshopState>) => void
		>();
		expectTypeOf<Parameters<ClientToServerEvents['board:lock']>[0]>().toEqualTypeOf<{
			workshopId: string;
			table: number | null;
			locked: boolean;
		}>();
		expectTypeOf<Parameters<ClientToServerEvents['phase:reveal']>[0]>().toEqualTypeOf<{
			workshopId: string;
			anonymise: boolean;
			shuffle: boolean;
		}>();
		expectTypeOf<
			Parameters<ServerToClientEvents['workshop:state']>[0]
		>().toEqualTypeOf<WorkshopState>();
	});
});
