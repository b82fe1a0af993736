import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from './cluster/cluster.ts';
import type { Services } from './services.ts';

/** Liveness: the process runs and its event loop answers. Nothing else is checked. */
export const HEALTH_PATH = '/healthz';
/** Readiness: the node can serve edits now (its storage answers). A load balancer routes by it. */
export const READY_PATH = '/readyz';

/**
 * How long one readiness check may take before it counts as failed, in ms. A store that needs
 * longer for SELECT 1 cannot keep up with group commits either, so the node is not ready.
 */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/** One dependency the readiness probe asks; rejects (or exceeds the timeout) when it is down. */
export interface ReadinessCheck {
	run(): Promise<void>;
	/**
	 * true: the node cannot serve without it (storage), so a failure makes /readyz 503. false: the
	 * node keeps serving its own clients without it, so a failure only reports `degraded` (200).
	 */
	required: boolean;
}

/** Why a check failed, as the body states it: a code, never a driver message (it may hold a URL). */
export type CheckFailure = 'timeout' | 'failed';

/** The /readyz body. `status` is `ready`, `degraded` (an optional check failed), `not_ready`, or `draining` (shutting down). */
export interface Readiness {
	status: 'ready' | 'degraded' | 'not_ready' | 'draining';
	checks: Record<string, { ok: true; ms: number } | { ok: false; error: CheckFailure }>;
}

/**
 * What a node depends on. Storage always. Redis when REDIS_URL is set, as `required: false`:
 * without Redis a node still serves the clients connected to it (storage is the truth and it
 * resynchronises when Redis is back), so /readyz says `degraded` with 200. A 503 would take every
 * node out of the balancer at once, since they share one Redis: a full outage instead of edits
 * that reach other nodes' clients late (docs/scale-out.md).
 */
export function readinessChecks(
	services: Services,
	cluster: Pick<Cluster, 'link'> | null = null
): Record<string, ReadinessCheck> {
	const checks: Record<string, ReadinessCheck> = {
		storage: { run: () => services.storage.ping(), required: true }
	};
	if (cluster) checks.redis = { run: () => cluster.link.ping(), required: false };
	return checks;
}

/**
 * Serves /healthz and /readyz ahead of the app handler; returns false for any other path. Probes
 * arriving while one runs share its result, so a flood of probes costs one query at a time.
 */
export function createHealthEndpoints(options: {
	checks: Record<string, ReadinessCheck>;
	/** True once shutdown began: the node must leave the load balancer before it closes. */
	draining: () => boolean;
	timeoutMs?: number;
	log?: (message: string) => void;
}): (request: IncomingMessage, response: ServerResponse) => boolean {
	const timeoutMs = options.timeoutMs ?? READY_CHECK_TIMEOUT_MS;
	const log = options.log ?? ((message: string) => console.error(message));
	/** Checks failing at the last probe, so a failure is logged once, not at every probe. */
	const failing = new Set<string>();
	let inFlight: Promise<Readiness> | null = null;

	const runCheck = async (name: string, check: ReadinessCheck) => {
		const started = performance.now();
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<CheckFailure>((resolve) => {
			timer = setTimeout(() => resolve('timeout'), timeoutMs);
		});
		const outcome = await Promise.race([
			check.run().then(
				() => null,
				(error: unknown) => {
					if (!failing.has(name)) log(`[health] ${name} check failed: ${error}`);
					return 'failed' as const;
				}
			),
			timeout
		]);
		clearTimeout(timer);
		if (outcome === null) {
			if (failing.delete(name)) log(`[health] ${name} answers again`);
			return { ok: true as const, ms: Math.round(performance.now() - started) };
		}
		if (outcome === 'timeout' && !failing.has(name)) {
			log(`[health] ${name} check took over ${timeoutMs} ms`);
		}
		failing.add(name);
		return { ok: false as const, error: outcome };
	};

	const probe = async (): Promise<Readiness> => {
		const entries = Object.entries(options.checks);
		const results = await Promise.all(entries.map(([name, check]) => runCheck(name, check)));
		const checks = Object.fromEntries(entries.map(([name], i) => [name, results[i]]));
		const failed = entries.filter((_, i) => !results[i].ok);
		const status = options.draining()
			? 'draining'
			: failed.some(([, check]) => check.required)
				? 'not_ready'
				: failed.length > 0
					? 'degraded'
					: 'ready';
		return { status, checks };
	};

	return (request, response) => {
		const path = (request.url ?? '/').split('?', 1)[0];
		if (path !== HEALTH_PATH && path !== READY_PATH) return false;
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			send(request, response, 405, { status: 'method_not_allowed' }, { allow: 'GET, HEAD' });
			return true;
		}
		if (path === HEALTH_PATH) {
			send(request, response, 200, { status: 'ok' });
			return true;
		}
		inFlight ??= probe().finally(() => (inFlight = null));
		inFlight.then(
			(readiness) => {
				const ok = readiness.status === 'ready' || readiness.status === 'degraded';
				send(request, response, ok ? 200 : 503, readiness);
			},
			(error: unknown) => {
				log(`[health] readiness probe failed: ${error}`);
				send(request, response, 503, { status: 'not_ready', checks: {} });
			}
		);
		return true;
	};
}

function send(
	request: IncomingMessage,
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {}
): void {
	const json = JSON.stringify(body);
	response.writeHead(status, {
		...headers,
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(json),
		// A cached "ready" would hide an outage from the balancer asking.
		'cache-control': 'no-store'
	});
	response.end(request.method === 'HEAD' ? undefined : json);
}
