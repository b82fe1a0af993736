import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createClient } from 'redis';
import * as Y from 'yjs';
import { DOC_ROOT } from '#shared/protocol/sync.ts';
import { killHard, spawnServer, waitFor, type TestStore } from './harness.ts';

/** Shared helpers of the scale-out tests (issue 7): nodes, a balancer, a Redis of their own. */

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A channel prefix of its own per test, so parallel runs on one Redis never hear each other. */
export function uniquePrefix(): string {
	return `it_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** One Rajapinta node as a child process, on a random port, joined to Redis. */
export function spawnNode(
	store: TestStore,
	redis: { url: string; prefix: string }
): Promise<{ child: ChildProcess; url: string; port: number }> {
	return spawnServer({
		...store,
		env: { ...store.env, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, LOG_LEVEL: 'quiet' }
	});
}

/**
 * A TCP load balancer in front of the nodes, like nginx with `proxy_pass` to the live upstream:
 * new connections go to `target`; changing it (when a node dies) sends reconnecting clients on.
 */
export async function startBalancer(initialPort: number): Promise<{
	url: string;
	target: number;
	close(): Promise<void>;
}> {
	const sockets = new Set<net.Socket>();
	const balancer = { target: initialPort };
	const server = net.createServer((client) => {
		const upstream = net.connect(balancer.target, '127.0.0.1');
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.pipe(upstream);
		upstream.pipe(client);
		upstream.on('close', () => client.destroy());
		client.on('close', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		get target() {
			return balancer.target;
		},
		set target(value: number) {
			balancer.target = value;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}

/** A free TCP port on loopback (free when asked; good enough for a child that binds it next). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** A redis-server of the test's own (no persistence), to stop and start again at will. */
export async function startRedis(port: number): Promise<{ url: string; child: ChildProcess }> {
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: 'ignore' }
	);
	const url = `redis://127.0.0.1:${port}`;
	await waitFor(() => child.exitCode === null, 'redis-server running', 1_000);
	const deadline = Date.now() + 5_000;
	for (;;) {
		const client = createClient({ url, socket: { reconnectStrategy: false } });
		client.on('error', () => undefined);
		try {
			await client.connect();
			await client.ping();
			await client.close();
			return { url, child };
		} catch (error) {
			client.destroy();
			if (Date.now() > deadline)
				throw new Error(`redis-server did not start: ${error}`, { cause: error });
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}

/** kill -9, and resolves at once if the process has already gone (by exit code or by signal). */
export function killHardOnce(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return killHard(child);
}

/** Note texts a client received from others (not its own edits), as `seen` in the crash tests. */
export function recordSeen(doc: Y.Doc, ownPrefix: string, seen: Set<string>): void {
	const items = doc.getMap<Y.Map<unknown>>(DOC_ROOT.items);
	items.observe((event) => {
		if (event.transaction.local) return;
		for (const [id, change] of event.changes.keys) {
			if (change.action !== 'add') continue;
			const text = String(items.get(id)?.get('text') ?? '');
			if (!text.startsWith(ownPrefix)) seen.add(text);
		}
	});
}

/** GET /readyz: the status code and the parsed body. */
export async function readiness(
	url: string
): Promise<{ status: number; body: { status: string; checks: Record<string, { ok: boolean }> } }> {
	const response = await fetch(`${url}/readyz`);
	return { status: response.status, body: (await response.json()) as never };
}
