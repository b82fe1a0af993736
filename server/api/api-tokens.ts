import { createHash, randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import * as v from 'valibot';
import {
	API_TOKEN_PATTERN,
	API_TOKEN_PREFIX,
	ApiTokenNameSchema,
	MAX_API_TOKENS_PER_NETWORK
} from '#shared/model/api-token.ts';
import type { UserId } from '#shared/model/ids.ts';
import { FieldError } from '../archive/errors.ts';
import type { NetworkService } from '../archive/networks.ts';
import type { ApiTokenRecord, Storage } from '../storage/storage.ts';

/** A use is written at most this often per token, so reads do not turn into a write each. */
const TOUCH_INTERVAL_MS = 60_000;

/** What the token page shows of a token: never the secret or its hash. */
export interface ApiTokenView {
	id: string;
	name: string;
	createdAt: number;
	lastUsedAt: number | null;
}

/** Who an API request acts for: one network, read-only. */
export interface ApiPrincipal {
	networkId: string;
	tokenId: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A network's API tokens (issue 6). Members make and revoke them; the secret is shown once and
 * only its SHA-256 is stored (a token has 256 random bits, so a fast hash is enough: there is
 * nothing to brute-force). Anybody else's calls fail with not_found, as for the archive.
 */
export class ApiTokenService {
	readonly #storage: Storage;
	readonly #networks: NetworkService;
	readonly #now: () => number;

	constructor(options: { storage: Storage; networks: NetworkService; now?: () => number }) {
		this.#storage = options.storage;
		this.#networks = options.networks;
		this.#now = options.now ?? Date.now;
	}

	async list(networkId: string, userId: UserId): Promise<ApiTokenView[]> {
		await this.#networks.requireMember(networkId, userId);
		return (await this.#storage.apiTokens.listActive(networkId)).map(view);
	}

	/** A new token; `secret` is returned this once and never again. */
	async create(options: {
		networkId: string;
		userId: UserId;
		name: unknown;
	}): Promise<{ token: ApiTokenView; secret: string }> {
		const { networkId, userId } = options;
		await this.#networks.requireMember(networkId, userId);
		const name = v.safeParse(ApiTokenNameSchema, options.name);
		if (!name.success) {
			const message = name.issues[0].message;
			throw new FieldError({ name: /^[a-z_]+$/.test(message) ? message : 'invalid' });
		}
		const active = await this.#storage.apiTokens.listActive(networkId);
		if (active.length >= MAX_API_TOKENS_PER_NETWORK) throw new FieldError({ name: 'too_many' });
		const secret = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
		const record: ApiTokenRecord = {
			id: nanoid(12),
			networkId,
			name: name.output,
			tokenHash: hashOf(secret),
			createdBy: userId,
			createdAt: this.#now(),
			lastUsedAt: null,
			revokedAt: null
		};
		await this.#storage.apiTokens.create(record);
		return { token: view(record), secret };
	}

	/** Revokes one of the network's tokens; false when there was no such active token. */
	async revoke(options: { networkId: string; userId: UserId; tokenId: string }): Promise<boolean> {
		await this.#networks.requireMember(options.networkId, options.userId);
		return this.#storage.apiTokens.revoke(options.networkId, options.tokenId, this.#now());
	}

	/**
	 * The network a `Bearer` token acts for, or null for a malformed, unknown or revoked token.
	 * Records the use (at most once a minute per token).
	 */
	async authenticate(secret: string): Promise<ApiPrincipal | null> {
		if (!API_TOKEN_PATTERN.test(secret)) return null;
		const record = await this.#storage.apiTokens.findByHash(hashOf(secret));
		if (!record || record.revokedAt !== null) return null;
		const now = this.#now();
		if (record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_INTERVAL_MS) {
			await this.#storage.apiTokens.touch(record.id, now);
		}
		return { networkId: record.networkId, tokenId: record.id };
	}
}

function view(record: ApiTokenRecord): ApiTokenView {
	return {
		id: record.id,
		name: record.name,
		createdAt: record.createdAt,
		lastUsedAt: record.lastUsedAt
	};
}
