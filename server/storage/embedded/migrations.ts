import type { Migration } from '../migration.ts';

/**
 * SQLite schema history. Times are epoch ms in INTEGER columns, booleans are 0/1 and JSON is TEXT,
 * so rows map to the records of storage.ts without a date library.
 */
export const EMBEDDED_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		sql: `
CREATE TABLE users (
	id TEXT PRIMARY KEY,
	email TEXT NOT NULL UNIQUE, -- lower-cased by the caller
	display_name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY, -- SHA-256 hex of the cookie value, never the value
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE workshops (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	locality TEXT NOT NULL,
	date TEXT NOT NULL, -- ISO YYYY-MM-DD of the workshop day
	duration TEXT NOT NULL,
	join_code TEXT NOT NULL UNIQUE, -- normalised: upper case, no separators
	table_count INTEGER NOT NULL,
	tables_see_each_other INTEGER NOT NULL,
	state TEXT NOT NULL, -- StoredWorkshopState as JSON; saveState compares its revision
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL
);

CREATE TABLE workshop_facilitators (
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role TEXT NOT NULL, -- FACILITATOR_ROLES: owner | co_facilitator
	PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX workshop_facilitators_user_id ON workshop_facilitators (user_id);

CREATE TABLE participants (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	display_name TEXT, -- NULL for an anonymous participant
	organisation TEXT NOT NULL,
	actor_type TEXT NOT NULL,
	table_number INTEGER NOT NULL, -- 1..workshops.table_count
	joined_at INTEGER NOT NULL
);
CREATE INDEX participants_workshop_id ON participants (workshop_id);

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Load order is seq order. AUTOINCREMENT so a seq is never handed out twice: compaction writes its
-- snapshot under the seq of a row it deleted.
CREATE TABLE doc_updates (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	doc TEXT NOT NULL, -- the sync room name
	data BLOB NOT NULL -- a Yjs v1 update, or a compaction snapshot of several
);
CREATE INDEX doc_updates_doc_seq ON doc_updates (doc, seq);
`
	},
	{
		version: 2,
		sql: `
-- Facilitators' own workshop templates (issue 4). A workshop's plan lives in workshops.state.
CREATE TABLE facilitator_templates (
	id TEXT PRIMARY KEY,
	owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	template TEXT NOT NULL, -- WorkshopTemplate as JSON, validated before insert
	created_at INTEGER NOT NULL
);
CREATE INDEX facilitator_templates_owner_id ON facilitator_templates (owner_id, created_at);
`
	},
	{
		version: 3,
		sql: `
-- Commitments as workshop records and the network archive with follow-up (issue 6).
CREATE TABLE commitments (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	table_number INTEGER, -- the proposing table 1..; NULL for the plenary
	what TEXT NOT NULL,
	owner_actor_type TEXT NOT NULL,
	named_person TEXT, -- only with that person's consent; NULL otherwise
	due TEXT, -- YYYY-MM-DD or NULL
	first_step TEXT NOT NULL,
	status TEXT NOT NULL, -- COMMITMENT_STATUSES; the latest follow-up's status
	agreed INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX commitments_workshop ON commitments (workshop_id, table_number, created_at);

CREATE TABLE commitment_follow_ups (
	id TEXT PRIMARY KEY,
	commitment_id TEXT NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
	status TEXT NOT NULL,
	date TEXT NOT NULL, -- YYYY-MM-DD the note is about
	note TEXT NOT NULL,
	author_id TEXT NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL
);
CREATE INDEX commitment_follow_ups_commitment ON commitment_follow_ups (commitment_id, created_at);

CREATE TABLE networks (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL
);

CREATE TABLE network_members (
	network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (network_id, user_id)
);
CREATE INDEX network_members_user ON network_members (user_id);

CREATE TABLE network_localities (
	network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	locality TEXT NOT NULL,
	PRIMARY KEY (network_id, locality)
);

CREATE TABLE network_workshops (
	network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	shared_by TEXT NOT NULL REFERENCES users (id),
	shared_at INTEGER NOT NULL,
	PRIMARY KEY (network_id, workshop_id)
);
CREATE INDEX network_workshops_workshop ON network_workshops (workshop_id);
`
	},
	{
		version: 4,
		sql: `
-- Table seatings a facilitator applied (issue 5), so a re-mix keeps apart who already sat together.
CREATE TABLE seating_rounds (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	seating TEXT NOT NULL, -- JSON object: participant id -> table number
	created_at INTEGER NOT NULL
);
CREATE INDEX seating_rounds_workshop ON seating_rounds (workshop_id, id);
`
	},
	{
		version: 5,
		sql: `
-- Personal data (issue 5). An erased participant survives only as one count of their actor type,
-- so reports still count who took part without anybody's name or organisation.
CREATE TABLE erased_participants (
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	actor_type TEXT NOT NULL,
	count INTEGER NOT NULL,
	PRIMARY KEY (workshop_id, actor_type)
);

-- Per workshop: how long personal data is kept after the workshop day, and when it was erased.
CREATE TABLE workshop_retention (
	workshop_id TEXT PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
	retention_days INTEGER, -- days after the workshop day; NULL for the server's default
	erased_at INTEGER -- epoch ms of the last erasure of the workshop's personal data; NULL never
);
`
	},
	{
		version: 6,
		sql: `
-- Anonymous feedback (issue 4). An answer holds no participant, name, table or time. WITHOUT ROWID
-- and keyed by a random id, so not even the row order follows the order of answering.
CREATE TABLE feedback_answers (
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	id TEXT NOT NULL, -- random UUID, only to order rows by something meaningless
	rating_usefulness INTEGER NOT NULL CHECK (rating_usefulness BETWEEN 1 AND 5),
	rating_voices INTEGER NOT NULL CHECK (rating_voices BETWEEN 1 AND 5),
	rating_again INTEGER NOT NULL CHECK (rating_again BETWEEN 1 AND 5),
	open_text TEXT, -- at most 1,000 characters; NULL when left empty
	PRIMARY KEY (workshop_id, id)
) WITHOUT ROWID;

-- Who has answered, so each participant answers once. Nothing here points at an answer.
CREATE TABLE feedback_answered (
	participant_id TEXT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE
) WITHOUT ROWID;
`
	},
	{
		version: 7,
		sql: `
-- API tokens of a network (issue 6): read-only access to the network's shared workshops for its own
-- systems. Only a SHA-256 of the secret is stored; the secret is shown once when it is made.
CREATE TABLE api_tokens (
	id TEXT PRIMARY KEY,
	network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE, -- SHA-256 hex of the secret, never the secret
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL,
	last_used_at INTEGER, -- epoch ms of the last authenticated request; NULL never used
	revoked_at INTEGER -- epoch ms; NULL while the token works
);
CREATE INDEX api_tokens_network ON api_tokens (network_id);

-- Read-only share links (issue 6). The signed link names its row, so one link can be revoked.
CREATE TABLE share_links (
	id TEXT PRIMARY KEY,
	network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	created_by TEXT NOT NULL REFERENCES users (id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	revoked_at INTEGER -- epoch ms; NULL while the link works (until expires_at)
);
CREATE INDEX share_links_workshop ON share_links (network_id, workshop_id);
`
	},
	{
		version: 8,
		sql: `
-- Registration before the day (issue 5). Settings hold no personal data; a registration does and
-- is erased with its workshop's personal data, or with its participant (ON DELETE CASCADE).
CREATE TABLE registration_settings (
	workshop_id TEXT PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
	code TEXT NOT NULL UNIQUE, -- random part of the registration link
	open INTEGER NOT NULL,
	questions TEXT NOT NULL, -- JSON PreTaskQuestion[]
	updated_at INTEGER NOT NULL
);

CREATE TABLE registrations (
	id TEXT PRIMARY KEY,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	token TEXT NOT NULL UNIQUE, -- random part of the person's own link
	personal_code TEXT NOT NULL UNIQUE, -- short code typed on /join
	display_name TEXT NOT NULL,
	organisation TEXT NOT NULL,
	actor_type TEXT NOT NULL,
	language TEXT NOT NULL, -- fi | sv | en
	name_with_answers INTEGER NOT NULL, -- 1 when the name may be shown beside the answers
	answers TEXT NOT NULL, -- JSON object: question id -> answer
	created_at INTEGER NOT NULL,
	participant_id TEXT UNIQUE REFERENCES participants (id) ON DELETE CASCADE -- NULL until arrived
);
CREATE INDEX registrations_workshop ON registrations (workshop_id, created_at);
`
	},
	{
		version: 9,
		sql: `
-- Follow-up sessions (issues 4 and 6): a workshop started from a past one for the same locality and
-- network. Its opening phase shows the locality's open commitments of that network's workshops.
CREATE TABLE follow_up_sessions (
	workshop_id TEXT PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
	network_id TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	source_workshop_id TEXT REFERENCES workshops (id) ON DELETE SET NULL, -- NULL once erased
	created_at INTEGER NOT NULL
);
`
	},
	{
		version: 10,
		sql: `
-- Personal codes (issue 5) are stored only as a hash: SHA-256 in hex of the code as typed
-- (registrations/personal-code.ts). Codes stored before are hashed in place; sha256_hex is a
-- function the store registers on its connection (sqlite.ts). The code is shown once and can be
-- issued again.
UPDATE registrations SET personal_code = sha256_hex(personal_code);
ALTER TABLE registrations RENAME COLUMN personal_code TO personal_code_hash;
`
	},
	{
		version: 11,
		sql: `
-- Facilitators' own metaphor card decks (issue 4). Pictures are stored as checked by the server:
-- PNG, JPEG or WebP by their bytes, an uploaded SVG as the PNG drawn from it; never an SVG.
CREATE TABLE card_decks (
	id TEXT PRIMARY KEY,
	owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX card_decks_owner ON card_decks (owner_id, created_at);

CREATE TABLE card_deck_cards (
	deck_id TEXT NOT NULL REFERENCES card_decks (id) ON DELETE CASCADE,
	card_key TEXT NOT NULL, -- part of the card id on boards; never reused in the deck
	position INTEGER NOT NULL,
	content_type TEXT NOT NULL, -- image/png | image/jpeg | image/webp
	byte_size INTEGER NOT NULL,
	sha256 TEXT NOT NULL, -- hex of data: the ETag
	texts TEXT NOT NULL, -- JSON { name, alt } each { fi, sv, en }
	data BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (deck_id, card_key)
);
`
	},
	{
		version: 12,
		sql: `
-- Seat constraints (issue 5): a participant pinned to a table, kept with a group (a language group
-- sharing an interpreter), or marked as not here. Erased with the participant.
CREATE TABLE seat_constraints (
	participant_id TEXT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
	workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	pinned_table INTEGER, -- 1-based; NULL when not pinned
	keep_together TEXT, -- group key; NULL when in no group
	absent_at INTEGER -- epoch ms when marked not here; NULL while present
);
CREATE INDEX seat_constraints_workshop ON seat_constraints (workshop_id);

-- A registered person the facilitator marked as not coming (epoch ms); NULL otherwise.
ALTER TABLE registrations ADD COLUMN no_show_at INTEGER;
`
	},
	{
		version: 13,
		sql: `
-- The token of a registered person's own link /p/<token> (issue 5) gives the same access as their
-- personal code, so it too is stored only as a hash: SHA-256 in hex (registrations/personal-code.ts),
-- like migration 10. Tokens stored before are hashed in place; the links already given keep working.
UPDATE registrations SET token = sha256_hex(token);
ALTER TABLE registrations RENAME COLUMN token TO token_hash;
`
	}
];
