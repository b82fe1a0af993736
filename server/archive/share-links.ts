import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';
import * as v from 'valibot';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { NETWORK_ID_PATTERN } from '#shared/model/network.ts';
import type { WorkshopReport } from '#shared/model/report.ts';
import { ShareLinkDaysSchema } from '#shared/model/share-link.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { assembleWorkshopReport } from '../exports/assemble.ts';
import type { ShareLinkRecord, Storage } from '../storage/storage.ts';
import { FieldError } from './errors.ts';
import type { NetworkService } from './networks.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Far longer than any token this service signs; anything longer is refused before the MAC. */
const MAX_TOKEN_CHARS = 512;

/** What a share link grants: one workshop of one network's archive, until `expiresAt` (epoch ms). */
export interface ShareClaims {
	/** The link's stored row, which says whether it was revoked. */
	linkId: string;
	networkId: string;
	workshopId: WorkshopId;
	expiresAt: number;
}

/** One active link as its workshop's share page lists it. */
export interface ShareLinkView {
	id: string;
	/** The same token the link was made with (signing is deterministic), to copy again. */
	token: string;
	/** Epoch ms. */
	createdAt: number;
	/** Epoch ms. */
	expiresAt: number;
}

/** Opening a link: the workshop's report, or why not. */
export type SharedWorkshop =
	| { ok: true; claims: ShareClaims; report: WorkshopReport }
	| { ok: false; reason: 'invalid' | 'expired' };

const ClaimsJsonSchema = v.strictObject({
	i: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
	n: v.pipe(v.string(), v.regex(NETWORK_ID_PATTERN)),
	w: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
	e: v.pipe(v.number(), v.integer())
});

/**
 * Links signed before links had rows (504e390 until 7059232): the same key and form, without `i`.
 * They keep opening: the first time one is opened it gets a row, with an id taken from its body, so
 * from then on it is listed and can be revoked like any other.
 */
const LegacyClaimsJsonSchema = v.strictObject({
	n: ClaimsJsonSchema.entries.n,
	w: ClaimsJsonSchema.entries.w,
	e: ClaimsJsonSchema.entries.e
});
/** Row ids of old links start with this; nanoid(12) ids of new ones are never 18 characters long. */
const LEGACY_ID_PREFIX = 'old-';

/** A verified token's claims; `legacy` for an old link that may still need its row. */
type VerifiedClaims = ShareClaims & { legacy: boolean };

/**
 * Read-only share links (issue 6) as signed tokens, `base64url(json).base64url(hmac)`, each naming
 * its stored row. A link works while it is unexpired, its row is not revoked and the workshop is
 * still shared with the network: unsharing the workshop revokes every link to it, and a member can
 * revoke one link alone. Links signed before links had rows (no `i` claim) still open and get
 * their row the first time (see LegacyClaimsJsonSchema).
 */
export class ShareLinkService {
	readonly #key: Buffer;
	readonly #storage: Storage;
	readonly #networks: NetworkService;
	readonly #now: () => number;

	constructor(options: {
		/** The server's signing secret; a purpose prefix keeps these MACs apart from others. */
		secret: string;
		storage: Storage;
		networks: NetworkService;
		now?: () => number;
	}) {
		this.#key = createHmac('sha256', options.secret).update('rajapinta:share-link').digest();
		this.#storage = options.storage;
		this.#networks = options.networks;
		this.#now = options.now ?? Date.now;
	}

	/** What a member is about to share: the network's and the workshop's names; not_found otherwise. */
	async target(options: { userId: UserId; networkId: string; workshopId: string }) {
		const network = await this.#networks.requireMember(options.networkId, options.userId);
		const shared = await this.#storage.networks.listWorkshopIds(options.networkId);
		const workshopId = shared.find((id) => id === options.workshopId);
		const workshop = workshopId ? await this.#storage.workshops.findById(workshopId) : null;
		if (!workshop) throw new RajapintaError('not_found', 'workshop not shared with the network');
		return {
			network: { id: network.id, name: network.name },
			workshop: {
				id: workshop.id,
				title: workshop.title,
				locality: workshop.locality,
				date: workshop.date
			}
		};
	}

	/** A link for a member of the network to a workshop shared with it; not_found otherwise. */
	async create(options: {
		userId: UserId;
		networkId: string;
		workshopId: string;
		/** The form's "valid for" field, in days. */
		days: unknown;
	}): Promise<{ token: string; expiresAt: number }> {
		const { workshop } = await this.target(options);
		const days = v.safeParse(ShareLinkDaysSchema, options.days);
		if (!days.success) throw new FieldError({ days: 'days_invalid' });
		const now = this.#now();
		const claims: ShareClaims = {
			linkId: nanoid(12),
			networkId: options.networkId,
			workshopId: workshop.id,
			expiresAt: now + days.output * DAY_MS
		};
		await this.#storage.shareLinks.create({
			id: claims.linkId,
			networkId: claims.networkId,
			workshopId: claims.workshopId,
			createdBy: options.userId,
			createdAt: now,
			expiresAt: claims.expiresAt,
			revokedAt: null
		});
		return { token: this.sign(claims), expiresAt: claims.expiresAt };
	}

	/** The workshop's links from the network that still work, soonest expiry first. */
	async list(options: {
		userId: UserId;
		networkId: string;
		workshopId: string;
	}): Promise<ShareLinkView[]> {
		const { workshop } = await this.target(options);
		const links = await this.#storage.shareLinks.listActive(
			options.networkId,
			workshop.id,
			this.#now()
		);
		return links.map((link) => ({
			id: link.id,
			token: this.sign({
				linkId: link.id,
				networkId: link.networkId,
				workshopId: link.workshopId,
				expiresAt: link.expiresAt
			}),
			createdAt: link.createdAt,
			expiresAt: link.expiresAt
		}));
	}

	/** Revokes one link of the network's; false when it had none by that id that still worked. */
	async revoke(options: { userId: UserId; networkId: string; linkId: string }): Promise<boolean> {
		await this.#networks.requireMember(options.networkId, options.userId);
		return this.#storage.shareLinks.revoke(options.networkId, options.linkId, this.#now());
	}

	sign(claims: ShareClaims): string {
		const body = Buffer.from(
			JSON.stringify({
				i: claims.linkId,
				n: claims.networkId,
				w: claims.workshopId,
				e: claims.expiresAt
			})
		).toString('base64url');
		return `${body}.${this.#mac(body)}`;
	}

	/** The shared workshop's report for anybody holding a genuine, unexpired, still-shared link. */
	async open(token: string): Promise<SharedWorkshop> {
		const claims = this.#verify(token);
		if (!claims) return { ok: false, reason: 'invalid' };
		// Expiry is checked after the MAC, so "expired" is said only of links this server made.
		if (claims.expiresAt <= this.#now()) return { ok: false, reason: 'expired' };
		const link = claims.legacy
			? await this.#legacyRow(claims)
			: await this.#storage.shareLinks.findById(claims.linkId);
		if (
			!link ||
			link.revokedAt !== null ||
			link.networkId !== claims.networkId ||
			link.workshopId !== claims.workshopId
		) {
			return { ok: false, reason: 'invalid' };
		}
		const shared = await this.#storage.networks.listWorkshopIds(claims.networkId);
		if (!shared.includes(claims.workshopId)) return { ok: false, reason: 'invalid' };
		const report = await assembleWorkshopReport(this.#storage, claims.workshopId, {
			now: new Date(this.#now())
		});
		const { linkId, networkId, workshopId, expiresAt } = claims;
		return report
			? { ok: true, claims: { linkId, networkId, workshopId, expiresAt }, report }
			: { ok: false, reason: 'invalid' };
	}

	/**
	 * An old link's row, stored the first time it opens while its workshop is still shared. Its
	 * maker was not recorded, so the row names the workshop's creator; it was made before today.
	 */
	async #legacyRow(claims: ShareClaims): Promise<ShareLinkRecord | null> {
		const found = await this.#storage.shareLinks.findById(claims.linkId);
		if (found) return found;
		const shared = await this.#storage.networks.listWorkshopIds(claims.networkId);
		const workshop = shared.includes(claims.workshopId)
			? await this.#storage.workshops.findById(claims.workshopId)
			: null;
		if (!workshop) return null;
		const record: ShareLinkRecord = {
			id: claims.linkId,
			networkId: claims.networkId,
			workshopId: claims.workshopId,
			createdBy: workshop.createdBy,
			createdAt: this.#now(),
			expiresAt: claims.expiresAt,
			revokedAt: null
		};
		try {
			await this.#storage.shareLinks.create(record);
			return record;
		} catch {
			// Opened twice at once: the other request stored it; a vanished network or user: refused.
			return this.#storage.shareLinks.findById(claims.linkId);
		}
	}

	#verify(token: string): VerifiedClaims | null {
		const dot = token.indexOf('.');
		if (dot < 1 || token.length > MAX_TOKEN_CHARS) return null;
		const body = token.slice(0, dot);
		const mac = Buffer.from(token.slice(dot + 1), 'base64url');
		const expected = Buffer.from(this.#mac(body), 'base64url');
		if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
		let json: unknown;
		try {
			json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
		} catch {
			// A genuine MAC over a body that is not JSON cannot come from sign(); treat as forged.
			return null;
		}
		const parsed = v.safeParse(ClaimsJsonSchema, json);
		if (parsed.success) {
			const { i, n, w, e } = parsed.output;
			return { linkId: i, networkId: n, workshopId: w as WorkshopId, expiresAt: e, legacy: false };
		}
		const legacy = v.safeParse(LegacyClaimsJsonSchema, json);
		if (!legacy.success) return null;
		const { n, w, e } = legacy.output;
		// The body's hash: one row per old link, whoever opens it first.
		const digest = createHash('sha256').update(body).digest('base64url').slice(0, 24);
		return {
			linkId: `${LEGACY_ID_PREFIX}${digest}`,
			networkId: n,
			workshopId: w as WorkshopId,
			expiresAt: e,
			legacy: true
		};
	}

	#mac(body: string): string {
		return createHmac('sha256', this.#key).update(body).digest('base64url');
	}
}
