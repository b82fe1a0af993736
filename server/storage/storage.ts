import type { ActorType, WorkshopDuration } from '#shared/model/actor.ts';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import type { LiveState } from '#shared/model/workshop-ops.ts';
import type { WorkshopTemplate } from '#shared/model/workshop-template.ts';
import type { Commitment, CommitmentStatus } from '#shared/model/commitment.ts';
import type { FeedbackAnswer } from '#shared/model/feedback.ts';
import type {
	PreferredLanguage,
	PreTaskQuestion,
	RegistrationCode,
	RegistrationId
} from '#shared/model/registration.ts';
import type { CardDeckStore } from './decks.ts';

/**
 * The one persistence interface. `embedded/` (SQLite through node:sqlite, the default) and
 * `postgres/` (when DATABASE_URL is set) implement it; `storage.contract.ts` holds the tests both
 * must pass. Every method may be called concurrently; each write is atomic.
 */
export interface Storage {
	readonly kind: 'embedded' | 'postgres';
	readonly documents: DocumentStore;
	readonly users: UserStore;
	readonly sessions: SessionStore;
	readonly workshops: WorkshopStore;
	readonly participants: ParticipantStore;
	readonly settings: SettingStore;
	readonly templates: TemplateStore;
	readonly commitments: CommitmentStore;
	readonly networks: NetworkStore;
	readonly seating: SeatingStore;
	readonly privacy: PrivacyStore;
	readonly feedback: FeedbackStore;
	readonly registrations: RegistrationStore;
	readonly apiTokens: ApiTokenStore;
	readonly shareLinks: ShareLinkStore;
	readonly followUps: FollowUpSessionStore;
	/** Facilitators' own metaphor card decks (decks.ts). */
	readonly decks: CardDeckStore;
	/**
	 * Runs a trivial query (SELECT 1) on the real connection, for the readiness probe; rejects when
	 * the store cannot answer (closed, database down). Does not log: the caller reports the failure.
	 */
	ping(): Promise<void>;
	/** Flushes and closes connections. Further calls fail. */
	close(): Promise<void>;
}

/** One pending Yjs update of one document, as handed to a group commit. */
export interface DocumentUpdate {
	/** Document name: the sync room name (see protocol/sync.ts roomName). */
	name: string;
	/** A Yjs v1 update. */
	update: Uint8Array;
}

/** The Yjs update log of every board document. */
export interface DocumentStore {
	/** Every stored update of a document, oldest first; an empty list for an unknown document. */
	load(name: string): Promise<Uint8Array[]>;
	/**
	 * Stores a batch of updates (possibly of many documents) in one transaction: after the promise
	 * resolves all of them survive a crash; if it rejects none was stored.
	 */
	append(batch: readonly DocumentUpdate[]): Promise<void>;
	/** How many rows the document's log has now. */
	countUpdates(name: string): Promise<number>;
	/**
	 * Replaces the document's current log with `merge(log)` in one transaction, so a crash leaves
	 * either the old log or the snapshot. Updates appended while merging are kept after the snapshot.
	 * Returns the number of rows replaced (0 when there was nothing to do or another process was
	 * compacting the same document).
	 */
	compact(name: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<number>;
}

export interface UserRecord {
	id: UserId;
	/** Lower-cased e-mail address; unique. */
	email: string;
	displayName: string;
	/** scrypt hash in the format of server/auth/password.ts. */
	passwordHash: string;
	/** Epoch ms. */
	createdAt: number;
}

export interface UserStore {
	/** Fails with a RajapintaError('conflict') when the e-mail is taken. */
	create(user: UserRecord): Promise<void>;
	findByEmail(email: string): Promise<UserRecord | null>;
	findById(id: UserId): Promise<UserRecord | null>;
}

export interface SessionRecord {
	/** SHA-256 of the cookie value, hex; the cookie value itself is never stored. */
	tokenHash: string;
	userId: UserId;
	/** Epoch ms. */
	expiresAt: number;
}

export interface SessionStore {
	create(session: SessionRecord): Promise<void>;
	/** The session if it exists and has not expired at `now`. */
	find(tokenHash: string, now: number): Promise<SessionRecord | null>;
	delete(tokenHash: string): Promise<void>;
	/** Removes expired sessions; returns how many. */
	deleteExpired(now: number): Promise<number>;
}

/** The live state of a workshop that survives restarts (see WorkshopState). */
export type StoredWorkshopState = LiveState;

export interface WorkshopRecord {
	id: WorkshopId;
	title: string;
	locality: string;
	/** ISO date YYYY-MM-DD. */
	date: string;
	duration: WorkshopDuration;
	joinCode: JoinCode;
	tableCount: number;
	/** When true, participants may read (not edit) other tables' boards. */
	tablesSeeEachOther: boolean;
	state: StoredWorkshopState;
	createdBy: UserId;
	/** Epoch ms. */
	createdAt: number;
}

export const FACILITATOR_ROLES = { owner: 'owner', coFacilitator: 'co_facilitator' } as const;
export type FacilitatorRole = (typeof FACILITATOR_ROLES)[keyof typeof FACILITATOR_ROLES];

/** One facilitator of a workshop, as the console lists them. */
export interface WorkshopFacilitator {
	userId: UserId;
	email: string;
	displayName: string;
	role: FacilitatorRole;
}

export interface WorkshopStore {
	/** Creates the workshop with its creator as owner. Fails with 'conflict' on a taken join code. */
	create(workshop: WorkshopRecord): Promise<void>;
	findById(id: WorkshopId): Promise<WorkshopRecord | null>;
	findByJoinCode(code: JoinCode): Promise<WorkshopRecord | null>;
	/** Workshops the user facilitates, newest day first. */
	listForFacilitator(userId: UserId): Promise<WorkshopRecord[]>;
	facilitatorRole(workshopId: WorkshopId, userId: UserId): Promise<FacilitatorRole | null>;
	/** Fails with 'conflict' when the user already facilitates the workshop. */
	addFacilitator(workshopId: WorkshopId, userId: UserId, role: FacilitatorRole): Promise<void>;
	/** Everybody who facilitates the workshop: the owner first, then by e-mail. */
	listFacilitators(workshopId: WorkshopId): Promise<WorkshopFacilitator[]>;
	/**
	 * Saves the live state if the stored revision is `state.revision - 1`; returns false when another
	 * writer got there first (the caller reloads and retries).
	 */
	saveState(id: WorkshopId, state: StoredWorkshopState): Promise<boolean>;
}

export interface ParticipantRecord {
	id: ParticipantId;
	workshopId: WorkshopId;
	/** What the participant chose to be called; null for anonymous. Never linked to board content. */
	displayName: string | null;
	organisation: string;
	actorType: ActorType;
	table: number;
	/** Epoch ms. */
	joinedAt: number;
}

export interface ParticipantStore {
	create(participant: ParticipantRecord): Promise<void>;
	findById(id: ParticipantId): Promise<ParticipantRecord | null>;
	listByWorkshop(workshopId: WorkshopId): Promise<ParticipantRecord[]>;
	setTable(id: ParticipantId, table: number): Promise<void>;
}

/** A seating the facilitator applied: participant id → 1-based table. */
export interface SeatingRoundRecord {
	workshopId: WorkshopId;
	seating: Readonly<Record<string, number>>;
	createdAt: number;
}

/**
 * What the facilitator set for one participant's seat (issue 5). Mixing, re-mixing and
 * rebalancing honour it; erased with the participant.
 */
export interface SeatConstraintRecord {
	participantId: ParticipantId;
	workshopId: WorkshopId;
	/** 1-based table the person must sit at; null when not pinned. */
	pinnedTable: number | null;
	/** People with the same key sit together (a language group sharing an interpreter). */
	keepTogether: string | null;
	/** Epoch ms when marked as not here (did not come or left); null while present. */
	absentAt: number | null;
}

/** Rounds of table mixing, oldest first; a re-mix keeps pairs who already sat together apart. */
export interface SeatingStore {
	addRound(round: SeatingRoundRecord): Promise<void>;
	listRounds(workshopId: WorkshopId): Promise<SeatingRoundRecord[]>;
	/** The workshop's seat constraints; participants without one are absent from the list. */
	listConstraints(workshopId: WorkshopId): Promise<SeatConstraintRecord[]>;
	/** Inserts or replaces; 'not_found' when the participant does not exist. */
	saveConstraint(record: SeatConstraintRecord): Promise<void>;
}

/** Small server-wide values such as a generated signing secret. */
export interface SettingStore {
	get(key: string): Promise<string | null>;
	/** Stores `value` unless the key exists; returns whichever value is stored afterwards. */
	getOrCreate(key: string, value: string): Promise<string>;
}

/** A workshop template a facilitator saved from one of their plans ("save as my own template"). */
export interface FacilitatorTemplateRecord {
	/** Random id; also `template.id`, so it never collides with a file in templates/. */
	id: string;
	ownerId: UserId;
	/** Validated with workshop-template.ts before it is stored. */
	template: WorkshopTemplate;
	/** Epoch ms. */
	createdAt: number;
}

export interface TemplateStore {
	create(record: FacilitatorTemplateRecord): Promise<void>;
	/** The owner's templates, newest first. */
	listByOwner(ownerId: UserId): Promise<FacilitatorTemplateRecord[]>;
	findById(id: string): Promise<FacilitatorTemplateRecord | null>;
	/** Deletes the template if `ownerId` owns it; returns whether a row went. */
	delete(id: string, ownerId: UserId): Promise<boolean>;
}

/** A commitment a table proposed, stored per workshop (issue 6). */
export interface CommitmentRecord extends Commitment {
	workshopId: WorkshopId;
	/** Epoch ms. */
	createdAt: number;
	/** Epoch ms of the last edit or follow-up. */
	updatedAt: number;
}

/** What a table or a facilitator may change of a commitment (status changes go through follow-up). */
export type CommitmentEdit = Pick<
	CommitmentRecord,
	'what' | 'ownerActorType' | 'namedPerson' | 'due' | 'firstStep' | 'agreed' | 'updatedAt'
>;

/** One dated follow-up entry of a commitment; the history is never rewritten. */
export interface FollowUpRecord {
	id: string;
	commitmentId: string;
	status: CommitmentStatus;
	/** The day the note is about, YYYY-MM-DD. */
	date: string;
	note: string;
	authorId: UserId;
	/** Epoch ms. */
	createdAt: number;
}

export interface CommitmentStore {
	/**
	 * Stores a new commitment unless its table already holds `maxPerTable`; returns whether it was
	 * stored. Fails with 'not_found' for an unknown workshop.
	 */
	create(record: CommitmentRecord, options: { maxPerTable: number }): Promise<boolean>;
	findById(id: string): Promise<CommitmentRecord | null>;
	/** The workshop's commitments by table, then oldest first. */
	listByWorkshop(workshopId: WorkshopId): Promise<CommitmentRecord[]>;
	/** Changes the editable fields of the workshop's commitment; null when there is none. */
	update(
		workshopId: WorkshopId,
		id: string,
		edit: CommitmentEdit
	): Promise<CommitmentRecord | null>;
	delete(workshopId: WorkshopId, id: string): Promise<boolean>;
	/**
	 * Appends a follow-up entry and makes its status the commitment's current status, in one
	 * transaction. Fails with 'not_found' for an unknown commitment.
	 */
	addFollowUp(entry: FollowUpRecord): Promise<void>;
	/** The history of a commitment, oldest first, with the author's display name. */
	listFollowUps(commitmentId: string): Promise<(FollowUpRecord & { authorName: string })[]>;
}

export interface NetworkRecord {
	id: string;
	name: string;
	createdBy: UserId;
	/** Epoch ms. */
	createdAt: number;
}

export interface NetworkMember {
	userId: UserId;
	displayName: string;
	email: string;
	/** Epoch ms. */
	addedAt: number;
}

export interface NetworkStore {
	/** Creates the network with its creator as the first member. */
	create(network: NetworkRecord): Promise<void>;
	findById(id: string): Promise<NetworkRecord | null>;
	/** Networks the user belongs to, by name. */
	listForMember(userId: UserId): Promise<NetworkRecord[]>;
	isMember(networkId: string, userId: UserId): Promise<boolean>;
	/** Fails with 'conflict' when already a member, 'not_found' for an unknown user or network. */
	addMember(networkId: string, userId: UserId, addedAt: number): Promise<void>;
	listMembers(networkId: string): Promise<NetworkMember[]>;
	/** Adds a locality by name; adding one twice changes nothing. */
	addLocality(networkId: string, locality: string): Promise<void>;
	removeLocality(networkId: string, locality: string): Promise<boolean>;
	/** Locality names, alphabetical. */
	listLocalities(networkId: string): Promise<string[]>;
	/** Shares a workshop with the network; sharing twice changes nothing. */
	shareWorkshop(
		networkId: string,
		workshopId: WorkshopId,
		sharedBy: UserId,
		at: number
	): Promise<void>;
	unshareWorkshop(networkId: string, workshopId: WorkshopId): Promise<boolean>;
	/** Ids of the workshops shared with the network, newest workshop day first. */
	listWorkshopIds(networkId: string): Promise<WorkshopId[]>;
	/** Networks the workshop is shared with. */
	networksOfWorkshop(workshopId: WorkshopId): Promise<NetworkRecord[]>;
	/** True when the user is a member of a network the workshop is shared with. */
	memberSees(workshopId: WorkshopId, userId: UserId): Promise<boolean>;
}

/** A workshop's personal-data settings (issue 5). */
export interface RetentionRecord {
	/** Days after the workshop day until its personal data is erased; null for the default. */
	retentionDays: number | null;
	/** Epoch ms of the last erasure of the workshop's personal data; null when never. */
	erasedAt: number | null;
}

/** A workshop that still holds personal data (a participant or a named person). */
export interface PersonalDataHolder {
	workshopId: WorkshopId;
	/** ISO date YYYY-MM-DD of the workshop day. */
	date: string;
	/** Null for the default retention. */
	retentionDays: number | null;
}

/**
 * Erasure of personal data (issue 5). Every erasure keeps the anonymous outputs (boards,
 * commitments) and keeps each erased participant as one anonymous count of their actor type, so
 * reports still count who took part.
 */
export interface PrivacyStore {
	/**
	 * In one transaction: deletes the participant, drops them from every seating round, clears the
	 * named person of their workshop's commitments that name `namedPerson` (compared trimmed and
	 * case-insensitively; nothing when null) and counts them in the erased tally. Returns the
	 * deleted record; null when there was none.
	 */
	eraseParticipant(
		id: ParticipantId,
		options: { namedPerson: string | null }
	): Promise<ParticipantRecord | null>;
	/**
	 * In one transaction: every participant of the workshop as for eraseParticipant, every seating
	 * round and every named person of its commitments; records `at` as the erasure time. Returns the
	 * ids of the participants erased.
	 */
	eraseWorkshop(workshopId: WorkshopId, at: number): Promise<ParticipantId[]>;
	/** Erased participants of the workshop, counted per actor type. */
	erasedCounts(workshopId: WorkshopId): Promise<Partial<Record<ActorType, number>>>;
	/** The workshop's settings; `{ retentionDays: null, erasedAt: null }` when none were stored. */
	retention(workshopId: WorkshopId): Promise<RetentionRecord>;
	/** Fails with 'not_found' for an unknown workshop. */
	setRetentionDays(workshopId: WorkshopId, days: number): Promise<void>;
	/** Every workshop that still holds personal data, for the retention job. */
	listHolders(): Promise<PersonalDataHolder[]>;
}

/**
 * The anonymous feedback survey (issue 4). An answer is stored with its workshop only: no
 * participant, name, table or time. A separate marker per participant id says who has answered,
 * so nobody answers twice, and nothing links a marker to an answer.
 */
export interface FeedbackStore {
	/**
	 * In one transaction: marks the participant as answered and stores the answer. Returns false,
	 * storing nothing, when they had answered already. Fails with 'not_found' when the participant
	 * is not one of the workshop's.
	 */
	submit(
		workshopId: WorkshopId,
		participantId: ParticipantId,
		answer: FeedbackAnswer
	): Promise<boolean>;
	hasAnswered(participantId: ParticipantId): Promise<boolean>;
	/** The workshop's answers, ordered by a random id rather than by when they came. */
	listAnswers(workshopId: WorkshopId): Promise<FeedbackAnswer[]>;
}

/** A network's API token (issue 6). The secret itself is never stored, only its SHA-256. */
export interface ApiTokenRecord {
	id: string;
	networkId: string;
	/** What the members call it, e.g. "Kunnan raportointi". */
	name: string;
	/** SHA-256 hex of the secret; unique. */
	tokenHash: string;
	createdBy: UserId;
	/** Epoch ms. */
	createdAt: number;
	/** Epoch ms of the last request it authenticated; null when never used. */
	lastUsedAt: number | null;
	/** Epoch ms; null while the token works. */
	revokedAt: number | null;
}

export interface ApiTokenStore {
	/** Fails with 'conflict' on a taken id or hash, 'not_found' for an unknown network or user. */
	create(record: ApiTokenRecord): Promise<void>;
	/** The token with this hash, revoked or not; null for none. */
	findByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
	/** The network's tokens that are not revoked, newest first. */
	listActive(networkId: string): Promise<ApiTokenRecord[]>;
	/** Revokes the network's token; false when it has none by that id or it was revoked already. */
	revoke(networkId: string, id: string, at: number): Promise<boolean>;
	/** Records a use at `at` (epoch ms). */
	touch(id: string, at: number): Promise<void>;
}

/** One read-only share link to a workshop shared with a network (issue 6). */
export interface ShareLinkRecord {
	id: string;
	networkId: string;
	workshopId: WorkshopId;
	createdBy: UserId;
	/** Epoch ms. */
	createdAt: number;
	/** Epoch ms after which the link is refused. */
	expiresAt: number;
	/** Epoch ms; null while the link works. */
	revokedAt: number | null;
}

export interface ShareLinkStore {
	/** Fails with 'not_found' for an unknown network, workshop or user. */
	create(record: ShareLinkRecord): Promise<void>;
	findById(id: string): Promise<ShareLinkRecord | null>;
	/** The links to the workshop from the network, not revoked and not expired at `now`, by expiry. */
	listActive(networkId: string, workshopId: WorkshopId, now: number): Promise<ShareLinkRecord[]>;
	/** Revokes the network's link; false when it has none by that id or it was revoked already. */
	revoke(networkId: string, id: string, at: number): Promise<boolean>;
}

/** A workshop's registration before the day (issue 5); none stored means registration is off. */
export interface RegistrationSettingsRecord {
	workshopId: WorkshopId;
	/** The random part of the registration link; unique across workshops. */
	code: RegistrationCode;
	/** Whether the link takes new registrations. */
	open: boolean;
	/** The pre-task questions, in the order participants see them. */
	questions: PreTaskQuestion[];
	/** Epoch ms. */
	updatedAt: number;
}

/** One person who registered before the day. Personal data: erased like a participant. */
export interface RegistrationRecord {
	id: RegistrationId;
	workshopId: WorkshopId;
	/**
	 * hashRegistrationToken of the random part of the person's own link /p/<token>
	 * (registrations/personal-code.ts); unique. The token itself is never stored: the link is shown
	 * once, on the page it leads to.
	 */
	tokenHash: string;
	/**
	 * hashPersonalCode of the short code typed on /join (registrations/personal-code.ts); unique.
	 * The code itself is never stored: it is shown once, and a new one can be issued.
	 */
	personalCodeHash: string;
	displayName: string;
	organisation: string;
	actorType: ActorType;
	language: PreferredLanguage;
	/** Whether the facilitator may see the name beside the pre-task answers. */
	nameWithAnswers: boolean;
	/** Question id → answer; unanswered questions are absent. */
	answers: Record<string, string>;
	/** Epoch ms. */
	createdAt: number;
	/** The participant they became on the day; null until they arrive. */
	participantId: ParticipantId | null;
	/** Epoch ms when the facilitator marked them as not coming; null otherwise. */
	noShowAt: number | null;
}

export interface RegistrationStore {
	/** Null when the facilitator never turned registration on. */
	settings(workshopId: WorkshopId): Promise<RegistrationSettingsRecord | null>;
	settingsByCode(code: RegistrationCode): Promise<RegistrationSettingsRecord | null>;
	/**
	 * Inserts or replaces the workshop's settings. Fails with 'not_found' for an unknown workshop,
	 * 'conflict' when another workshop has the code.
	 */
	saveSettings(record: RegistrationSettingsRecord): Promise<void>;
	/** Fails with 'not_found' for an unknown workshop, 'conflict' on a taken token or code. */
	create(record: RegistrationRecord): Promise<void>;
	findByTokenHash(hash: string): Promise<RegistrationRecord | null>;
	findByPersonalCodeHash(hash: string): Promise<RegistrationRecord | null>;
	/**
	 * Replaces the hash of the person's code (a new code was issued); returns whether the
	 * registration exists. Fails with 'conflict' when another registration has the hash.
	 */
	setPersonalCodeHash(id: RegistrationId, hash: string): Promise<boolean>;
	/** The workshop's registrations, oldest first. */
	listByWorkshop(workshopId: WorkshopId): Promise<RegistrationRecord[]>;
	/**
	 * In one transaction: if the registration exists and has not arrived, stores `participant` and
	 * links it to the registration, returning true; otherwise stores nothing and returns false.
	 */
	arrive(id: RegistrationId, participant: ParticipantRecord): Promise<boolean>;
	/** Deletes a registration (its person erasing it before the day); returns whether one went. */
	delete(id: RegistrationId): Promise<boolean>;
	/** Marks (epoch ms) or unmarks (null) a no-show; returns whether the registration exists. */
	setNoShow(id: RegistrationId, at: number | null): Promise<boolean>;
}

/** A follow-up session: a workshop started from a past one of a network (issues 4 and 6). */
export interface FollowUpSessionRecord {
	workshopId: WorkshopId;
	/** The network whose open commitments of the locality the opening phase shows. */
	networkId: string;
	/** The past workshop it was started from; null once that workshop is gone. */
	sourceWorkshopId: WorkshopId | null;
	/** Epoch ms. */
	createdAt: number;
}

export interface FollowUpSessionStore {
	/** Fails with 'conflict' when the workshop is a follow-up already, 'not_found' for unknown ids. */
	create(record: FollowUpSessionRecord): Promise<void>;
	/** The workshop's follow-up record; null for a workshop that is not a follow-up session. */
	find(workshopId: WorkshopId): Promise<FollowUpSessionRecord | null>;
}
