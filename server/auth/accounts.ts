import { nanoid } from 'nanoid';
import type { UserId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { Storage, UserRecord } from '#server/storage/storage.ts';
import {
	MAX_PASSWORD_LENGTH,
	MIN_PASSWORD_LENGTH,
	hashPassword,
	verifyPassword
} from './password.ts';
import { SESSION_TTL_MS, hashSessionToken, newSessionToken } from './tokens.ts';

/** A fresh session: the cookie value to set and when it expires (epoch ms). */
export interface NewSession {
	token: string;
	expiresAt: number;
	user: UserRecord;
}

/** A hash to compare against when the e-mail is unknown, so timing does not reveal accounts. */
const UNKNOWN_USER_HASH = hashPassword('not-a-real-password');

/** Facilitator accounts: sign-up, sign-in and sign-out with server-side sessions. */
export class Accounts {
	readonly #storage: Storage;
	readonly #now: () => number;

	constructor(options: { storage: Storage; now?: () => number }) {
		this.#storage = options.storage;
		this.#now = options.now ?? Date.now;
	}

	/** Fails with 'conflict' when the e-mail is taken and 'invalid_payload' for a weak password. */
	async signUp(input: {
		email: string;
		password: string;
		displayName: string;
	}): Promise<NewSession> {
		const { password } = input;
		if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
			throw new RajapintaError('invalid_payload', 'password length');
		}
		const user: UserRecord = {
			id: nanoid(16) as UserId,
			email: input.email.trim().toLowerCase(),
			displayName: input.displayName.trim(),
			passwordHash: await hashPassword(password),
			createdAt: this.#now()
		};
		await this.#storage.users.create(user);
		return this.#startSession(user);
	}

	/** A new session, or null when the e-mail or password is wrong (never says which). */
	async signIn(email: string, password: string): Promise<NewSession | null> {
		const user = await this.#storage.users.findByEmail(email.trim().toLowerCase());
		const valid = await verifyPassword(password, user?.passwordHash ?? (await UNKNOWN_USER_HASH));
		return user && valid ? this.#startSession(user) : null;
	}

	async signOut(token: string): Promise<void> {
		await this.#storage.sessions.delete(hashSessionToken(token));
	}

	async #startSession(user: UserRecord): Promise<NewSession> {
		const token = newSessionToken();
		const expiresAt = this.#now() + SESSION_TTL_MS;
		await this.#storage.sessions.create({
			tokenHash: hashSessionToken(token),
			userId: user.id,
			expiresAt
		});
		return { token, expiresAt, user };
	}
}
