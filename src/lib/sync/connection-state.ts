/** What the connection indicator shows. */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'refused';

/** Failed attempts in a row after which "reconnecting" becomes "offline" (y-websocket backs off). */
export const OFFLINE_AFTER_FAILURES = 3;

/** The facts the provider and the browser give about the connection. */
export interface ConnectionFacts {
	/** The server closed with a 44xx code; retrying with the same credential cannot help. */
	refused: boolean;
	connected: boolean;
	/** Whether this page was online with the board at least once. */
	everConnected: boolean;
	/** `navigator.onLine`: false is reliable, true only means "maybe". */
	browserOnline: boolean;
	/** Attempts that failed in a row since the last successful sync. */
	failures: number;
}

export function connectionStatus(facts: ConnectionFacts): ConnectionStatus {
	if (facts.refused) return 'refused';
	if (facts.connected) return 'online';
	if (!facts.browserOnline || facts.failures >= OFFLINE_AFTER_FAILURES) return 'offline';
	return facts.everConnected ? 'reconnecting' : 'connecting';
}
