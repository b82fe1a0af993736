import { describe, expect, it } from 'vitest';

describe('runtime', () => {
	// `npm ci --ignore-scripts` silently leaves the machine's older Node in charge (TOOLCHAIN.md).
	it('runs on Node 24 from the node devDependency', () => {
		expect(process.versions.node.split('.')[0]).toBe('24');
	});
});
