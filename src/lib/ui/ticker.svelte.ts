/** The current time, refreshed every second while started, for countdowns. Browser only. */
export class Ticker {
	now = $state(Date.now());

	/** Starts ticking; returns the function that stops it. */
	start(intervalMs = 1000): () => void {
		this.now = Date.now();
		const id = setInterval(() => (this.now = Date.now()), intervalMs);
		return () => clearInterval(id);
	}
}
