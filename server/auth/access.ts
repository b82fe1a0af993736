import type { IncomingMessage } from 'node:http';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import type { ActorType } from '#shared/model/actor.ts';
import { knotOf } from '#shared/model/knot.ts';
import { isBoardLocked, isPrivateWriting, type WorkshopState } from '#shared/model/workshop.ts';
import { SYNC_TOKEN_PARAM, privateDocumentName, type RoomRef } from '#shared/protocol/sync.ts';
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
			/** The stored document to open instead of the room name (private rooms). */
			documentName?: string;
	  }
	| 'unauthorised'
	| 'forbidden'
	| 'not_found';

/**
 * The server-side rules of who may read, edit and drive what (participants have no account, so the
 * browser is never trusted with them):
 * - a facilitator of the workshop reads and writes every board and drives the day;
 * - a participant writes their own table's board unless it is locked or the phase is private,
 *   reads the plenary, and reads other tables only when the workshop lets tables see each other;
 * - a participant writes their own private board at their table while the phase is private
 *   (sync SPEC S10); nobody else ever opens it, facilitators neither;
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
		if (room.kind !== 'plenary' && (room.table < 1 || room.table > state.tableCount))
			return 'not_found';
		if (room.kind === 'private') return this.#privateAccess(participant, room);
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
					// While writing is private, new items go to private boards only (S10).
					return live !== undefined && !isBoardLocked(live, table) && !isPrivateWriting(live);
				},
				itemRules: () =>
					itemRulesOf(this.#workshops.cachedState(workshopId), authorKey, participant.actorType)
			};
		}
		const workshop = await this.#workshops.get(room.workshopId);
		return workshop?.tablesSeeEachOther
			? { mode: 'read', principalKey, mayWriteNow: () => false }
			: 'forbidden';
	}

	/**
	 * SPEC S10: the private room opens the connecting participant's own document, whatever else
	 * the credential holds; it takes writes only while the phase is private and the table unlocked,
	 * and only of the participant's own items (S9 as under edit_own, without votes).
	 */
	#privateAccess(
		participant: ParticipantRecord | null,
		room: Extract<RoomRef, { kind: 'private' }>
	): RoomAccess {
		if (!participant) return 'forbidden';
		if (participant.workshopId !== room.workshopId || participant.table !== room.table) {
			return 'forbidden';
		}
		const { workshopId, table } = room;
		const authorKey = this.authorKeyOf(participant);
		return {
			mode: 'write',
			principalKey: `participant:${participant.id}`,
			documentName: privateDocumentName(workshopId, participant.id),
			mayWriteNow: () => {
				const live = this.#workshops.cachedState(workshopId);
				return live !== undefined && isPrivateWriting(live) && !isBoardLocked(live, table);
			},
			itemRules: () => ({ rights: 'edit_own', voting: false, authorKey })
		};
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
function itemRulesOf(
	state: WorkshopState | undefined,
	authorKey: string,
	actorType: ActorType
): ItemRules {
	const phase = state?.phases[state.phaseIndex];
	const settings = phase?.settings;
	const knot = knotOf(phase);
	return {
		rights: settings?.participantRights ?? 'view_only',
		voting: settings?.voting.enabled ?? false,
		authorKey,
		...(knot && {
			knot: {
				actorType,
				leafRights: knot.leafRights,
				fifthLeaf: knot.fifthLeaf,
				// The fifth leaf is the table's own: open to everyone at it.
				leafActors: [...knot.leaves.map((leaf) => leaf.actorType), null]
			}
		})
	};
}
