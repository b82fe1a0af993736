import { describe, expect, it } from 'vitest';
import { rebasePosition } from './text-sync.ts';

describe('rebasePosition', () => {
	it('keeps a caret before a remote insertion', () => {
		expect(rebasePosition('hello world', 'hello big world', 2)).toBe(2);
	});

	it('shifts a caret after a remote insertion', () => {
		expect(rebasePosition('hello world', 'hello big world', 11)).toBe(15);
	});

	it('shifts a caret after a remote deletion', () => {
		expect(rebasePosition('hello big world', 'hello world', 15)).toBe(11);
	});

	it('moves a caret inside a replaced part to its end', () => {
		expect(rebasePosition('abcdef', 'abXYef', 3)).toBe(4);
	});
});
