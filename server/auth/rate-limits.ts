import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

/**
 * Attempts allowed per client address, against guessing join codes and passwords. Counted in
 * memory on a lone node; with several nodes ({@link RateLimits.shareThrough}) in Redis, so an
 * address has one budget however the load balancer spreads its requests.
 */
export const RATE_LIMITS = {
	/** Join attempts (right or wrong code) per address per minute: a room full of people behind one NAT still fits. */
	join: { points: 60, durationSeconds: 60 },
	/** Sign-in and sign-up attempts per address per 15 minutes. */
	signIn: { points: 20, durationSeconds: 15 * 60 },
	/** JSON API requests per address per minute (issue 6): a nightly sync fits, a scraper does not. */
	api: { points: 120, durationSeconds: 60 }
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;
const NAMES = Object.keys(RATE_LIMITS) as RateLimitName[];

/** What RateLimiterRedis needs of a node-redis client (the cluster's command connection). */
export type RateLimitStore = ConstructorParameters<typeof RateLimiterRedis>[0]['storeClient'];

export class RateLimits {
	readonly #limits: Record<RateLimitName, { points: number; durationSeconds: number }>;
	readonly #limiters: Record<RateLimitName, RateLimiterAbstract>;

	/** `points` per limit override the defaults (AUTH_RATE_LIMIT, JOIN_RATE_LIMIT in config.ts). */
	constructor(points: Partial<Record<RateLimitName, number>> = {}) {
		const limits = {} as Record<RateLimitName, { points: number; durationSeconds: number }>;
		const limiters = {} as Record<RateLimitName, RateLimiterAbstract>;
		for (const name of NAMES) {
			limits[name] = { ...RATE_LIMITS[name], points: points[name] ?? RATE_LIMITS[name].points };
			limiters[name] = new RateLimiterMemory({
				points: limits[name].points,
				duration: limits[name].durationSeconds
			});
		}
		this.#limits = limits;
		this.#limiters = limiters;
	}

	/**
	 * Counts in Redis from now on, under `<prefix>:rl:<limit>`, shared by every node with the same
	 * prefix (issue 7). While Redis is away each node falls back to its own memory count, so a
	 * guesser gains at most one budget per node for the length of the outage, and nobody is
	 * locked out because Redis is.
	 */
	shareThrough(store: RateLimitStore, prefix: string): void {
		for (const name of NAMES) {
			this.#limiters[name] = new RateLimiterRedis({
				storeClient: store,
				useRedisPackage: true,
				rejectIfRedisNotReady: true,
				keyPrefix: `${prefix}:rl:${name}`,
				points: this.#limits[name].points,
				duration: this.#limits[name].durationSeconds,
				insuranceLimiter: this.#limiters[name] as RateLimiterMemory
			});
		}
	}

	/** Counts one attempt; returns false when the address is over its limit. */
	async allow(name: RateLimitName, clientAddress: string): Promise<boolean> {
		try {
			await this.#limiters[name].consume(clientAddress);
			return true;
		} catch (error) {
			if (error instanceof RateLimiterRes) return false;
			throw error;
		}
	}
}
