import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * CPU and memory of another process, read from /proc so the server under test measures itself
 * with no code of ours inside it (Linux only; the benchmark says so when /proc is missing).
 */
export interface ProcessSample {
	/** Process CPU time (user + system), ms. */
	cpuMs: number;
	userMs: number;
	systemMs: number;
	/** Resident set size now, MiB. */
	rssMiB: number;
	/** Peak resident set size so far, MiB. */
	peakRssMiB: number;
	/**
	 * Read-like and write-like system calls so far (/proc/<pid>/io syscr, syscw: read, recv, write,
	 * writev, pwrite…), NaN where the kernel does not say. A socket write on loopback is the biggest
	 * single cost of relaying, so these explain much of the CPU figures.
	 */
	readCalls: number;
	writeCalls: number;
	/** performance.now() of the sample, ms. */
	at: number;
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux we run on. */
const CLOCK_TICKS_PER_S = 100;

export function sampleProcess(pid: number): ProcessSample {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may contain spaces and parentheses; fields after it are fixed.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const userMs = (Number(fields[11]) * 1000) / CLOCK_TICKS_PER_S;
	const systemMs = (Number(fields[12]) * 1000) / CLOCK_TICKS_PER_S;
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const io = readIo(pid);
	return {
		cpuMs: userMs + systemMs,
		userMs,
		systemMs,
		rssMiB: statusKiB(status, 'VmRSS') / 1024,
		peakRssMiB: statusKiB(status, 'VmHWM') / 1024,
		readCalls: ioField(io, 'syscr'),
		writeCalls: ioField(io, 'syscw'),
		at: performance.now()
	};
}

function readIo(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/io`, 'utf8');
	} catch {
		return '';
	}
}

function ioField(io: string, field: string): number {
	const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(io);
	return match ? Number(match[1]) : Number.NaN;
}

function statusKiB(status: string, field: string): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
	return match ? Number(match[1]) : Number.NaN;
}

/** Busy and total CPU time of the whole machine (all cores), ms, from /proc/stat. */
export interface MachineSample {
	busyMs: number;
	totalMs: number;
}

export function sampleMachine(): MachineSample {
	const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
	const ticks = line.trim().split(/\s+/).slice(1).map(Number);
	// user nice system idle iowait irq softirq steal …; idle and iowait are not busy.
	const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
	const idle = ticks[3] + ticks[4];
	return {
		busyMs: ((total - idle) * 1000) / CLOCK_TICKS_PER_S,
		totalMs: (total * 1000) / CLOCK_TICKS_PER_S
	};
}

export const CORES = os.availableParallelism();
