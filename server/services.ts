import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import { openStorage } from './storage/index.ts';
import type { Storage } from './storage/storage.ts';
import { AccessControl } from './auth/access.ts';
import { Accounts } from './auth/accounts.ts';
import { RateLimits } from './auth/rate-limits.ts';
import { ParticipantTokens } from './auth/tokens.ts';
import { WorkshopService } from './workshops/workshop-service.ts';
import { CommitmentService } from './archive/commitments.ts';
import { NetworkService } from './archive/networks.ts';
import { ShareLinkService } from './archive/share-links.ts';
import { SeatingService } from './tables/seating-service.ts';
import { PrivacyService } from './privacy/privacy-service.ts';
import { FeedbackService } from './feedback/feedback-service.ts';
import { RegistrationService } from './registrations/registration-service.ts';
import { ApiReadService } from './api/api-service.ts';
import { ApiTokenService } from './api/api-tokens.ts';
import { FollowUpService } from './archive/follow-up.ts';
import { DeckService } from './decks/deck-service.ts';

/** Everything request handlers need, created once per process and passed in (no singletons). */
export interface Services {
	config: Config;
	storage: Storage;
	accounts: Accounts;
	workshops: WorkshopService;
	tokens: ParticipantTokens;
	access: AccessControl;
	/** Commitment records and their follow-up (issue 6). */
	commitments: CommitmentService;
	/** Networks and their archive (issue 6). */
	networks: NetworkService;
	/** Read-only, expiring links to one shared workshop for people outside the network (issue 6). */
	shareLinks: ShareLinkService;
	/** Mixed tables: scoring, re-mixing between rounds, moving people (issue 5). */
	seating: SeatingService;
	/** Personal data: erasure by a participant, a facilitator or retention; attendance (issue 5). */
	privacy: PrivacyService;
	/** The anonymous feedback survey and its summary (issue 4). */
	feedback: FeedbackService;
	/** Registration before the day, pre-task answers, arrival by personal link (issue 5). */
	registrations: RegistrationService;
	/** A network's API tokens: made and revoked by members, checked on each API request (issue 6). */
	apiTokens: ApiTokenService;
	/** What the JSON API reads for a token's network (issue 6). */
	api: ApiReadService;
	/** Follow-up sessions started from the archive, and the open commitments they show (issues 4, 6). */
	followUps: FollowUpService;
	/** Facilitators' own metaphor card decks and who may see them (issue 4). */
	decks: DeckService;
	/** Attempts per client address for joining, signing in and the JSON API. */
	rateLimits: RateLimits;
}

/**
 * Where the running server leaves its Services for SvelteKit's server code. SvelteKit bundles its
 * own copy of any module it imports, so a module-level variable would not be shared; a
 * process-wide symbol is (see TOOLCHAIN.md "SvelteKit").
 */
export const SERVICES_KEY = Symbol.for('rajapinta.services');

const SECRET_SETTING = 'participant_token_secret';

export async function createServices(config: Config): Promise<Services> {
	const storage = await openStorage({
		databaseUrl: config.databaseUrl,
		dataDir: config.dataDir,
		schema: config.databaseSchema ?? undefined
	});
	const secret =
		config.sessionSecret ??
		(await storage.settings.getOrCreate(SECRET_SETTING, randomBytes(32).toString('base64url')));
	const tokens = new ParticipantTokens(secret);
	const workshops = new WorkshopService({ storage });
	const networks = new NetworkService({ storage, workshops });
	return {
		config,
		storage,
		accounts: new Accounts({ storage }),
		workshops,
		tokens,
		access: new AccessControl({ storage, tokens, workshops }),
		commitments: new CommitmentService({ storage, workshops }),
		networks,
		shareLinks: new ShareLinkService({ secret, storage, networks }),
		seating: new SeatingService({ storage }),
		privacy: new PrivacyService({ storage, workshops }),
		feedback: new FeedbackService({ storage, workshops }),
		registrations: new RegistrationService({ storage, workshops }),
		apiTokens: new ApiTokenService({ storage, networks }),
		api: new ApiReadService({ storage }),
		followUps: new FollowUpService({ storage, workshops, networks }),
		decks: new DeckService({ storage, workshops }),
		rateLimits: new RateLimits({
			signIn: config.authAttemptsPer15Min,
			join: config.joinAttemptsPerMinute,
			api: config.apiRequestsPerMinute
		})
	};
}

export function publishServices(services: Services | null): void {
	(globalThis as Record<symbol, unknown>)[SERVICES_KEY] = services ?? undefined;
}
