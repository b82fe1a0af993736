import { describe, expect, it } from 'vitest';
import {
	connectionStatus,
	OFFLINE_AFTER_FAILURES,
	type ConnectionFacts
} from './connection-state.ts';

const facts = (overrides: Partial<ConnectionFacts>): ConnectionFacts => ({
	refused: false,
	connected: false,
	everConnected: false,
	browserOnline: true,
	failures: 0,
	...overrides
});

describe('connectionStatus', () => {
	it('is connecting before the first connection and online once connected', () => {
		expect(connectionStatus(facts({}))).toBe('connecting');
		expect(connectionStatus(facts({ connected: true, everConnected: true }))).toBe('online');
	});

	it('is reconnecting after a drop, and offline after repeated failures', () => {
		expect(connectionStatus(facts({ everConnected: true, failures: 1 }))).toBe('reconnecting');
		expect(connectionStatus(facts({ everConnected: true, failures: OFFLINE_AFTER_FAILURES }))).toBe(
			'offline'
		);
		expect(connectionStatus(facts({ failures: OFFLINE_AFTER_FAILURES }))).toBe('offline');
	});

	it('trusts the browser when it says it is offline', () => {
		expect(connectionStatus(facts({ everConnected: true, browserOnline: false }))).toBe('offline');
	});

	it('[S2] a refusal wins over everything', () => {
		expect(connectionStatus(facts({ refused: true, connected: true }))).toBe('refused');
	});
});
