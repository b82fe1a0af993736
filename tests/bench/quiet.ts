import { CORES, sampleMachine } from './proc-stats.ts';
import { round } from './histogram.ts';

/**
 * The machine is shared (other people build and test on it), and a point measured while a build
 * eats a core says little. Before each point, wait until the rest of the machine is quiet for a
 * second (other load below `maxOtherCores`), but never longer than `maxWaitMs`; report the load
 * that remained either way.
 */
export async function waitForQuiet(options: {
	maxOtherCores: number;
	maxWaitMs: number;
}): Promise<{ waitedMs: number; otherCores: number }> {
	const started = performance.now();
	for (;;) {
		const before = sampleMachine();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const after = sampleMachine();
		const busy = (after.busyMs - before.busyMs) / 1000;
		const waitedMs = performance.now() - started;
		if (busy <= options.maxOtherCores || waitedMs >= options.maxWaitMs) {
			return { waitedMs: round(waitedMs, 0), otherCores: round(Math.min(busy, CORES), 2) };
		}
	}
}
