import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Summarises a V8 .cpuprofile (from `--profile`, i.e. the server run with --cpu-prof): self time by
 * function and by module, and total (inclusive) time of the functions that matter most.
 * Usage: node tests/bench/profile-summary.ts <file.cpuprofile> [top] [fromS] [toS]
 * With fromS/toS only the samples in that span (seconds from the profile's start) count, e.g. the
 * measurement window rather than start-up and connecting; the busy-per-second line helps find it.
 */
interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Samples where the thread waited (the event loop idle, or V8 outside JavaScript and GC). */
const IDLE = ['(idle)', '(program)', '(root)'];

export function summariseProfile(file: string, top = 25, fromS = 0, toS = Infinity): string {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const selfUs = new Map<number, number>();
	/** Busy µs per second of the whole profile, to find the measurement window. */
	const busyPerS: number[] = [];
	let atUs = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const id = profile.samples[i];
		const delta = profile.timeDeltas[i] ?? 0;
		atUs += delta;
		const second = Math.floor(atUs / 1e6);
		if (!IDLE.includes(byId.get(id)!.callFrame.functionName)) {
			busyPerS[second] = (busyPerS[second] ?? 0) + delta;
		}
		if (atUs < fromS * 1e6 || atUs >= toS * 1e6) continue;
		selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
	}
	const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
	const idleUs = sumWhere(selfUs, byId, (node) => IDLE.includes(node.callFrame.functionName));

	const selfByFunction = new Map<string, number>();
	const selfByModule = new Map<string, number>();
	const inclusive = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const node = byId.get(id)!;
		if (IDLE.includes(node.callFrame.functionName)) continue;
		const name = label(node);
		selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + us);
		const module = moduleOf(node.callFrame.url, node.callFrame.functionName);
		selfByModule.set(module, (selfByModule.get(module) ?? 0) + us);
		// Inclusive: credit every distinct function on the stack once.
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const frame = label(byId.get(at)!);
			if (seen.has(frame) || frame === '(root)') continue;
			seen.add(frame);
			inclusive.set(frame, (inclusive.get(frame) ?? 0) + us);
		}
	}
	const busyUs = totalUs - idleUs;
	const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1)} %`.padStart(7);
	const rows = (map: Map<string, number>, n: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([name, us]) => `${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
			.join('\n');
	return [
		`${path.basename(file)}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${(busyUs / 1e6).toFixed(1)} s busy (percentages are of busy time)`,
		`Busy ms per second: ${Array.from(busyPerS, (us) => Math.round((us ?? 0) / 1000)).join(' ')}`,
		'Self time by module:',
		rows(selfByModule, 15),
		'Self time by function:',
		rows(selfByFunction, top),
		'Inclusive time by function:',
		rows(inclusive, top)
	].join('\n');
}

function sumWhere(
	self: Map<number, number>,
	byId: Map<number, ProfileNode>,
	match: (node: ProfileNode) => boolean
): number {
	let us = 0;
	for (const [id, t] of self) if (match(byId.get(id)!)) us += t;
	return us;
}

function label(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const file = url ? `${moduleOf(url, functionName)}/${path.basename(url)}:${lineNumber + 1}` : '';
	return `${functionName || '(anonymous)'} ${file}`.trim();
}

function moduleOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	const nodeModules = url.lastIndexOf('node_modules/');
	if (nodeModules >= 0) return url.slice(nodeModules + 13).split('/')[0];
	if (url.startsWith('node:')) return url.split('/')[0];
	const repo = url.indexOf('/server/');
	if (repo >= 0)
		return url
			.slice(repo + 1)
			.split('/')
			.slice(0, 2)
			.join('/');
	return path.basename(url);
}

if (import.meta.main) {
	const [file, top, from, to] = process.argv.slice(2);
	if (!file) {
		console.error(
			'Usage: node tests/bench/profile-summary.ts <file.cpuprofile> [top] [fromS] [toS]'
		);
		process.exit(1);
	}
	console.log(summariseProfile(file, Number(top ?? 25), Number(from ?? 0), Number(to ?? Infinity)));
}
