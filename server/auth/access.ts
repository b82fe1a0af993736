import type { IncomingMessage } from 'node:http';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { isBoardLocked, type WorkshopState } from '#shared/model/workshop.ts';
import { SYNC_TOKEN_PARAM, type RoomRef } from '#shared/protocol/sync.ts';
import type { ParticipantRecord, Storage, UserRecord } from '#server/storage/storage.ts';
import type { WorkshopService } from '#server/workshops/workshop-service.ts';
import type { ItemRules } from '#server/sync/item-rights.ts';
import {
	PARTICIPANT_COOKIE,
	SESSION_COOKIE,
	hashSessionToken,
	readCookie,
	type ParticipantTokens
} from './tokens.ts';

/** Who is asking: a signed-in facilitator, a participant with a token, or both in one browser. */
export interface Principals {
	user: UserRecord | null;
	participant: ParticipantRecord | null;
}

/** What a principal may do with a board room; `read` receives but cannot write. */
export type RoomAccess =
	| {
			mode: 'write' | 'read';
			principalKey: string;
			mayWriteNow: () => boolean;
			itemRules?: () => ItemRules | null;
	  }
	| 'unauthorised'
	| 'forbidden'
	| 'not_found';

/**
 * The server-side rules of who may read, edit and drive what (participants have no account, so the
 * browser is never trusted with them):
 * - a facilitator of the workshop reads and writes every board and drives the day;
 * - a participant writes their own table's board unless it is locked, reads the plenary, and reads
 *   other tables only when the workshop lets tables see each other;
 * - anyone else is refused.
 */
export class AccessControl {
	readonly #storage: Storage;
	readonly #tokens: ParticipantTokens;
	readonly #workshops: WorkshopService;
	readonly #now: () => number;

	constructor(options: {
		storage: Storage;
		tokens: ParticipantTokens;
		workshops: WorkshopService;
		now?: () => number;
	}) {
		this.#storage = options.storage;
		this.#tokens = options.tokens;
		this.#workshops = options.workshops;
		this.#now = options.now ?? Date.now;
	}

	/** Resolves the principals from a session cookie value and a participant token. */
	async resolve(sessionToken: string | null, participantToken: string | null): Promise<Principals> {
		const [user, participant] = await Promise.all([
			sessionToken ? this.#userOf(sessionToken) : null,
			participantToken ? this.#participantOf(participantToken) : null
		]);
		return { user, participant };
	}

	/** Principals of an HTTP or upgrade request: cookies, or a `token` query parameter. */
	resolveRequest(request: IncomingMessage, url: URL): Promise<Principals> {
		const cookie = request.headers.cookie;
		return this.resolve(
			readCookie(cookie, SESSION_COOKIE),
			url.searchParams.get(SYNC_TOKEN_PARAM) ?? readCookie(cookie, PARTICIPANT_COOKIE)
		);
	}

	async mayDrive(user: UserRecord | null, workshopId: WorkshopId): Promise<boolean> {
		return user !== null && (await this.#workshops.isFacilitator(workshopId, user.id));
	}

	async roomAccess(principals: Principals, room: RoomRef): Promise<RoomAccess> {
		const { user, participant } = principals;
		if (!user && !participant) return 'unauthorised';
		const state = await this.#workshops.state(room.workshopId);
		if (!state) return 'not_found';
		if (room.kind === 'table' && (room.table < 1 || room.table > state.tableCount))
			return 'not_found';
		if (await this.mayDrive(user, room.workshopId)) {
			return { mode: 'write', principalKey: `user:${user!.id}`, mayWriteNow: () => true };
		}
		if (!participant || participant.workshopId !== room.workshopId) return 'forbidden';
		const principalKey = `participant:${participant.id}`;
		if (room.kind === 'plenary') return { mode: 'read', principalKey, mayWriteNow: () => false };
		if (room.table === participant.table) {
			const { workshopId, table } = room;
			const authorKey = this.authorKeyOf(participant);
			return {
				mode: 'write',
				principalKey,
				mayWriteNow: () => {
					const live = this.#workshops.cachedState(workshopId);
					return live !== undefined && !isBoardLocked(live, table);
				},
				itemRules: () => itemRulesOf(this.#workshops.cachedState(workshopId), authorKey)
			};
		}
		const workshop = await this.#workshops.get(room.workshopId);
		return workshop?.tablesSeeEachOther
			? { mode: 'read', principalKey, mayWriteNow: () => false }
			: 'forbidden';
	}

	/** The key a participant's board items carry; their browser gets it with the table page. */
	authorKeyOf(participant: ParticipantRecord): string {
		return this.#tokens.authorKey(participant.id);
	}

	async #userOf(sessionToken: string): Promise<UserRecord | null> {
		const session = await this.#storage.sessions.find(hashSessionToken(sessionToken), this.#now());
		return session ? this.#storage.users.findById(session.userId as UserId) : null;
	}

	async #participantOf(token: string): Promise<ParticipantRecord | null> {
		const claims = this.#tokens.verify(token, this.#now());
		if (!claims) return null;
		const participant = await this.#storage.participants.findById(claims.participantId);
		return participant && participant.workshopId === claims.workshopId ? participant : null;
	}
}

/**
 * The current phase's rules for a participant's items. Without a cached state (should not happen
 * while the table may write) the safest rule applies: look only.
 */
function itemRulesOf(state: WorkshopState | undefined, authorKey: string): ItemRules {
	const settings = state?.phases[state.phaseIndex]?.settings;
	return {
		rights: settings?.participantRights ?? 'view_only',
		voting: settings?.voting.enabled ?? false,
		authorKey
	};
}
