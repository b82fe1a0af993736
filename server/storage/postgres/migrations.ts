import type { Migration } from '../migration.ts';

/**
 * PostgreSQL schema history, table for table the same as embedded/migrations.ts. Times are epoch ms
 * in bigint columns (the driver returns them as strings; the store converts them to numbers).
 * Unqualified names, so the tables land in whatever schema search_path points at.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		sql: `
CREATE TABLE users (
	id text PRIMARY KEY,
	email text NOT NULL UNIQUE, -- lower-cased by the caller
	display_name text NOT NULL,
	password_hash text NOT NULL,
	created_at bigint NOT NULL
);

CREATE TABLE sessions (
	token_hash text PRIMARY KEY, -- SHA-256 hex of the cookie value, never the value
	user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	expires_at bigint NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE workshops (
	id text PRIMARY KEY,
	title text NOT NULL,
	locality text NOT NULL,
	date text NOT NULL, -- ISO YYYY-MM-DD of the workshop day
	duration text NOT NULL,
	join_code text NOT NULL UNIQUE, -- normalised: upper case, no separators
	table_count integer NOT NULL,
	tables_see_each_other boolean NOT NULL,
	state jsonb NOT NULL, -- StoredWorkshopState; saveState compares its revision
	created_by text NOT NULL REFERENCES users (id),
	created_at bigint NOT NULL
);

CREATE TABLE workshop_facilitators (
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role text NOT NULL, -- FACILITATOR_ROLES: owner | co_facilitator
	PRIMARY KEY (workshop_id, user_id)
);
CREATE INDEX workshop_facilitators_user_id ON workshop_facilitators (user_id);

CREATE TABLE participants (
	id text PRIMARY KEY,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	display_name text, -- NULL for an anonymous participant
	organisation text NOT NULL,
	actor_type text NOT NULL,
	table_number integer NOT NULL, -- 1..workshops.table_count
	joined_at bigint NOT NULL
);
CREATE INDEX participants_workshop_id ON participants (workshop_id);

CREATE TABLE settings (
	key text PRIMARY KEY,
	value text NOT NULL
);

-- seq orders a document's log. Identity values are taken at insert, not at commit, so a concurrent
-- compaction must delete exactly the rows it read, never a seq range.
CREATE TABLE doc_updates (
	seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	doc text NOT NULL, -- the sync room name
	data bytea NOT NULL -- a Yjs v1 update, or a compaction snapshot of several
);
CREATE INDEX doc_updates_doc_seq ON doc_updates (doc, seq);
`
	},
	{
		version: 2,
		sql: `
-- Facilitators' own workshop templates (issue 4). A workshop's plan lives in workshops.state.
CREATE TABLE facilitator_templates (
	id text PRIMARY KEY,
	owner_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	template jsonb NOT NULL, -- WorkshopTemplate, validated before insert
	created_at bigint NOT NULL
);
CREATE INDEX facilitator_templates_owner_id ON facilitator_templates (owner_id, created_at);
`
	},
	{
		version: 3,
		sql: `
-- Commitments as workshop records and the network archive with follow-up (issue 6).
CREATE TABLE commitments (
	id text PRIMARY KEY,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	table_number integer, -- the proposing table 1..; NULL for the plenary
	what text NOT NULL,
	owner_actor_type text NOT NULL,
	named_person text, -- only with that person's consent; NULL otherwise
	due text, -- YYYY-MM-DD or NULL
	first_step text NOT NULL,
	status text NOT NULL, -- COMMITMENT_STATUSES; the latest follow-up's status
	agreed boolean NOT NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL
);
CREATE INDEX commitments_workshop ON commitments (workshop_id, table_number, created_at);

CREATE TABLE commitment_follow_ups (
	id text PRIMARY KEY,
	commitment_id text NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
	status text NOT NULL,
	date text NOT NULL, -- YYYY-MM-DD the note is about
	note text NOT NULL,
	author_id text NOT NULL REFERENCES users (id),
	created_at bigint NOT NULL
);
CREATE INDEX commitment_follow_ups_commitment ON commitment_follow_ups (commitment_id, created_at);

CREATE TABLE networks (
	id text PRIMARY KEY,
	name text NOT NULL,
	created_by text NOT NULL REFERENCES users (id),
	created_at bigint NOT NULL
);

CREATE TABLE network_members (
	network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	added_at bigint NOT NULL,
	PRIMARY KEY (network_id, user_id)
);
CREATE INDEX network_members_user ON network_members (user_id);

CREATE TABLE network_localities (
	network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	locality text NOT NULL,
	PRIMARY KEY (network_id, locality)
);

CREATE TABLE network_workshops (
	network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	shared_by text NOT NULL REFERENCES users (id),
	shared_at bigint NOT NULL,
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
	id bigserial PRIMARY KEY,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	seating jsonb NOT NULL, -- participant id -> table number
	created_at bigint NOT NULL
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
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	actor_type text NOT NULL,
	count integer NOT NULL,
	PRIMARY KEY (workshop_id, actor_type)
);

-- Per workshop: how long personal data is kept after the workshop day, and when it was erased.
CREATE TABLE workshop_retention (
	workshop_id text PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
	retention_days integer, -- days after the workshop day; NULL for the server's default
	erased_at bigint -- epoch ms of the last erasure of the workshop's personal data; NULL never
);
`
	},
	{
		version: 6,
		sql: `
-- Anonymous feedback (issue 4). An answer holds no participant, name, table or time, and is read
-- back ordered by a random id. Known limit: PostgreSQL's heap keeps rows roughly in insertion
-- order, so somebody with direct database access could guess the answering order from ctid; the
-- application never reads it.
CREATE TABLE feedback_answers (
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	id uuid NOT NULL, -- random, only to order rows by something meaningless
	rating_usefulness smallint NOT NULL CHECK (rating_usefulness BETWEEN 1 AND 5),
	rating_voices smallint NOT NULL CHECK (rating_voices BETWEEN 1 AND 5),
	rating_again smallint NOT NULL CHECK (rating_again BETWEEN 1 AND 5),
	open_text text, -- at most 1,000 characters; NULL when left empty
	PRIMARY KEY (workshop_id, id)
);

-- Who has answered, so each participant answers once. Nothing here points at an answer.
CREATE TABLE feedback_answered (
	participant_id text PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE
);
`
	},
	{
		version: 7,
		sql: `
-- API tokens of a network (issue 6): read-only access to the network's shared workshops for its own
-- systems. Only a SHA-256 of the secret is stored; the secret is shown once when it is made.
CREATE TABLE api_tokens (
	id text PRIMARY KEY,
	network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	name text NOT NULL,
	token_hash text NOT NULL UNIQUE, -- SHA-256 hex of the secret, never the secret
	created_by text NOT NULL REFERENCES users (id),
	created_at bigint NOT NULL,
	last_used_at bigint, -- epoch ms of the last authenticated request; NULL never used
	revoked_at bigint -- epoch ms; NULL while the token works
);
CREATE INDEX api_tokens_network ON api_tokens (network_id);

-- Read-only share links (issue 6). The signed link names its row, so one link can be revoked.
CREATE TABLE share_links (
	id text PRIMARY KEY,
	network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	created_by text NOT NULL REFERENCES users (id),
	created_at bigint NOT NULL,
	expires_at bigint NOT NULL,
	revoked_at bigint -- epoch ms; NULL while the link works (until expires_at)
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
	workshop_id text PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
	code text NOT NULL UNIQUE, -- random part of the registration link
	open boolean NOT NULL,
	questions jsonb NOT NULL, -- PreTaskQuestion[]
	updated_at bigint NOT NULL
);

CREATE TABLE registrations (
	id text PRIMARY KEY,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	token text NOT NULL UNIQUE, -- random part of the person's own link
	personal_code text NOT NULL UNIQUE, -- short code typed on /join
	display_name text NOT NULL,
	organisation text NOT NULL,
	actor_type text NOT NULL,
	language text NOT NULL, -- fi | sv | en
	name_with_answers boolean NOT NULL, -- true when the name may be shown beside the answers
	answers jsonb NOT NULL, -- question id -> answer
	created_at bigint NOT NULL,
	participant_id text UNIQUE REFERENCES participants (id) ON DELETE CASCADE -- NULL until arrived
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
	workshop_id text PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
	network_id text NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
	source_workshop_id text REFERENCES workshops (id) ON DELETE SET NULL, -- NULL once erased
	created_at bigint NOT NULL
);
`
	},
	{
		version: 10,
		sql: `
-- Personal codes (issue 5) are stored only as a hash: SHA-256 in hex of the code as typed
-- (registrations/personal-code.ts). Codes stored before are hashed in place. The code is shown
-- once and can be issued again.
UPDATE registrations SET personal_code = encode(sha256(convert_to(personal_code, 'UTF8')), 'hex');
ALTER TABLE registrations RENAME COLUMN personal_code TO personal_code_hash;
`
	},
	{
		version: 11,
		sql: `
-- Facilitators' own metaphor card decks (issue 4). Pictures are stored as checked by the server:
-- PNG, JPEG or WebP by their bytes, an uploaded SVG as the PNG drawn from it; never an SVG.
CREATE TABLE card_decks (
	id text PRIMARY KEY,
	owner_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name text NOT NULL,
	created_at bigint NOT NULL
);
CREATE INDEX card_decks_owner ON card_decks (owner_id, created_at);

CREATE TABLE card_deck_cards (
	deck_id text NOT NULL REFERENCES card_decks (id) ON DELETE CASCADE,
	card_key text NOT NULL, -- part of the card id on boards; never reused in the deck
	position integer NOT NULL,
	content_type text NOT NULL, -- image/png | image/jpeg | image/webp
	byte_size integer NOT NULL,
	sha256 text NOT NULL, -- hex of data: the ETag
	texts jsonb NOT NULL, -- { name, alt } each { fi, sv, en }
	data bytea NOT NULL,
	created_at bigint NOT NULL,
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
	participant_id text PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
	workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
	pinned_table integer, -- 1-based; NULL when not pinned
	keep_together text, -- group key; NULL when in no group
	absent_at bigint -- epoch ms when marked not here; NULL while present
);
CREATE INDEX seat_constraints_workshop ON seat_constraints (workshop_id);

-- A registered person the facilitator marked as not coming (epoch ms); NULL otherwise.
ALTER TABLE registrations ADD COLUMN no_show_at bigint;
`
	},
	{
		version: 13,
		sql: `
-- The token of a registered person's own link /p/<token> (issue 5) gives the same access as their
-- personal code, so it too is stored only as a hash: SHA-256 in hex (registrations/personal-code.ts),
-- like migration 10. Tokens stored before are hashed in place; the links already given keep working.
UPDATE registrations SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex');
ALTER TABLE registrations RENAME COLUMN token TO token_hash;
`
	}
];
