/**
 * Version of the wire protocol shared by the browser client and the server (control plane and sync).
 * Bump it when a message shape changes incompatibly and record why in server/sync/SPEC.md "History".
 */
export const PROTOCOL_VERSION = 1;

/** Query parameter (sync) and handshake field (control plane) that carry {@link PROTOCOL_VERSION}. */
export const PROTOCOL_VERSION_PARAM = 'v';
