import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './origin.ts';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('isSameOrigin', () => {
	it('accepts the page’s own origin, the configured public origin and clients without Origin', () => {
		expect(
			isSameOrigin(request({ host: 'localhost:3000', origin: 'http://localhost:3000' }), null)
		).toBe(true);
		expect(
			isSameOrigin(
				request({ host: '10.0.0.5:3000', origin: 'https://paja.example.fi' }),
				'https://paja.example.fi'
			)
		).toBe(true);
		expect(isSameOrigin(request({ host: 'localhost:3000' }), null)).toBe(true);
	});

	it('refuses a foreign or malformed origin', () => {
		expect(
			isSameOrigin(request({ host: 'localhost:3000', origin: 'https://evil.example' }), null)
		).toBe(false);
		expect(isSameOrigin(request({ host: 'localhost:3000', origin: 'null' }), null)).toBe(false);
	});
});
