import { afterEach, describe, expect, it } from 'vitest';
import type { PeerDelivery } from '#server/sync/peers.ts';
import { createClusterEvents, type ClusterEvent } from './cluster-events.ts';
import { createRedisLink, type RedisLink } from './redis-link.ts';
import { createRedisSyncPeers } from './redis-sync-peers.ts';

/** A real Redis, as CI starts it (.ci/run); each test gets a prefix of its own. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 3_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

function recorder() {
	const got = { updates: [] as number[][], awareness: 0, resyncs: 0, presence: 0 };
	const delivery: PeerDelivery = {
		update: (update) => got.updates.push([...update]),
		awareness: () => got.awareness++,
		resync: () => got.resyncs++,
		presenceWanted: () => got.presence++
	};
	return { got, delivery };
}

describe('Redis sync peers and cluster events (SPEC S12)', () => {
	const links: RedisLink[] = [];
	afterEach(async () => {
		await Promise.all(links.splice(0).map((link) => link.close()));
	});

	const node = async (prefix: string, nodeId: string) => {
		const log: string[] = [];
		const link = createRedisLink({ url: REDIS_URL, log: (message) => log.push(message) });
		links.push(link);
		await until(() => link.ready, 'redis connected');
		const options = { link, prefix, nodeId, log: (message: string) => log.push(message) };
		return {
			link,
			log,
			peers: createRedisSyncPeers(options),
			events: createClusterEvents(options)
		};
	};

	it('delivers another node’s updates, presence and requests for a followed document only', async () => {
		const prefix = `spec_${Math.random().toString(36).slice(2)}`;
		const a = await node(prefix, 'a');
		const b = await node(prefix, 'b');
		const onA = recorder();
		const onB = recorder();
		await a.peers.follow('doc-1', onA.delivery);
		await b.peers.follow('doc-1', onB.delivery);

		a.peers.publishUpdate('doc-1', new Uint8Array([1, 2, 3]));
		a.peers.publishUpdate('doc-2', new Uint8Array([9]));
		a.peers.publishAwareness('doc-1', new Uint8Array([4]));
		a.peers.requestPresence('doc-1');
		await until(() => onB.got.presence === 1, 'presence request on b');
		expect(onB.got.updates).toEqual([[1, 2, 3]]);
		expect(onB.got.awareness).toBe(1);
		// A node never hears its own messages back.
		expect(onA.got).toEqual({ updates: [], awareness: 0, resyncs: 0, presence: 0 });

		// Garbage on the channel is logged and ignored.
		await a.link.pub.publish(`${prefix}:doc:doc-1`, Buffer.from([0xff, 0xff, 0xff]));
		await until(() => b.log.some((line) => line.includes('does not decode')), 'garbage logged');

		b.peers.unfollow('doc-1');
		await new Promise((resolve) => setTimeout(resolve, 50));
		a.peers.publishUpdate('doc-1', new Uint8Array([5]));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(onB.got.updates).toHaveLength(1);
	});

	it('passes only cluster events that match their schema', async () => {
		const prefix = `spec_${Math.random().toString(36).slice(2)}`;
		const a = await node(prefix, 'a');
		const b = await node(prefix, 'b');
		const heard: ClusterEvent[] = [];
		b.events.subscribe((event) => heard.push(event));
		await new Promise((resolve) => setTimeout(resolve, 50));

		await a.link.pub.publish(
			`${prefix}:events`,
			JSON.stringify({ from: 'a', event: { type: 'seat:changed', participantId: 42 } })
		);
		await a.link.pub.publish(`${prefix}:events`, 'not json');
		a.events.publish({ type: 'workshop:state', workshopId: 'w1' });
		await until(() => heard.length === 1, 'the valid event');
		expect(heard).toEqual([{ type: 'workshop:state', workshopId: 'w1' }]);
		expect(b.log.filter((line) => line.includes('[cluster]'))).toHaveLength(2);
	});
});
