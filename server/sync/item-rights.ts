import * as Y from 'yjs';
import type { ActorType } from '#shared/model/actor.ts';
import {
	FIFTH_LEAF_ID,
	centreOf,
	knotGeometryOf,
	knotPlaceAt,
	leafIndexOfFrame,
	type Rect
} from '#shared/model/board.ts';
import type { ParticipantRights } from '#shared/model/workshop.ts';
import { ITEM_TYPE_LIST, type ItemType } from '#shared/model/board/schema.ts';
import {
	addDenial,
	changeDenial,
	deleteDenial,
	fifthLeafDenial,
	mayAddItems,
	type LeafCheck
} from '#shared/model/rights.ts';
import { DOC_ROOT, SYNC_DENIAL, type SyncDenialReason } from '#shared/protocol/sync.ts';

/** What the phase lets one participant do with a board's items (SPEC S9). */
export interface ItemRules {
	rights: ParticipantRights;
	/** Whether the phase has dot voting on: a participant may then change their own votes. */
	voting: boolean;
	/** The participant's author key, issued by the server; their new items must carry it. */
	authorKey: string;
	/** Set while the phase has a Neliapila knot (knot.ts); absent in every other phase. */
	knot?: KnotRules;
}

/** What the knot's settings mean for one participant's items (SPEC S9). */
export interface KnotRules {
	/** The participant's actor type, from their record on the server. */
	actorType: ActorType;
	/** Each leaf is writable only by its actor type. */
	leafRights: boolean;
	/** The table may add its fifth leaf. */
	fifthLeaf: boolean;
	/** The actor type of each leaf by index (four configured, then null for the open fifth). */
	leafActors: readonly (ActorType | null)[];
}

type Geometry = Partial<Rect>;
const GEOMETRY_FIELDS = new Set(['x', 'y', 'width', 'height']);

/**
 * Where a struct of an update lives on the board. Found by following parent ids, or the left or
 * right origin for structs that inherit their parent, down to a root of the document.
 */
type Place =
	| { kind: 'items' }
	/** The entry of `itemId` in the items map: adding, replacing or deleting the item itself. */
	| { kind: 'entry'; itemId: string }
	/** Inside an item: `field` is its key (text, x, votes…); `sub` the key below that (a voter). */
	| { kind: 'field'; itemId: string; field: string; sub: string | null }
	/** The meta root or any other root: never a participant's to change. */
	| { kind: 'outside' };

const OUTSIDE: Place = { kind: 'outside' };
const ITEMS: Place = { kind: 'items' };

/** A struct range of an accepted update that storage has not confirmed yet, with its place. */
interface PendingRange {
	clock: number;
	end: number;
	place: Place;
}

interface PendingEntry {
	update: Uint8Array;
	ranges: Map<number, PendingRange[]>;
	/** Items the update added, with their author key (null for none). */
	added: Map<string, string | null>;
	/** Geometry the update set, per item (only kept while leaf rights are on). */
	geometry?: Map<string, Geometry>;
}

/**
 * Updates a room accepted but has not applied yet (they wait for storage, SPEC S3). A client's
 * next update may build on them (typing into a note it just added), so the check looks here
 * after the room's document.
 */
export class PendingPlaces {
	#entries: PendingEntry[] = [];

	add(entry: PendingEntry): void {
		this.#entries.push(entry);
	}

	/** Forgets updates once they are in the document (or were dropped after a storage failure). */
	drop(updates: readonly Uint8Array[]): void {
		if (this.#entries.length === 0) return;
		const gone = new Set(updates);
		this.#entries = this.#entries.filter((entry) => !gone.has(entry.update));
	}

	clear(): void {
		this.#entries = [];
	}

	get size(): number {
		return this.#entries.length;
	}

	placeOf(id: Y.ID): Place | null {
		for (const entry of this.#entries) {
			const ranges = entry.ranges.get(id.client);
			if (!ranges) continue;
			for (const range of ranges) {
				if (id.clock >= range.clock && id.clock < range.end) return range.place;
			}
		}
		return null;
	}

	/** The highest clock + 1 of `client` among pending updates, 0 when none. */
	stateOf(client: number): number {
		let state = 0;
		for (const entry of this.#entries) {
			for (const range of entry.ranges.get(client) ?? []) state = Math.max(state, range.end);
		}
		return state;
	}

	/** Geometry pending updates set on an item, later ones over earlier ones. */
	geometryOf(itemId: string): Geometry {
		let geometry: Geometry = {};
		for (const entry of this.#entries) {
			const set = entry.geometry?.get(itemId);
			if (set) geometry = { ...geometry, ...set };
		}
		return geometry;
	}

	/** The author key of an item a pending update added; undefined when none added it. */
	ownerOf(itemId: string): string | null | undefined {
		for (const entry of this.#entries) {
			if (entry.added.has(itemId)) return entry.added.get(itemId);
		}
		return undefined;
	}
}

/** An update as `Y.decodeUpdate` returns it (the room decodes every update once to validate it). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type DeleteSet = DecodedUpdate['ds'];

export type RightsVerdict =
	{ ok: true; accept: () => void } | { ok: false; reason: SyncDenialReason; clients: number[] };

/**
 * Decides whether a participant's update stays within the phase's rights, without applying it:
 * it places every new struct and every newly deleted struct on an item (through the room's
 * document, pending updates and the update itself), then checks adds, changes and deletes
 * against the item's author key. Cost grows with the update's size, not the board's (ids are
 * found by binary search), so a keystroke costs a few µs.
 *
 * `accept()` records the update's places for the updates that follow it before storage confirms.
 */
export function checkItemRights(options: {
	doc: Y.Doc;
	update: Uint8Array;
	decoded: DecodedUpdate;
	pending: PendingPlaces;
	rules: ItemRules;
}): RightsVerdict {
	const { doc, decoded, pending, rules } = options;
	const placer = new Placer(doc, decoded.structs, pending);
	const clients = new Set<number>();
	const refuse = (reason: SyncDenialReason): RightsVerdict => ({
		ok: false,
		reason,
		clients: [...clients]
	});

	const newStructs: { struct: Y.Item; place: Place }[] = [];
	const added = new Map<string, Y.Item>();
	const changes: { itemId: string; field: string; sub: string | null }[] = [];
	const deleted = new Set<string>();

	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const { client, clock } = struct.id;
		if (clock + struct.length <= placer.knownState(client)) continue;
		clients.add(client);
		const place = placer.placeOfNew(struct);
		if (place === null || place.kind === 'outside' || place.kind === 'items') {
			return refuse(SYNC_DENIAL.outsideItems);
		}
		newStructs.push({ struct, place });
		if (place.kind === 'entry') {
			if (placer.isLive(place.itemId)) {
				// Setting an existing key replaces the item: a change and a delete of the old one.
				changes.push({ itemId: place.itemId, field: '', sub: null });
				deleted.add(place.itemId);
			} else added.set(place.itemId, struct);
		} else changes.push(place);
	}

	let unplaced = false;
	placer.forEachNewlyDeleted(decoded.ds, (place) => {
		if (place === null || place.kind === 'outside' || place.kind === 'items') unplaced = true;
		else if (place.kind === 'entry') deleted.add(place.itemId);
		else changes.push(place);
	});
	if (unplaced) return refuse(SYNC_DENIAL.outsideItems);

	for (const { struct, place } of newStructs) {
		// An item of a type no reader knows would sit unseen in everyone's document (SPEC S13).
		if (place.kind === 'field' && place.field === 'type' && place.sub === null) {
			const content = struct.content;
			const value = content instanceof Y.ContentAny ? content.arr.at(-1) : null;
			if (!ITEM_TYPE_LIST.includes(value as ItemType)) return refuse(SYNC_DENIAL.content);
		}
	}

	const authorKeys = new Map<string, string | null>();
	for (const itemId of added.keys()) authorKeys.set(itemId, null);
	for (const { struct, place } of newStructs) {
		if (place.kind !== 'field' || place.field !== 'authorKey' || place.sub !== null) continue;
		if (!added.has(place.itemId)) return refuse(SYNC_DENIAL.authorKey);
		const content = struct.content;
		const value = content instanceof Y.ContentAny ? content.arr[0] : null;
		authorKeys.set(place.itemId, typeof value === 'string' ? value : null);
	}

	if (added.size > 0) {
		if (!mayAddItems(rules.rights)) return refuse(SYNC_DENIAL.viewOnly);
		for (const key of authorKeys.values()) {
			if (key !== rules.authorKey) return refuse(SYNC_DENIAL.authorKey);
		}
	}

	if (added.has(FIFTH_LEAF_ID)) {
		const verdict = fifthLeafDenial(rules.knot?.fifthLeaf ?? false);
		if (verdict) return refuse(verdict);
	}
	const knot = rules.knot?.leafRights ? rules.knot : null;
	const geometry = knot ? geometrySet(newStructs) : null;
	const leafOf: (itemId: string) => LeafCheck | undefined =
		knot && geometry ? leafChecker({ doc, placer, knot, geometry }) : () => undefined;
	for (const itemId of added.keys()) {
		const verdict = addDenial(rules.rights, leafOf(itemId));
		if (verdict) return refuse(verdict);
	}

	for (const change of changes) {
		// Anything inside an item added or deleted by this update is part of adding or deleting it.
		if (added.has(change.itemId) || deleted.has(change.itemId)) continue;
		if (change.field === 'votes' && change.sub !== null) {
			if (!rules.voting || change.sub !== rules.authorKey) return refuse(SYNC_DENIAL.vote);
			continue;
		}
		if (change.field === 'authorKey') return refuse(SYNC_DENIAL.authorKey);
		const verdict = changeDenial(
			rules.rights,
			rules.authorKey,
			placer.ownerOf(change.itemId),
			leafOf(change.itemId)
		);
		if (verdict) return refuse(verdict);
	}

	for (const itemId of deleted) {
		if (added.has(itemId)) continue;
		const verdict = deleteDenial(
			rules.rights,
			rules.authorKey,
			placer.ownerOf(itemId),
			leafOf(itemId)
		);
		if (verdict) return refuse(verdict);
	}

	return {
		ok: true,
		accept: () => {
			const ranges = new Map<number, PendingRange[]>();
			for (const { struct, place } of newStructs) {
				const list = ranges.get(struct.id.client) ?? [];
				list.push({ clock: struct.id.clock, end: struct.id.clock + struct.length, place });
				ranges.set(struct.id.client, list);
			}
			pending.add({
				update: options.update,
				ranges,
				added: authorKeys,
				...(geometry ? { geometry } : {})
			});
		}
	};
}

/** The x, y, width and height values an update sets, per item. */
function geometrySet(
	newStructs: readonly { struct: Y.Item; place: Place }[]
): Map<string, Geometry> {
	const set = new Map<string, Geometry>();
	for (const { struct, place } of newStructs) {
		if (place.kind !== 'field' || place.sub !== null || !GEOMETRY_FIELDS.has(place.field)) continue;
		const content = struct.content;
		const value = content instanceof Y.ContentAny ? content.arr.at(-1) : null;
		if (typeof value !== 'number' || !Number.isFinite(value)) continue;
		set.set(place.itemId, { ...set.get(place.itemId), [place.field]: value });
	}
	return set;
}

/**
 * Which leaves an item touches: the leaf its centre lies in before the update (in the document or
 * pending) and after it, and the leaf it is, for a leaf frame itself. The leaves are read from
 * the room's document; an item over the shared object is in no leaf.
 */
function leafChecker(options: {
	doc: Y.Doc;
	placer: Placer;
	knot: KnotRules;
	geometry: Map<string, Geometry>;
}): (itemId: string) => LeafCheck {
	const { placer, knot, geometry } = options;
	let frames: ReturnType<typeof knotGeometryOf> | null = null;
	return (itemId) => {
		frames ??= knotGeometryOf(options.doc);
		const actors = new Set<ActorType>();
		const add = (index: number) => {
			const actor = knot.leafActors[index];
			if (actor) actors.add(actor);
		};
		const frameIndex = leafIndexOfFrame(itemId);
		if (frameIndex >= 0) add(frameIndex);
		const before = placer.geometryOf(itemId);
		const after = { ...before, ...geometry.get(itemId) };
		for (const rect of [before, after]) {
			if (!isRect(rect)) continue;
			const place = knotPlaceAt(frames, centreOf(rect));
			if (place?.kind === 'leaf') add(place.index);
		}
		return { me: knot.actorType, leaves: [...actors] };
	};
}

function isRect(geometry: Geometry): geometry is Rect {
	return (
		geometry.x !== undefined &&
		geometry.y !== undefined &&
		geometry.width !== undefined &&
		geometry.height !== undefined
	);
}

/** Finds where structs live: in the room's document, in pending updates, or in this update. */
class Placer {
	readonly #store: Y.Doc['store'];
	readonly #items: Y.Map<unknown>;
	readonly #pending: PendingPlaces;
	/** This update's structs by client, in clock order (as encoded). */
	readonly #own = new Map<number, Y.Item[]>();
	readonly #memo = new Map<Y.Item, Place | null>();

	constructor(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[], pending: PendingPlaces) {
		this.#store = doc.store;
		this.#items = doc.getMap(DOC_ROOT.items);
		this.#pending = pending;
		for (const struct of structs) {
			if (!(struct instanceof Y.Item)) continue;
			const list = this.#own.get(struct.id.client);
			if (list) list.push(struct);
			else this.#own.set(struct.id.client, [struct]);
		}
	}

	/** Clock up to which the server already has `client`'s structs (applied or pending). */
	knownState(client: number): number {
		const state = Y.getState(this.#store, client);
		return this.#pending.size === 0 ? state : Math.max(state, this.#pending.stateOf(client));
	}

	isLive(itemId: string): boolean {
		return this.#items.has(itemId) || this.#pending.ownerOf(itemId) !== undefined;
	}

	/** An item's geometry in the document, with what pending updates set over it. */
	geometryOf(itemId: string): Geometry {
		const item = this.#items.get(itemId);
		const geometry: Geometry = {};
		if (item instanceof Y.Map) {
			for (const field of GEOMETRY_FIELDS) {
				const value = item.get(field);
				if (typeof value === 'number') geometry[field as keyof Rect] = value;
			}
		}
		return { ...geometry, ...this.#pending.geometryOf(itemId) };
	}

	ownerOf(itemId: string): string | null {
		const item = this.#items.get(itemId);
		if (item instanceof Y.Map) {
			const key = item.get('authorKey');
			return typeof key === 'string' ? key : null;
		}
		return this.#pending.ownerOf(itemId) ?? null;
	}

	/** The place of a struct decoded from the update (its parent is a root key, an id or implied). */
	placeOfNew(struct: Y.Item): Place | null {
		if (this.#memo.has(struct)) return this.#memo.get(struct)!;
		// Guard against cycles in a crafted update: unresolved until proven otherwise.
		this.#memo.set(struct, null);
		const parent = struct.parent as unknown;
		let place: Place | null;
		if (typeof parent === 'string') place = child(rootPlace(parent), struct.parentSub);
		else if (parent instanceof Y.ID) {
			const holder = this.#placeOfId(parent);
			place = holder && child(holder, struct.parentSub);
		} else {
			// No parent info: the struct sits beside its origin, under the same parent and key.
			const sibling = struct.origin ?? struct.rightOrigin;
			place = sibling ? this.#placeOfId(sibling) : null;
		}
		this.#memo.set(struct, place);
		return place;
	}

	/** Calls `visit` with the place of every struct the delete set deletes that is not deleted yet. */
	forEachNewlyDeleted(ds: DeleteSet, visit: (place: Place | null) => void): void {
		for (const [client, ranges] of ds.clients) {
			const docState = Y.getState(this.#store, client);
			const structs = this.#store.clients.get(client);
			for (const { clock, len } of ranges) {
				const end = clock + len;
				if (structs && clock < docState) {
					let index = Y.findIndexSS(structs, clock);
					for (; index < structs.length; index++) {
						const struct = structs[index];
						if (struct.id.clock >= end) break;
						if (struct.deleted || !(struct instanceof Y.Item)) continue;
						visit(this.#placeOfDocItem(struct));
					}
				}
				if (end > docState) {
					// Deletes structs the document does not hold yet: pending ones or this update's own.
					const from = Math.max(clock, docState);
					const own = this.#own
						.get(client)
						?.find((s) => s.id.clock < end && s.id.clock + s.length > from);
					if (own) visit(this.placeOfNew(own));
					else visit(this.#pending.placeOf(Y.createID(client, from)));
				}
			}
		}
	}

	#placeOfId(id: Y.ID): Place | null {
		const structs = this.#store.clients.get(id.client);
		if (structs && id.clock < Y.getState(this.#store, id.client)) {
			const struct = structs[Y.findIndexSS(structs, id.clock)];
			return struct instanceof Y.Item ? this.#placeOfDocItem(struct) : null;
		}
		const pending = this.#pending.placeOf(id);
		if (pending) return pending;
		const own = this.#own.get(id.client);
		if (!own) return null;
		const struct = own.find((s) => id.clock >= s.id.clock && id.clock < s.id.clock + s.length);
		return struct ? this.placeOfNew(struct) : null;
	}

	/** The place of a struct already in the document: walk up through the types that hold it. */
	#placeOfDocItem(item: Y.Item): Place {
		const type = item.parent as Y.AbstractType<unknown> | null;
		if (!type) return OUTSIDE;
		const holder = type._item;
		if (holder === null) {
			return type === this.#items ? child(ITEMS, item.parentSub) : OUTSIDE;
		}
		return child(this.#placeOfDocItem(holder), item.parentSub);
	}
}

function rootPlace(name: string): Place {
	return name === DOC_ROOT.items ? ITEMS : OUTSIDE;
}

/** The place of something stored under `key` (a map key, or null in a sequence) inside `parent`. */
function child(parent: Place, key: string | null): Place {
	switch (parent.kind) {
		case 'items':
			return key === null ? OUTSIDE : { kind: 'entry', itemId: key };
		case 'entry':
			return { kind: 'field', itemId: parent.itemId, field: key ?? '', sub: null };
		case 'field':
			return parent.sub === null ? { ...parent, sub: key ?? '' } : parent;
		default:
			return OUTSIDE;
	}
}
