import path from 'node:path';
import { RATE_LIMITS } from './auth/rate-limits.ts';

/** Everything the server reads from its environment, validated once at start. */
export interface Config {
	/** TCP port of the one HTTP server (SvelteKit, socket.io and sync). */
	port: number;
	/** Interface to listen on. */
	host: string;
	/** Folder of the embedded store (SQLite file) when no DATABASE_URL is set. */
	dataDir: string;
	/** PostgreSQL connection string; when set, PostgreSQL replaces the embedded store. */
	databaseUrl: string | null;
	/** PostgreSQL schema for Rajapinta's tables (a shared database, or one schema per test run). */
	databaseSchema: string | null;
	/**
	 * Redis URL; when set (with PostgreSQL), this node is one of several serving the same workshops:
	 * document updates, presence and control-plane broadcasts reach every node through Redis.
	 */
	redisUrl: string | null;
	/** Prefix of every Redis channel and key, so several deployments (or test runs) share a Redis. */
	redisPrefix: string;
	/** Secret for signing participant tokens. When null, one is generated and kept in storage. */
	sessionSecret: string | null;
	/** Seed the demo facilitator and workshop into an empty store at start. */
	seedDemo: boolean;
	/** Public origin (scheme and host) behind a proxy; handshakes from it are same-origin. */
	origin: string | null;
	/** Send cookies only over TLS. True when ORIGIN is https. */
	secureCookies: boolean;
	/** How long graceful shutdown may take before open connections are dropped, in ms. */
	shutdownTimeoutMs: number;
	/** Sign-in and sign-up attempts per client address per 15 minutes. */
	authAttemptsPer15Min: number;
	/** Join attempts per client address per minute. */
	joinAttemptsPerMinute: number;
	/** JSON API requests per client address per minute (issue 6). */
	apiRequestsPerMinute: number;
	/**
	 * Run the retention job that erases personal data past its workshop's retention. Off only for
	 * test and benchmark servers whose fixtures carry fixed, ageing workshop dates.
	 */
	retentionJob: boolean;
	/** `quiet` logs warnings and errors only (tests); `info` also logs start-up and lifecycle. */
	logLevel: 'quiet' | 'info';
	/**
	 * Where people send accessibility feedback (an e-mail address, a web address or a phone number),
	 * shown on the accessibility statement as law 306/2019 § 15 requires. Null: the statement asks the
	 * deployer to set it.
	 */
	accessibilityContact: string | null;
}

export class ConfigError extends Error {
	override readonly name = 'ConfigError';
	readonly code = 'invalid_config';
}

const KNOWN_VARIABLES = [
	'PORT',
	'HOST',
	'DATA_DIR',
	'DATABASE_URL',
	'DATABASE_SCHEMA',
	'REDIS_URL',
	'REDIS_PREFIX',
	'SESSION_SECRET',
	'SEED_DEMO',
	'ORIGIN',
	'SHUTDOWN_TIMEOUT',
	'LOG_LEVEL',
	'AUTH_RATE_LIMIT',
	'JOIN_RATE_LIMIT',
	'API_RATE_LIMIT',
	'RETENTION_JOB',
	'ACCESSIBILITY_CONTACT'
] as const;

/**
 * Reads and validates the environment. Collects every problem and throws them together, in one
 * message format, so a misconfigured deployment is fixed in one go.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const problems: string[] = [];
	const problem = (name: string, expected: string) =>
		problems.push(`${name}=${JSON.stringify(env[name])} is invalid: expected ${expected}`);

	const int = (name: string, fallback: number, min: number, max: number): number => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min || value > max) {
			problem(name, `an integer from ${min} to ${max}`);
			return fallback;
		}
		return value;
	};
	const bool = (name: string, fallback: boolean): boolean => {
		const raw = env[name]?.toLowerCase();
		if (raw === undefined || raw === '') return fallback;
		if (['1', 'true', 'yes'].includes(raw)) return true;
		if (['0', 'false', 'no'].includes(raw)) return false;
		problem(name, 'true or false');
		return fallback;
	};

	const databaseUrl = env.DATABASE_URL || null;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		problem('DATABASE_URL', 'a postgres:// URL');
	}
	const databaseSchema = env.DATABASE_SCHEMA || null;
	if (databaseSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
		problem('DATABASE_SCHEMA', 'a lower-case SQL identifier');
	}
	const redisUrl = env.REDIS_URL || null;
	if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problem('REDIS_URL', 'a redis:// URL');
	if (redisUrl && !databaseUrl) {
		problem('REDIS_URL', 'DATABASE_URL as well: nodes share their workshops through PostgreSQL');
	}
	const redisPrefix = env.REDIS_PREFIX || 'rajapinta';
	if (!/^[A-Za-z0-9_.-]{1,64}$/.test(redisPrefix)) {
		problem('REDIS_PREFIX', 'letters, digits, _ . or -, at most 64');
	}
	const sessionSecret = env.SESSION_SECRET || null;
	if (sessionSecret && sessionSecret.length < 32)
		problem('SESSION_SECRET', 'at least 32 characters');
	const origin = env.ORIGIN || '';
	if (origin && !/^https?:\/\/[^/]+$/.test(origin)) {
		problem('ORIGIN', 'a scheme and host such as https://rajapinta.example.fi');
	}
	const logLevel = env.LOG_LEVEL || 'info';
	if (logLevel !== 'quiet' && logLevel !== 'info') problem('LOG_LEVEL', 'quiet or info');
	const accessibilityContact = env.ACCESSIBILITY_CONTACT?.trim() || null;
	if (
		accessibilityContact &&
		(accessibilityContact.length > 200 || /[<>\n]/.test(accessibilityContact))
	) {
		problem('ACCESSIBILITY_CONTACT', 'one line of at most 200 characters, without < or >');
	}

	const config: Config = {
		port: int('PORT', 3000, 0, 65535),
		host: env.HOST || '0.0.0.0',
		dataDir: path.resolve(env.DATA_DIR || 'data'),
		databaseUrl,
		databaseSchema,
		redisUrl,
		redisPrefix,
		sessionSecret,
		seedDemo: bool('SEED_DEMO', env.NODE_ENV !== 'production'),
		origin: origin || null,
		secureCookies: origin.startsWith('https://'),
		shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT', 10, 0, 600) * 1000,
		authAttemptsPer15Min: int('AUTH_RATE_LIMIT', RATE_LIMITS.signIn.points, 1, 100_000),
		joinAttemptsPerMinute: int('JOIN_RATE_LIMIT', RATE_LIMITS.join.points, 1, 100_000),
		apiRequestsPerMinute: int('API_RATE_LIMIT', RATE_LIMITS.api.points, 1, 100_000),
		retentionJob: bool('RETENTION_JOB', true),
		logLevel: logLevel === 'quiet' ? 'quiet' : 'info',
		accessibilityContact
	};
	if (problems.length > 0) {
		throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	}
	return config;
}

export { KNOWN_VARIABLES };
