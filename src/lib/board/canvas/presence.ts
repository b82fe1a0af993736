import type Konva from 'konva';
import type { Awareness } from 'y-protocols/awareness';
import { ACTOR_TYPE_LIST, type ActorType } from '#shared/model/actor.ts';
import type { ItemView } from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import { actorTypeLabel } from './labels.ts';
import { FONT_FAMILY, type KonvaModule } from './shapes/common.ts';

/** Cursor and selection updates leave this browser at most this often (≤ 10 per second). */
export const PRESENCE_THROTTLE_MS = 100;

/** The awareness field this canvas publishes under; other fields (e.g. `user`) stay untouched. */
export const CANVAS_AWARENESS_FIELD = 'canvas';

/** What one person shares about where they work on the canvas. Board coordinates. */
export interface CanvasPresence {
	/** As the person chose it; empty when anonymous (then their actor type is shown). */
	name: string;
	actorType: ActorType;
	colour: string;
	cursor: { x: number; y: number } | null;
	selection: string[];
}

const COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;

/** Remote awareness is untrusted: keep only well-formed, bounded fields. */
export function readPresence(state: unknown): CanvasPresence | null {
	const raw = (state as Record<string, unknown> | null)?.[CANVAS_AWARENESS_FIELD] as
		Record<string, unknown> | undefined;
	if (!raw || typeof raw !== 'object') return null;
	const actorType = ACTOR_TYPE_LIST.includes(raw.actorType as ActorType)
		? (raw.actorType as ActorType)
		: 'other';
	const cursor = raw.cursor as { x?: unknown; y?: unknown } | null;
	const validCursor =
		cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y)
			? { x: cursor.x as number, y: cursor.y as number }
			: null;
	return {
		name: typeof raw.name === 'string' ? raw.name.slice(0, 60) : '',
		actorType,
		colour:
			typeof raw.colour === 'string' && COLOUR_PATTERN.test(raw.colour) ? raw.colour : '#4a4a4a',
		cursor: validCursor,
		selection: Array.isArray(raw.selection)
			? raw.selection.filter((id): id is string => typeof id === 'string').slice(0, 200)
			: []
	};
}

interface PeerNodes {
	cursor: Konva.Group;
	outlines: Konva.Group;
	selectionKey: string;
}

/**
 * Publishes this person's cursor and selection (throttled) and draws everyone else's on the
 * cursor layer, which never takes pointer events.
 */
export class Presence {
	readonly #K: KonvaModule;
	readonly #awareness: Awareness;
	readonly #layer: Konva.Layer;
	readonly #viewOf: (id: ItemId) => ItemView | undefined;
	readonly #peers = new Map<number, PeerNodes>();
	#local: CanvasPresence;
	#lastSent = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#scale = 1;
	readonly #onChange = (
		changes: { added: number[]; updated: number[]; removed: number[] },
		_origin: unknown
	) => {
		const self = this.#awareness.clientID;
		const others = [...changes.added, ...changes.updated, ...changes.removed].some(
			(id) => id !== self
		);
		if (others) this.render();
	};

	constructor(options: {
		Konva: KonvaModule;
		awareness: Awareness;
		layer: Konva.Layer;
		me: Omit<CanvasPresence, 'cursor' | 'selection'>;
		viewOf: (id: ItemId) => ItemView | undefined;
	}) {
		this.#K = options.Konva;
		this.#awareness = options.awareness;
		this.#layer = options.layer;
		this.#viewOf = options.viewOf;
		this.#local = { ...options.me, cursor: null, selection: [] };
		this.#awareness.on('change', this.#onChange);
		this.#send();
	}

	setMe(me: Omit<CanvasPresence, 'cursor' | 'selection'>): void {
		this.#local = { ...this.#local, ...me };
		this.#schedule();
	}

	update(partial: Partial<Pick<CanvasPresence, 'cursor' | 'selection'>>): void {
		this.#local = { ...this.#local, ...partial };
		this.#schedule();
	}

	#schedule(): void {
		if (this.#timer) return;
		const wait = Math.max(0, this.#lastSent + PRESENCE_THROTTLE_MS - Date.now());
		// Trailing send: the last position always goes out, just not more than 10 times a second.
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.#send();
		}, wait);
	}

	#send(): void {
		this.#lastSent = Date.now();
		this.#awareness.setLocalStateField(CANVAS_AWARENESS_FIELD, this.#local);
	}

	setScale(scale: number): void {
		this.#scale = scale;
		this.render();
	}

	/** Redraws the others' cursors and selection outlines from awareness. */
	render(): void {
		const seen = new Set<number>();
		for (const [clientId, state] of this.#awareness.getStates()) {
			if (clientId === this.#awareness.clientID) continue;
			const presence = readPresence(state);
			if (!presence) continue;
			seen.add(clientId);
			const peer = this.#peers.get(clientId) ?? this.#createPeer(clientId, presence);
			this.#updatePeer(peer, presence);
		}
		for (const [clientId, peer] of this.#peers) {
			if (seen.has(clientId)) continue;
			peer.cursor.destroy();
			peer.outlines.destroy();
			this.#peers.delete(clientId);
		}
		this.#layer.batchDraw();
	}

	#createPeer(clientId: number, presence: CanvasPresence): PeerNodes {
		const K = this.#K;
		const cursor = new K.Group({ listening: false });
		cursor.add(
			new K.Line({
				name: 'pointer',
				points: [0, 0, 0, 18, 5, 14, 9, 22, 12, 21, 8, 13, 14, 13],
				closed: true,
				stroke: '#ffffff',
				strokeWidth: 1.5
			}),
			new K.Label({ name: 'tag', x: 14, y: 20 }).add(
				new K.Tag({ name: 'tag-bg', cornerRadius: 4 }),
				new K.Text({
					name: 'tag-text',
					padding: 4,
					fontFamily: FONT_FAMILY,
					fontSize: 13,
					fill: '#ffffff'
				})
			)
		);
		const outlines = new K.Group({ listening: false });
		this.#layer.add(outlines, cursor);
		const peer = { cursor, outlines, selectionKey: '' };
		this.#peers.set(clientId, peer);
		void presence;
		return peer;
	}

	#updatePeer(peer: PeerNodes, presence: CanvasPresence): void {
		const label = presence.name.trim() || actorTypeLabel(presence.actorType);
		peer.cursor.visible(presence.cursor !== null);
		if (presence.cursor) peer.cursor.position(presence.cursor);
		// Cursors and name tags keep their size on screen at any zoom.
		peer.cursor.scale({ x: 1 / this.#scale, y: 1 / this.#scale });
		peer.cursor.findOne<Konva.Line>('.pointer')!.fill(presence.colour);
		peer.cursor.findOne<Konva.Tag>('.tag-bg')!.fill(presence.colour);
		peer.cursor.findOne<Konva.Text>('.tag-text')!.text(label);

		peer.outlines.destroyChildren();
		for (const id of presence.selection) {
			const view = this.#viewOf(id as ItemId);
			if (!view || view.type === 'arrow') continue;
			const pad = 4 / this.#scale;
			peer.outlines.add(
				new this.#K.Rect({
					x: view.x - pad,
					y: view.y - pad,
					width: view.width + pad * 2,
					height: view.height + pad * 2,
					stroke: presence.colour,
					strokeWidth: 3 / this.#scale,
					dash: [8 / this.#scale, 4 / this.#scale],
					listening: false
				})
			);
		}
	}

	destroy(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#awareness.off('change', this.#onChange);
		this.#awareness.setLocalStateField(CANVAS_AWARENESS_FIELD, null);
		for (const peer of this.#peers.values()) {
			peer.cursor.destroy();
			peer.outlines.destroy();
		}
		this.#peers.clear();
	}
}
