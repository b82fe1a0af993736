import type { WorkshopId } from '../model/ids.ts';

/**
 * The y-websocket-protocol endpoint. A stock `WebsocketProvider(serverUrl, room)` connects to
 * `${serverUrl}/${room}`, so the server URL is `ws(s)://host${SYNC_PATH}`.
 */
export const SYNC_PATH = '/sync';

/** Query parameter that carries a participant token when no cookie can be sent (stock clients). */
export const SYNC_TOKEN_PARAM = 'token';

/** Largest sync frame the server reads, in bytes. A bigger frame closes the connection (1009). */
export const MAX_SYNC_FRAME_BYTES = 1024 * 1024;

/**
 * Close codes of the sync endpoint, sent before any document data when the check fails on connect.
 * Clients must not reconnect after a 44xx code without a new credential.
 */
export const SYNC_CLOSE = {
	/** A frame could not be decoded as a y-websocket message or Yjs update. */
	badFrame: { code: 4400, reason: 'bad_frame' },
	/** No credential, or one that does not verify. */
	unauthorised: { code: 4401, reason: 'unauthorised' },
	/** The credential does not reach this room. */
	forbidden: { code: 4403, reason: 'forbidden' },
	/** The room name names no existing workshop or table. */
	notFound: { code: 4404, reason: 'not_found' },
	/** The participant was moved to another table (SPEC S11): load the new seat, connect there. */
	seatChanged: { code: 4410, reason: 'seat_changed' },
	/** The client did not finish the handshake in time. */
	timeout: { code: 4408, reason: 'timeout' },
	/** The client speaks another PROTOCOL_VERSION. */
	versionMismatch: { code: 4409, reason: 'version_mismatch' },
	/** The client does not read its messages and the server stopped buffering for it. */
	backpressure: { code: 4429, reason: 'backpressure' },
	/** The server is shutting down; reconnect later. */
	shuttingDown: { code: 4503, reason: 'shutting_down' }
} as const;

/**
 * Reasons the server gives in a y-protocols auth "permission denied" message when it drops an
 * update without closing the connection (SPEC S6, S9, S13). `readOnly` is told once; the `rights*`
 * reasons are told for each refused update, and the client then discards its copy of the
 * document and syncs again from the server (its refused edits would otherwise wait forever).
 */
export const SYNC_DENIAL = {
	/** A read connection, or the board is locked. */
	readOnly: 'read_only',
	/** The phase lets participants only look at the board. */
	viewOnly: 'rights_view_only',
	/** The phase lets participants change only the items they created. */
	notOwn: 'rights_not_own',
	/** The phase lets participants add items but not delete them. */
	noDelete: 'rights_no_delete',
	/** A vote in someone else's name, or while the phase has no voting. */
	vote: 'rights_vote',
	/** A new item without the writer's own author key, or a changed author key. */
	authorKey: 'rights_author_key',
	/** A change outside the board's items (bookkeeping, unknown roots) or one the server cannot place. */
	outsideItems: 'rights_outside_items',
	/** Leaf rights are on (Neliapila) and the item is, or lands, in a leaf of another actor type. */
	otherLeaf: 'rights_other_leaf',
	/** A fifth Neliapila leaf while the facilitator has not allowed one. */
	fifthLeaf: 'rights_fifth_leaf',
	/** Content outside the board schema's shapes: a giant string or key, binary, XML types (S13). */
	content: 'rights_content',
	/** The board's document has reached its size cap; only deletions are taken (S13). */
	documentFull: 'rights_document_full'
} as const;

export type SyncDenialReason = (typeof SYNC_DENIAL)[keyof typeof SYNC_DENIAL];

/** True for the reasons after which the client must discard its document and sync again. */
export function isRightsDenial(reason: string): boolean {
	return reason.startsWith('rights_');
}

export type SyncCloseReason = (typeof SYNC_CLOSE)[keyof typeof SYNC_CLOSE]['reason'];

/**
 * A table's board, the workshop's plenary document, or the connecting participant's own private
 * board at their table (SPEC S10). A private room names no owner: the server opens the document of
 * whoever connects ({@link privateDocumentName}), so nobody can ask for someone else's.
 */
export type RoomRef =
	| { kind: 'table'; workshopId: WorkshopId; table: number }
	| { kind: 'private'; workshopId: WorkshopId; table: number }
	| { kind: 'plenary'; workshopId: WorkshopId };

const ROOM_PATTERN =
	/^workshop\/([A-Za-z0-9_-]{8,32})\/(?:table\/([1-9][0-9]{0,2})(\/private)?|plenary)$/;

/** The room name a provider appends to the sync URL, and (tables, plenary) the document name in storage. */
export function roomName(ref: RoomRef): string {
	switch (ref.kind) {
		case 'table':
			return `workshop/${ref.workshopId}/table/${ref.table}`;
		case 'private':
			return `workshop/${ref.workshopId}/table/${ref.table}/private`;
		case 'plenary':
			return `workshop/${ref.workshopId}/plenary`;
	}
}

/** Parses a room name; returns null for anything that is not exactly a board of a workshop. */
export function parseRoomName(name: string): RoomRef | null {
	const match = ROOM_PATTERN.exec(name);
	if (!match) return null;
	const workshopId = match[1] as WorkshopId;
	if (match[2] === undefined) return { kind: 'plenary', workshopId };
	const table = Number(match[2]);
	return match[3] ? { kind: 'private', workshopId, table } : { kind: 'table', workshopId, table };
}

/**
 * The stored document behind one participant's private room (SPEC S10). Keyed by participant, not
 * table, so a participant moved to another table keeps their private items and a reveal copies them
 * to the table they sit at. No wire room name parses to it.
 */
export function privateDocumentName(workshopId: WorkshopId, participantId: string): string {
	return `workshop/${workshopId}/private/${participantId}`;
}

/** Root keys of every board Y.Doc. */
export const DOC_ROOT = {
	/** Y.Map<ItemId, Y.Map> of board items; see model/BOARD.md. */
	items: 'items',
	/** Y.Map<string, unknown> of board bookkeeping, e.g. which board templates were applied. */
	meta: 'meta'
} as const;

/**
 * Origins of Y transactions, so observers and undo managers can tell who changed what.
 * `local` is this browser's user; `remote` came from the network; `template` is seeding; `server` is
 * a change the server makes itself.
 */
export const TX_ORIGIN = {
	local: 'local',
	remote: 'remote',
	template: 'template',
	server: 'server'
} as const;

export type TxOrigin = (typeof TX_ORIGIN)[keyof typeof TX_ORIGIN];
