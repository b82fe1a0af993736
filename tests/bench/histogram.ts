/**
 * A latency histogram with logarithmic buckets (2 % wide), cheap enough to record tens of thousands
 * of samples per second in a generator worker and small enough to post between threads. Values are
 * microseconds; percentiles are reported as the bucket's upper bound, so they err on the slow side
 * by at most 2 %.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** 1 µs … ~10 min. */
const BUCKETS = 1400;

export interface HistogramData {
	counts: number[];
	count: number;
	sumUs: number;
	maxUs: number;
}

export interface LatencySummary {
	count: number;
	/** Milliseconds. */
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

export class Histogram {
	readonly counts = new Uint32Array(BUCKETS);
	count = 0;
	sumUs = 0;
	maxUs = 0;

	record(us: number): void {
		const value = us < 1 ? 1 : us;
		let bucket = Math.ceil(Math.log(value) / LOG_GROWTH);
		if (bucket >= BUCKETS) bucket = BUCKETS - 1;
		this.counts[bucket]++;
		this.count++;
		this.sumUs += value;
		if (value > this.maxUs) this.maxUs = value;
	}

	reset(): void {
		this.counts.fill(0);
		this.count = 0;
		this.sumUs = 0;
		this.maxUs = 0;
	}

	toData(): HistogramData {
		return {
			counts: Array.from(this.counts),
			count: this.count,
			sumUs: this.sumUs,
			maxUs: this.maxUs
		};
	}

	static merge(parts: readonly HistogramData[]): Histogram {
		const merged = new Histogram();
		for (const part of parts) {
			for (let i = 0; i < BUCKETS; i++) merged.counts[i] += part.counts[i] ?? 0;
			merged.count += part.count;
			merged.sumUs += part.sumUs;
			merged.maxUs = Math.max(merged.maxUs, part.maxUs);
		}
		return merged;
	}

	/** The q-quantile in ms (0 when empty). */
	quantileMs(q: number): number {
		if (this.count === 0) return 0;
		const rank = Math.max(1, Math.ceil(q * this.count));
		let seen = 0;
		for (let i = 0; i < BUCKETS; i++) {
			seen += this.counts[i];
			if (seen >= rank) return Math.min(GROWTH ** i, this.maxUs) / 1000;
		}
		return this.maxUs / 1000;
	}

	summary(): LatencySummary {
		return {
			count: this.count,
			p50: round(this.quantileMs(0.5)),
			p95: round(this.quantileMs(0.95)),
			p99: round(this.quantileMs(0.99)),
			max: round(this.maxUs / 1000),
			mean: round(this.count ? this.sumUs / this.count / 1000 : 0)
		};
	}
}

/** Quantiles of a small list of exact samples (connect and load times), in the samples' unit. */
export function quantiles(samples: readonly number[]): LatencySummary {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) =>
		sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0;
	const sum = sorted.reduce((a, b) => a + b, 0);
	return {
		count: sorted.length,
		p50: round(at(0.5)),
		p95: round(at(0.95)),
		p99: round(at(0.99)),
		max: round(sorted.at(-1) ?? 0),
		mean: round(sorted.length ? sum / sorted.length : 0)
	};
}

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
