import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Attempts allowed per client address, against guessing join codes and passwords. In memory:
 * fine for one node; with several nodes issue 7 moves them to Redis (the same library has a Redis
 * limiter with this interface).
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

export class RateLimits {
	readonly #limiters: Record<RateLimitName, RateLimiterMemory>;

	/** `points` per limit override the defaults (AUTH_RATE_LIMIT, JOIN_RATE_LIMIT in config.ts). */
	constructor(points: Partial<Record<RateLimitName, number>> = {}) {
		this.#limiters = {
			join: limiter({ ...RATE_LIMITS.join, points: points.join ?? RATE_LIMITS.join.points }),
			signIn: limiter({
				...RATE_LIMITS.signIn,
				points: points.signIn ?? RATE_LIMITS.signIn.points
			}),
			api: limiter({ ...RATE_LIMITS.api, points: points.api ?? RATE_LIMITS.api.points })
		};
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

function limiter(limit: { points: number; durationSeconds: number }): RateLimiterMemory {
	return new RateLimiterMemory({ points: limit.points, duration: limit.durationSeconds });
}
