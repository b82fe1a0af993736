import type { PrivacyService } from './privacy-service.ts';

/**
 * How long a workshop keeps personal data after its day, in days. The default leaves time for
 * funder reporting; the maximum keeps a forgotten workshop from holding names for years.
 */
export const RETENTION_DAYS = { default: 90, min: 1, max: 365 } as const;

/** How often the retention job looks for workshops past their retention, in ms. */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Epoch ms from which a workshop's personal data is due for erasure: the end of its day (UTC; at
 * most three hours after the Finnish midnight) plus `days` whole days.
 */
export function retentionEndsAt(date: string, days: number): number {
	const [year, month, day] = date.split('-').map(Number);
	return Date.UTC(year, month - 1, day) + (days + 1) * DAY_MS;
}

/**
 * Runs the retention sweep at start and then every `intervalMs`. The timer is unref'd, so it never
 * keeps the process alive; a sweep never overlaps the previous one. Fine for one node and for
 * several sharing PostgreSQL (erasure is idempotent); a node that is down simply sweeps later.
 */
export function startRetentionJob(options: {
	privacy: PrivacyService;
	intervalMs?: number;
	log?: (message: string) => void;
}): { stop(): Promise<void> } {
	const log = options.log ?? ((message: string) => console.error(message));
	let running: Promise<void> = Promise.resolve();
	let stopped = false;
	const sweep = () => {
		running = running.then(async () => {
			if (stopped) return;
			try {
				const erased = await options.privacy.sweep(log);
				if (erased.length > 0) {
					log(
						`[privacy] retention ended: erased the personal data of ${erased.length} workshop(s)`
					);
				}
			} catch (error) {
				log(`[privacy] retention sweep failed: ${error}`);
			}
		});
	};
	sweep();
	const timer = setInterval(sweep, options.intervalMs ?? RETENTION_SWEEP_MS);
	timer.unref();
	return {
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}
