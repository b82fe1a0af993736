/**
 * Other nodes serving the same documents (issue 7, SPEC S12). The sync server depends on this
 * interface only; server/cluster implements it over Redis. Without it (no REDIS_URL) a node is
 * alone and none of this runs.
 */
export interface SyncPeers {
	/**
	 * Starts receiving other nodes' changes to a document; called before the document is read from
	 * storage, so nothing published while it loads is missed (the room buffers it). Resolves when
	 * listening, or sooner when Redis is away: then `resync` is called once it listens.
	 */
	follow(document: string, delivery: PeerDelivery): Promise<void>;
	/** Stops receiving a document's changes (its room left memory). */
	unfollow(document: string): void;
	/** Tells the other nodes about updates this node has stored (never before they are stored). */
	publishUpdate(document: string, update: Uint8Array): void;
	/** Asks the nodes following a document for their clients' presence (this room just loaded). */
	requestPresence(document: string): void;
	/** Tells the other nodes about presence changes of this node's clients. */
	publishAwareness(document: string, update: Uint8Array): void;
}

/** What a followed document's room does with what other nodes send. */
export interface PeerDelivery {
	/** An update another node has stored: apply and relay, never store again. */
	update(update: Uint8Array): void;
	/** A presence change of another node's client. */
	awareness(update: Uint8Array): void;
	/** Updates may have been missed: read the stored log again and apply it (idempotent). */
	resync(): void;
	/** Another node's room just loaded: send it the presence of this node's clients. */
	presenceWanted(): void;
}
