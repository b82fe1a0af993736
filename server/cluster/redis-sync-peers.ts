import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PeerDelivery, SyncPeers } from '#server/sync/peers.ts';
import type { BufferListener, RedisLink } from './redis-link.ts';

/** What a message on a document's channel carries, as its first byte. */
export const PEER_MESSAGE = {
	/** A Yjs update the sending node has stored. */
	update: 0,
	/** An awareness update of the sending node's clients. */
	awareness: 1,
	/** The sender may have failed to publish updates: read the stored log again. */
	resync: 2,
	/** The sender just loaded the document: send it your clients' presence. */
	presenceWanted: 3
} as const;

/** How long loading a room waits for Redis to confirm a subscription, in ms; then it resyncs later. */
const SUBSCRIBE_WAIT_MS = 1_000;

/**
 * SPEC S12 over Redis pub/sub: one channel per document (`<prefix>:doc:<name>`), subscribed only
 * while the document's room is in memory, so a node hears only about the documents it serves.
 * A message is `[kind, sender node id, payload]` (lib0 encoding); a node ignores its own.
 *
 * Redis pub/sub delivers at most once and forgets what a disconnected subscriber missed. Storage
 * is the truth, so every gap is closed by reading the stored log again: a node whose connection
 * came back resyncs every room it holds; a node that failed to publish asks the others to resync
 * those documents once it is back.
 */
export function createRedisSyncPeers(options: {
	link: RedisLink;
	prefix: string;
	nodeId: string;
	log: (message: string) => void;
}): SyncPeers & { close(): void } {
	const { link, nodeId, log } = options;
	const channelOf = (document: string) => `${options.prefix}:doc:${document}`;
	const followed = new Map<string, { delivery: PeerDelivery; listener: BufferListener }>();
	/** Documents whose update this node could not publish: the others must resync them. */
	const unsent = new Set<string>();

	const publish = (document: string, kind: number, payload?: Uint8Array) => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kind);
		encoding.writeVarString(encoder, nodeId);
		if (payload) encoding.writeVarUint8Array(encoder, payload);
		const message = Buffer.from(encoding.toUint8Array(encoder));
		const failed = () => {
			if (kind === PEER_MESSAGE.update) unsent.add(document);
		};
		if (!link.ready) return failed();
		link.pub.publish(channelOf(document), message).catch(failed);
	};

	const receive = (delivery: PeerDelivery, message: Buffer) => {
		try {
			const decoder = decoding.createDecoder(message);
			const kind = decoding.readVarUint(decoder);
			if (decoding.readVarString(decoder) === nodeId) return;
			switch (kind) {
				case PEER_MESSAGE.update:
					return delivery.update(decoding.readVarUint8Array(decoder));
				case PEER_MESSAGE.awareness:
					return delivery.awareness(decoding.readVarUint8Array(decoder));
				case PEER_MESSAGE.resync:
					return delivery.resync();
				case PEER_MESSAGE.presenceWanted:
					return delivery.presenceWanted();
			}
		} catch (error) {
			log(`[cluster] a message from a peer does not decode: ${error}`);
		}
	};

	const stopReady = link.onReady(() => {
		for (const [document, { delivery }] of followed) {
			delivery.resync();
			// Presence from other nodes may have timed out meanwhile; ask for it again.
			publish(document, PEER_MESSAGE.presenceWanted);
		}
		for (const document of unsent) publish(document, PEER_MESSAGE.resync);
		unsent.clear();
	});

	return {
		async follow(document, delivery) {
			const listener: BufferListener = (message) => receive(delivery, message);
			followed.set(document, { delivery, listener });
			const subscribed = link.sub.subscribe(channelOf(document), listener, true);
			// Once subscribed, the room reads storage again if it did not wait for the subscription.
			const resyncWhenSubscribed = () =>
				subscribed.then(
					() => followed.get(document)?.delivery === delivery && delivery.resync(),
					() => undefined
				);
			// Redis is away (or not yet connected): nothing to wait for now.
			if (!link.ready) return void resyncWhenSubscribed();
			let timer: NodeJS.Timeout | undefined;
			const inTime = await Promise.race([
				subscribed.then(
					() => true,
					() => false
				),
				new Promise<false>(
					(resolve) => (timer = setTimeout(() => resolve(false), SUBSCRIBE_WAIT_MS))
				)
			]);
			clearTimeout(timer);
			if (!inTime) void resyncWhenSubscribed();
		},
		unfollow(document) {
			const entry = followed.get(document);
			if (!entry) return;
			followed.delete(document);
			link.sub.unsubscribe(channelOf(document), entry.listener, true).catch(() => undefined);
		},
		publishUpdate: (document, update) => publish(document, PEER_MESSAGE.update, update),
		publishAwareness: (document, update) => publish(document, PEER_MESSAGE.awareness, update),
		requestPresence: (document) => publish(document, PEER_MESSAGE.presenceWanted),
		close() {
			stopReady();
			followed.clear();
		}
	};
}
