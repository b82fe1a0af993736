import { describe, expect, it } from 'vitest';
import { RajapintaError, rajapintaErrorCode } from './errors.ts';

describe('rajapintaErrorCode', () => {
	it("reads the code of the services' errors, also from another copy of the class", () => {
		expect(rajapintaErrorCode(new RajapintaError('conflict'))).toBe('conflict');
		// SvelteKit's bundle has its own copy of RajapintaError: instanceof fails there, the shape holds.
		class RajapintaErrorCopy extends Error {
			override readonly name = 'RajapintaError';
			readonly code = 'invalid_payload';
		}
		expect(new RajapintaErrorCopy() instanceof RajapintaError).toBe(false);
		expect(rajapintaErrorCode(new RajapintaErrorCopy())).toBe('invalid_payload');
	});

	it('is null for anything else', () => {
		expect(rajapintaErrorCode(new Error('conflict'))).toBeNull();
		expect(rajapintaErrorCode({ name: 'RajapintaError', code: 'made_up' })).toBeNull();
		expect(rajapintaErrorCode(null)).toBeNull();
		expect(rajapintaErrorCode('RajapintaError')).toBeNull();
	});
});
