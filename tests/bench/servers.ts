import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sampleProcess, type ProcessSample } from './proc-stats.ts';

/** The two servers every sync figure compares. */
export const SERVER_KINDS = ['rajapinta', 'reference'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Rajapinta has auth (participant tokens) and serves sync under /sync. */
export const isRajapinta = (kind: ServerKind) => kind === 'rajapinta';

export interface ServerProcess {
	kind: ServerKind;
	child: ChildProcess;
	pid: number;
	/** http://127.0.0.1:port */
	url: string;
	/** ws:// URL a stock provider takes as `serverUrl` (the room name is appended with a slash). */
	syncUrl: string;
	sample(): ProcessSample;
	/** Only with `gcHook`: collects garbage in the server, then its process.memoryUsage(). */
	collect(): Promise<NodeJS.MemoryUsage>;
	/** Last lines the server wrote to stderr (warnings, errors), for the report. */
	stderrTail(): string;
	/** SIGTERM (graceful: Rajapinta stores what is pending), SIGKILL after a timeout. */
	stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const STDERR_TAIL_CHARS = 4_000;

function entryOf(kind: ServerKind): string {
	// The same composition as server/index.ts without SvelteKit's handler (as the crash tests use).
	if (kind === 'rajapinta')
		return path.resolve(import.meta.dirname, '../integration/server-process.ts');
	return path.resolve(import.meta.dirname, 'reference-server.ts');
}

/**
 * Starts a server under test as its own process, so its CPU and memory are its own. Rajapinta gets
 * the embedded store in `dataDir` (auth on: clients present participant tokens).
 */
export function spawnServer(options: {
	kind: ServerKind;
	dataDir?: string;
	/** Extra environment (e.g. DATABASE_URL). */
	env?: Record<string, string>;
	/** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
	execArgv?: string[];
	/** Rajapinta with a hook to collect garbage before memory is read (memory-server.ts). */
	gcHook?: boolean;
}): Promise<ServerProcess> {
	const env: Record<string, string | undefined> = {
		...process.env,
		PORT: '0',
		HOST: '127.0.0.1',
		SEED_DEMO: 'false',
		// The seeded workshops have a fixed date; no start-up sweep may erase their participants.
		RETENTION_JOB: 'false',
		LOG_LEVEL: 'quiet',
		NODE_ENV: 'production',
		YPERSISTENCE: undefined,
		...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
		...options.env
	};
	const entry = options.gcHook
		? path.resolve(import.meta.dirname, 'memory-server.ts')
		: entryOf(options.kind);
	const execArgv = [...(options.execArgv ?? []), ...(options.gcHook ? ['--expose-gc'] : [])];
	const child = spawn(process.execPath, [...execArgv, entry], {
		env: env as NodeJS.ProcessEnv,
		stdio: options.gcHook ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`[bench] ${options.kind} did not start: ${stderr}`));
		}, START_TIMEOUT_MS);
		const onExit = (code: number | null) => {
			clearTimeout(timer);
			reject(new Error(`[bench] ${options.kind} exited with ${code}: ${stderr}`));
		};
		child.once('exit', onExit);
		let stdout = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /listening on (http:\/\/[^\s]+)/.exec(stdout);
			if (!match) return;
			clearTimeout(timer);
			child.off('exit', onExit);
			const url = match[1];
			const wsBase = url.replace(/^http/, 'ws');
			resolve({
				kind: options.kind,
				child,
				pid: child.pid!,
				url,
				syncUrl: isRajapinta(options.kind) ? `${wsBase}/sync` : wsBase,
				sample: () => sampleProcess(child.pid!),
				collect: () =>
					new Promise((resolve) => {
						child.once('message', (usage) => resolve(usage as NodeJS.MemoryUsage));
						child.send('gc');
					}),
				stderrTail: () => stderr,
				stop: () => stopChild(child)
			});
		});
	});
}

function stopChild(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
