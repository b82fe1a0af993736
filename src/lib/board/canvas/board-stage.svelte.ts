/* The Konva bookkeeping here (node maps, gesture sets) is deliberately not reactive: only the
   fields declared with $state feed the toolbar, and Konva redraws on its own. */
/* eslint-disable svelte/prefer-svelte-reactivity */
import type Konva from 'konva';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { cardPictureUrl } from '$lib/ui/card-picture.ts';
import { ensureDeck } from '$lib/ui/deck-catalogue.svelte.ts';
import type { ActorType } from '#shared/model/actor.ts';
import {
	DEFAULT_SIZE,
	MAX_LABEL_CHARS,
	MAX_NOTE_TEXT_CHARS,
	MIN_ITEM_SIZE,
	compareItems,
	createBoardUndoManager,
	createItem,
	deleteItems,
	groupItems,
	moveItems,
	observeBoard,
	parseDeckCardId,
	placeVote,
	readBoard,
	readItem,
	recolourItems,
	removeVote,
	resizeItem,
	setItemText,
	ungroupItems,
	votesLeft,
	type BoardChange,
	type ItemView,
	type NoteColour
} from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import { TX_ORIGIN } from '#shared/protocol/sync.ts';
import { m } from '$lib/paraglide/messages.js';
import { boardToSvg, contentBounds, download, exportFilename, EXPORT_MARGIN } from './export.ts';
import { actorTypeLabel, frameLabel, itemTitle } from './labels.ts';
import { Presence } from './presence.ts';
import { Scene } from './scene.ts';
import {
	FRAME_FONT_PX,
	NOTE_FONT_PX,
	NOTE_PADDING_PX,
	SELECT_COLOUR,
	createTextWidth,
	type KonvaModule,
	type ShapeContext
} from './shapes/common.ts';

/** Who is at this browser. `key` is the client-local author and voter key, never shown. */
/** The phase's participant rights for single items (src/lib/shared/model/rights.ts). */
export interface ItemRightsCheck {
	mayChange(view: ItemView): boolean;
	mayDelete(view: ItemView): boolean;
}

const ALL_RIGHTS: ItemRightsCheck = { mayChange: () => true, mayDelete: () => true };

export interface CanvasMe {
	key: string;
	name: string;
	actorType: ActorType;
	colour: string;
}

/** The in-place text editor over an item, in container pixels. */
export interface EditorState {
	id: ItemId;
	kind: 'note' | 'frame' | 'card';
	text: string;
	placeholder: string;
	maxLength: number;
	left: number;
	top: number;
	width: number;
	height: number;
	fontSize: number;
	padding: number;
}

interface Point {
	x: number;
	y: number;
}

type Gesture =
	| {
			kind: 'drag';
			pointerId: number;
			start: Point;
			origins: Map<ItemId, Point>;
			moved: boolean;
			lastWrite: number;
	  }
	| { kind: 'pan'; pointerId: number; start: Point; origin: Point }
	| { kind: 'marquee'; pointerId: number; start: Point; base: readonly ItemId[] }
	| { kind: 'pinch'; distance: number; scale: number; centre: Point };

export const ZOOM_MIN = 0.1;
export const ZOOM_MAX = 4;
const ZOOM_STEP = 1.25;
/** Below this zoom, notes draw as coloured boxes without words (unreadable anyway, and slow). */
const TEXT_MIN_SCALE = 0.3;
/** A drag writes positions to the shared document this often, so others see it move live. */
const DRAG_WRITE_MS = 80;
/** Pointer travel, in pixels, before a press on an item becomes a drag. */
const DRAG_THRESHOLD_PX = 4;
const NUDGE_UNITS = 10;
/** Height of the strip along a frame's top that holds its label, in board units. */
const FRAME_LABEL_STRIP = 56;

/**
 * The canvas controller: turns the Yjs board into Konva nodes (through {@link Scene}) and
 * pointer, wheel and key input into model operations. Reactive fields feed the toolbar.
 * Created by BoardCanvas in the browser only; `link` attaches it to a container once.
 */
export class BoardStage {
	selection = $state.raw<readonly ItemId[]>([]);
	/** True when some selected item belongs to a group. */
	selectionGrouped = $state(false);
	scale = $state(1);
	canUndo = $state(false);
	canRedo = $state(false);
	editing = $state.raw<EditorState | null>(null);
	votesLeft = $state(0);
	itemCount = $state(0);

	readonly #K: KonvaModule;
	readonly #doc: Y.Doc;
	readonly #awareness: Awareness;
	#me: CanvasMe;
	#canEdit: boolean;
	#rights: ItemRightsCheck;
	#votingLimit: number | null;
	readonly #onSelect: ((ids: readonly ItemId[]) => void) | undefined;
	readonly #ctx: ShapeContext;
	#scene: Scene | null = null;
	#presence: Presence | null = null;
	#undo: Y.UndoManager | null = null;
	readonly #sharedUndo: Y.UndoManager | null;
	#transformer: Konva.Transformer | null = null;
	#marquee: Konva.Rect | null = null;
	#container: HTMLDivElement | null = null;
	#cleanup: (() => void)[] = [];
	#gesture: Gesture | null = null;
	readonly #pointers = new Map<number, Point>();
	#spaceDown = false;
	#fitted = false;
	readonly #images = new Map<string, HTMLImageElement | null | 'loading'>();

	constructor(options: {
		Konva: KonvaModule;
		doc: Y.Doc;
		awareness: Awareness;
		me: CanvasMe;
		canEdit: boolean;
		/** What the phase lets this person do with each item; everything when absent. */
		rights?: ItemRightsCheck;
		votingLimit: number | null;
		showVoteCounts: boolean;
		onSelect?: (ids: readonly ItemId[]) => void;
		/** Share the connection's undo manager so canvas and outline undo one history. */
		undoManager?: Y.UndoManager;
	}) {
		this.#sharedUndo = options.undoManager ?? null;
		this.#K = options.Konva;
		this.#doc = options.doc;
		this.#awareness = options.awareness;
		this.#me = options.me;
		this.#canEdit = options.canEdit;
		this.#rights = options.rights ?? ALL_RIGHTS;
		this.#votingLimit = options.votingLimit;
		this.#onSelect = options.onSelect;
		this.#ctx = {
			Konva: options.Konva,
			voting: options.votingLimit !== null,
			showVoteCounts: options.showVoteCounts,
			voterKey: options.me.key,
			showText: true,
			editingId: null,
			cardImage: (cardId) => this.#cardImage(cardId),
			textWidth: createTextWidth()
		};
	}

	link(container: HTMLDivElement): void {
		if (this.#scene) throw new Error('[board] canvas is already linked');
		const K = this.#K;
		this.#container = container;
		const scene = new Scene(K, container, this.#ctx);
		this.#scene = scene;
		this.#transformer = new K.Transformer({
			rotateEnabled: false,
			flipEnabled: false,
			keepRatio: false,
			ignoreStroke: true,
			anchorSize: 12,
			anchorStroke: SELECT_COLOUR,
			borderStroke: SELECT_COLOUR,
			borderStrokeWidth: 2,
			boundBoxFunc: (old, next) => {
				const min = MIN_ITEM_SIZE * scene.stage.scaleX();
				return next.width < min || next.height < min ? old : next;
			}
		});
		this.#transformer.on('transform', () => this.#onTransform(false));
		this.#transformer.on('transformend', () => this.#onTransform(true));
		this.#marquee = new K.Rect({
			visible: false,
			fill: 'rgba(11, 79, 138, 0.08)',
			stroke: SELECT_COLOUR,
			dash: [6, 4],
			listening: false
		});
		scene.dragLayer.add(this.#transformer, this.#marquee);

		this.#presence = new Presence({
			Konva: K,
			awareness: this.#awareness,
			layer: scene.cursorLayer,
			me: this.#presenceMe(),
			viewOf: (id) => scene.views.get(id)
		});

		const undo = this.#sharedUndo ?? createBoardUndoManager(this.#doc);
		this.#undo = undo;
		const onStack = () => {
			this.canUndo = undo.canUndo();
			this.canRedo = undo.canRedo();
		};
		const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
		for (const event of events) undo.on(event, onStack);
		this.#cleanup.push(() => {
			for (const event of events) undo.off(event, onStack);
		});
		onStack();

		const board = readBoard(this.#doc);
		// Fit before the nodes exist: the zoom then decides at once whether notes show words, and
		// changing the view does not walk a thousand nodes' cached transforms.
		if (board.items.length > 0) this.#fit(board.items);
		scene.loadAll(board);
		this.#afterBoardChange(null);
		this.#cleanup.push(observeBoard(this.#doc, (change) => this.#onBoardChange(change)));

		this.#listen(container, 'pointerdown', (e) => this.#onPointerDown(e));
		this.#listen(container, 'pointermove', (e) => this.#onPointerMove(e));
		this.#listen(container, 'pointerup', (e) => this.#onPointerUp(e));
		this.#listen(container, 'pointercancel', (e) => this.#onPointerUp(e));
		this.#listen(container, 'pointerleave', () => this.#presence?.update({ cursor: null }));
		this.#listen(container, 'dblclick', (e) => this.#onDoubleClick(e));
		this.#listen(container, 'wheel', (e) => this.#onWheel(e), { passive: false });
		this.#listen(container, 'keydown', (e) => this.#onKeyDown(e));
		this.#listen(container, 'keyup', (e) => {
			if (e.key === ' ') this.#spaceDown = false;
		});
		const resize = new ResizeObserver(() => {
			scene.stage.size({ width: container.clientWidth, height: container.clientHeight });
			this.#afterViewChange();
		});
		resize.observe(container);
		this.#cleanup.push(() => resize.disconnect());
	}

	unlink(): void {
		for (const dispose of this.#cleanup.splice(0)) dispose();
		this.#presence?.destroy();
		// A shared undo manager belongs to the connection; only one made here is destroyed.
		if (this.#undo !== this.#sharedUndo) this.#undo?.destroy();
		this.#scene?.destroy();
		this.#presence = null;
		this.#undo = null;
		this.#scene = null;
		this.#container = null;
		this.#transformer = null;
		this.#marquee = null;
	}

	#listen<K extends keyof HTMLElementEventMap>(
		target: HTMLElement,
		type: K,
		handler: (event: HTMLElementEventMap[K]) => void,
		options?: AddEventListenerOptions
	): void {
		target.addEventListener(type, handler, options);
		this.#cleanup.push(() => target.removeEventListener(type, handler, options));
	}

	setOptions(options: {
		canEdit: boolean;
		rights?: ItemRightsCheck;
		votingLimit: number | null;
		showVoteCounts: boolean;
	}) {
		this.#canEdit = options.canEdit;
		this.#rights = options.rights ?? ALL_RIGHTS;
		this.#votingLimit = options.votingLimit;
		const voting = options.votingLimit !== null;
		// Only the vote badges depend on these; redrawing every item for a rights change is waste.
		const badgesChanged =
			voting !== this.#ctx.voting || options.showVoteCounts !== this.#ctx.showVoteCounts;
		this.#ctx.voting = voting;
		this.#ctx.showVoteCounts = options.showVoteCounts;
		if (!options.canEdit) this.closeEditor();
		if (badgesChanged) this.#scene?.refreshAll();
		this.#updateTransformer();
		this.votesLeft = votesLeft(this.#doc, this.#me.key, this.#votingLimit);
	}

	setMe(me: CanvasMe): void {
		this.#me = me;
		this.#ctx.voterKey = me.key;
		this.#presence?.setMe(this.#presenceMe());
	}

	#presenceMe() {
		return { name: this.#me.name, actorType: this.#me.actorType, colour: this.#me.colour };
	}

	// ---- model → scene -------------------------------------------------------------------

	#onBoardChange(change: BoardChange): void {
		const scene = this.#scene;
		if (!scene) return;
		// Another participant's moves draw on the motion layer, not by redrawing the whole board.
		const remote = change.origin !== TX_ORIGIN.local;
		for (const id of change.removed) scene.apply(id, null);
		for (const id of change.changed) scene.apply(id, readItem(this.#doc, id), remote);
		if (this.#gesture?.kind === 'drag') {
			// Keep what this person is dragging under their pointer whatever arrives meanwhile.
			this.#moveDragged(this.#lastDragDelta);
		}
		this.#afterBoardChange(change);
		if (!this.#fitted && change.origin !== TX_ORIGIN.local && scene.views.size > 0) {
			this.zoomToFit();
		}
	}

	#afterBoardChange(change: BoardChange | null): void {
		const scene = this.#scene!;
		this.itemCount = scene.views.size;
		this.votesLeft = votesLeft(this.#doc, this.#me.key, this.#votingLimit);
		const kept = this.selection.filter((id) => scene.views.has(id));
		if (kept.length !== this.selection.length) this.#setSelection(kept);
		else if (change && this.selection.some((id) => change.changed.has(id))) {
			this.#updateTransformer();
		}
		const editing = this.editing;
		if (editing && change) {
			const view = scene.views.get(editing.id);
			if (!view) this.closeEditor();
			else if (change.changed.has(editing.id)) {
				const text = view.type === 'arrow' ? '' : view.text;
				// Remote typing flows into the open editor; the editor keeps the caret (text-sync).
				this.editing = { ...this.#editorGeometry(view), text };
			}
		}
		this.#presence?.render();
	}

	// ---- selection -----------------------------------------------------------------------

	#setSelection(ids: readonly ItemId[]): void {
		const scene = this.#scene;
		if (!scene) return;
		const expanded = new Set<ItemId>(ids);
		const groups = new Set<string>();
		for (const id of ids) {
			const group = scene.views.get(id)?.group;
			if (group) groups.add(group);
		}
		if (groups.size) {
			for (const view of scene.views.values()) {
				if (view.group && groups.has(view.group)) expanded.add(view.id);
			}
		}
		const next = [...expanded].filter((id) => scene.views.has(id));
		const changed = new Set([...scene.selected, ...next]);
		scene.selected.clear();
		for (const id of next) scene.selected.add(id);
		for (const id of changed) if (scene.views.get(id)?.type === 'arrow') scene.refresh(id);
		this.selection = next;
		this.selectionGrouped = next.some((id) => scene.views.get(id)?.group);
		this.#updateTransformer();
		this.#presence?.update({ selection: next });
		this.#onSelect?.(next);
	}

	/** The selected items this person may change now: all of them unless locked or the phase limits it. */
	#changeable(): ItemId[] {
		const scene = this.#scene;
		if (!this.#canEdit || !scene) return [];
		return this.selection.filter((id) => {
			const view = scene.views.get(id);
			return view !== undefined && this.#rights.mayChange(view);
		});
	}

	#updateTransformer(): void {
		const scene = this.#scene;
		const transformer = this.#transformer;
		if (!scene || !transformer) return;
		const nodes = this.#changeable()
			.filter((id) => scene.views.get(id)?.type !== 'arrow')
			.map((id) => scene.nodes.get(id))
			.filter((node): node is Konva.Group => node !== undefined);
		// Nothing selected before or now: leave the transformer alone (a rights or vote change
		// on a big board calls this, and emptying it again still lays out every anchor).
		if (nodes.length === 0 && transformer.nodes().length === 0) return;
		transformer.nodes(nodes);
		transformer.resizeEnabled(nodes.length === 1);
		transformer.forceUpdate();
		scene.dragLayer.batchDraw();
	}

	select(ids: readonly ItemId[]): void {
		this.#setSelection(ids);
	}

	// ---- pointer input -------------------------------------------------------------------

	#local(e: { clientX: number; clientY: number }): Point {
		const rect = this.#container!.getBoundingClientRect();
		return { x: e.clientX - rect.left, y: e.clientY - rect.top };
	}

	#toBoard(point: Point): Point {
		const stage = this.#scene!.stage;
		const scale = stage.scaleX();
		return { x: (point.x - stage.x()) / scale, y: (point.y - stage.y()) / scale };
	}

	#onPointerDown(e: PointerEvent): void {
		const scene = this.#scene;
		if (!scene || (e.pointerType === 'mouse' && e.button !== 0 && e.button !== 1)) return;
		const point = this.#local(e);
		this.#pointers.set(e.pointerId, point);
		if (this.#pointers.size === 2) {
			this.#finishGesture();
			this.#startPinch();
			return;
		}
		if (this.#pointers.size > 2) return;
		const hit = scene.hit(point);
		if (hit === 'handle') return;
		this.#container!.setPointerCapture(e.pointerId);
		if (this.#spaceDown || e.button === 1) {
			this.#startPan(e.pointerId, point);
			return;
		}
		if (!hit) {
			if (e.shiftKey) {
				this.#gesture = {
					kind: 'marquee',
					pointerId: e.pointerId,
					start: this.#toBoard(point),
					base: this.selection
				};
			} else {
				if (this.selection.length) this.#setSelection([]);
				this.#startPan(e.pointerId, point);
			}
			return;
		}
		if (hit.vote && this.#votingLimit !== null) {
			const options = { itemId: hit.id, voterKey: this.#me.key };
			if (e.shiftKey) removeVote(this.#doc, options);
			else placeVote(this.#doc, { ...options, limit: this.#votingLimit });
			return;
		}
		if (e.shiftKey) {
			const next = this.selection.includes(hit.id)
				? this.selection.filter((id) => id !== hit.id)
				: [...this.selection, hit.id];
			this.#setSelection(next);
			return;
		}
		if (!this.selection.includes(hit.id)) this.#setSelection([hit.id]);
		if (this.#canEdit) this.#startDrag(e.pointerId, point);
	}

	#onPointerMove(e: PointerEvent): void {
		const scene = this.#scene;
		if (!scene) return;
		const point = this.#local(e);
		if (this.#pointers.has(e.pointerId)) this.#pointers.set(e.pointerId, point);
		this.#presence?.update({ cursor: this.#toBoard(point) });
		const gesture = this.#gesture;
		if (!gesture) return;
		if (gesture.kind === 'pinch') {
			this.#movePinch();
			return;
		}
		if (gesture.pointerId !== e.pointerId) return;
		if (gesture.kind === 'pan') {
			scene.stage.position({
				x: gesture.origin.x + point.x - gesture.start.x,
				y: gesture.origin.y + point.y - gesture.start.y
			});
			this.#afterViewChange();
		} else if (gesture.kind === 'marquee') {
			this.#moveMarquee(gesture.start, this.#toBoard(point), gesture.base);
		} else {
			const board = this.#toBoard(point);
			const delta = { x: board.x - gesture.start.x, y: board.y - gesture.start.y };
			if (!gesture.moved) {
				const travel = Math.hypot(delta.x, delta.y) * scene.stage.scaleX();
				if (travel < DRAG_THRESHOLD_PX) return;
				gesture.moved = true;
				// One drag is one undo step, apart from whatever came before.
				this.#undo?.stopCapturing();
				scene.lift([...gesture.origins.keys()].flatMap((id) => [id, ...scene.arrowsOf(id)]));
			}
			this.#lastDragDelta = delta;
			this.#moveDragged(delta);
			if (Date.now() - gesture.lastWrite >= DRAG_WRITE_MS) this.#writeDrag(gesture, delta);
		}
	}

	#lastDragDelta: Point = { x: 0, y: 0 };

	#onPointerUp(e: PointerEvent): void {
		this.#pointers.delete(e.pointerId);
		const gesture = this.#gesture;
		if (!gesture) return;
		if (gesture.kind === 'pinch') {
			if (this.#pointers.size < 2) this.#finishGesture();
			return;
		}
		if (gesture.pointerId === e.pointerId) this.#finishGesture();
	}

	#finishGesture(): void {
		const gesture = this.#gesture;
		const scene = this.#scene;
		this.#gesture = null;
		if (!gesture || !scene) return;
		if (gesture.kind === 'drag' && gesture.moved) {
			this.#writeDrag(gesture, this.#lastDragDelta);
			this.#undo?.stopCapturing();
			for (const id of gesture.origins.keys()) scene.apply(id, readItem(this.#doc, id));
			scene.drop();
			this.#updateTransformer();
		} else if (gesture.kind === 'marquee') {
			this.#marquee?.visible(false);
			scene.dragLayer.batchDraw();
		}
		this.#lastDragDelta = { x: 0, y: 0 };
	}

	#startPan(pointerId: number, point: Point): void {
		const stage = this.#scene!.stage;
		this.#gesture = { kind: 'pan', pointerId, start: point, origin: stage.position() };
	}

	#startDrag(pointerId: number, point: Point): void {
		const scene = this.#scene!;
		const ids = new Set(this.#changeable().filter((id) => scene.views.get(id)?.type !== 'arrow'));
		// A frame carries what lies wholly inside it, as areas on a paper wall would.
		for (const id of [...ids]) {
			const frame = scene.views.get(id);
			if (frame?.type !== 'frame') continue;
			for (const view of scene.views.values()) {
				if (view.type === 'arrow' || view.id === id || !this.#rights.mayChange(view)) continue;
				if (
					view.x >= frame.x &&
					view.y >= frame.y &&
					view.x + view.width <= frame.x + frame.width &&
					view.y + view.height <= frame.y + frame.height
				) {
					ids.add(view.id);
				}
			}
		}
		const origins = new Map<ItemId, Point>();
		for (const id of ids) {
			const view = scene.views.get(id)!;
			origins.set(id, { x: view.x, y: view.y });
		}
		this.#gesture = {
			kind: 'drag',
			pointerId,
			start: this.#toBoard(point),
			origins,
			moved: false,
			lastWrite: 0
		};
	}

	#moveDragged(delta: Point): void {
		const scene = this.#scene;
		const gesture = this.#gesture;
		if (!scene || gesture?.kind !== 'drag' || !gesture.moved) return;
		for (const [id, origin] of gesture.origins) {
			const view = scene.views.get(id);
			const node = scene.nodes.get(id);
			if (!view || !node) continue;
			const x = origin.x + delta.x;
			const y = origin.y + delta.y;
			node.position({ x, y });
			scene.views.set(id, { ...view, x, y });
			scene.relayoutArrowsOf(id);
		}
		scene.dragLayer.batchDraw();
	}

	#writeDrag(gesture: Extract<Gesture, { kind: 'drag' }>, delta: Point): void {
		gesture.lastWrite = Date.now();
		moveItems(
			this.#doc,
			[...gesture.origins].map(([id, origin]) => ({
				id,
				x: Math.round(origin.x + delta.x),
				y: Math.round(origin.y + delta.y)
			}))
		);
	}

	#moveMarquee(start: Point, end: Point, base: readonly ItemId[]): void {
		const scene = this.#scene!;
		const box = {
			x: Math.min(start.x, end.x),
			y: Math.min(start.y, end.y),
			width: Math.abs(end.x - start.x),
			height: Math.abs(end.y - start.y)
		};
		this.#marquee?.setAttrs({ ...box, visible: true, strokeWidth: 1 / scene.stage.scaleX() });
		const picked = new Set(base);
		for (const view of scene.views.values()) {
			if (view.type === 'arrow') continue;
			const inside =
				view.x >= box.x &&
				view.y >= box.y &&
				view.x + view.width <= box.x + box.width &&
				view.y + view.height <= box.y + box.height;
			const touches =
				view.x < box.x + box.width &&
				view.x + view.width > box.x &&
				view.y < box.y + box.height &&
				view.y + view.height > box.y;
			// Frames only when wholly inside, or a marquee drawn within an area would pick the area.
			if (view.type === 'frame' ? inside : touches) picked.add(view.id);
		}
		this.#setSelection([...picked]);
	}

	#startPinch(): void {
		const [a, b] = [...this.#pointers.values()];
		const centre = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
		this.#gesture = {
			kind: 'pinch',
			distance: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)),
			scale: this.#scene!.stage.scaleX(),
			centre: this.#toBoard(centre)
		};
	}

	#movePinch(): void {
		const gesture = this.#gesture;
		const stage = this.#scene?.stage;
		if (gesture?.kind !== 'pinch' || !stage || this.#pointers.size < 2) return;
		const [a, b] = [...this.#pointers.values()];
		const centre = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
		const distance = Math.hypot(a.x - b.x, a.y - b.y);
		const scale = clampZoom((gesture.scale * distance) / gesture.distance);
		stage.scale({ x: scale, y: scale });
		// The board point that started under the fingers stays under them.
		stage.position({
			x: centre.x - gesture.centre.x * scale,
			y: centre.y - gesture.centre.y * scale
		});
		this.#afterViewChange();
	}

	#onWheel(e: WheelEvent): void {
		e.preventDefault();
		const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
		this.#zoomAt(this.#local(e), this.#scene!.stage.scaleX() * factor);
	}

	#onDoubleClick(e: MouseEvent): void {
		const scene = this.#scene;
		if (!scene || !this.#canEdit) return;
		const point = this.#local(e);
		const hit = scene.hit(point);
		if (hit === 'handle') return;
		const board = this.#toBoard(point);
		const view = hit ? scene.views.get(hit.id) : undefined;
		// Inside an area, below its label, a double-click adds a note as it would outside.
		const inArea = view?.type === 'frame' && board.y > view.y + FRAME_LABEL_STRIP;
		if (hit && !inArea) {
			if (!hit.vote) this.openEditor(hit.id);
			return;
		}
		const size = DEFAULT_SIZE.note;
		this.#addAndEdit('note', { x: board.x - size.width / 2, y: board.y - size.height / 2 });
	}

	#onKeyDown(e: KeyboardEvent): void {
		const mod = e.ctrlKey || e.metaKey;
		const key = e.key.toLowerCase();
		if (mod && key === 'z') {
			e.preventDefault();
			if (e.shiftKey) this.redo();
			else this.undo();
			return;
		}
		if (mod && key === 'y') {
			e.preventDefault();
			this.redo();
			return;
		}
		if (mod) return;
		switch (e.key) {
			case ' ':
				this.#spaceDown = true;
				break;
			case '+':
			case '=':
				this.zoomIn();
				break;
			case '-':
				this.zoomOut();
				break;
			case '0':
				this.zoomToFit();
				break;
			case 'Delete':
			case 'Backspace':
				this.deleteSelected();
				break;
			case 'Escape':
				this.#setSelection([]);
				break;
			case 'Enter':
				if (this.selection.length !== 1) return;
				this.openEditor(this.selection[0]);
				break;
			case 'ArrowLeft':
			case 'ArrowRight':
			case 'ArrowUp':
			case 'ArrowDown':
				this.#nudge(e.key, e.shiftKey ? NUDGE_UNITS * 5 : NUDGE_UNITS);
				break;
			default:
				return;
		}
		e.preventDefault();
	}

	#nudge(key: string, step: number): void {
		const scene = this.#scene!;
		const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
		const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
		const movable = this.#changeable();
		if (!movable.length) {
			// Nothing (changeable) selected: the arrow keys pan the view instead.
			const stage = scene.stage;
			stage.position({ x: stage.x() - dx * 4, y: stage.y() - dy * 4 });
			this.#afterViewChange();
			return;
		}
		moveItems(
			this.#doc,
			movable.flatMap((id) => {
				const view = scene.views.get(id);
				return view && view.type !== 'arrow' ? [{ id, x: view.x + dx, y: view.y + dy }] : [];
			})
		);
	}

	#onTransform(done: boolean): void {
		const scene = this.#scene;
		const node = this.#transformer?.nodes()[0];
		if (!scene || !node) return;
		const id = node.id() as ItemId;
		const view = scene.views.get(id);
		if (!view) return;
		// Resize the box, not the drawing: reset the scale the transformer applied and redraw at
		// the new size, so text wraps instead of stretching.
		const bounds = {
			x: node.x(),
			y: node.y(),
			width: Math.max(MIN_ITEM_SIZE, view.width * node.scaleX()),
			height: Math.max(MIN_ITEM_SIZE, view.height * node.scaleY())
		};
		node.scale({ x: 1, y: 1 });
		scene.views.set(id, { ...view, ...bounds });
		scene.refresh(id);
		scene.relayoutArrowsOf(id);
		if (done) {
			this.#undo?.stopCapturing();
			resizeItem(this.#doc, id, {
				x: Math.round(bounds.x),
				y: Math.round(bounds.y),
				width: Math.round(bounds.width),
				height: Math.round(bounds.height)
			});
		}
	}

	// ---- view ----------------------------------------------------------------------------

	#zoomAt(point: Point, nextScale: number): void {
		const stage = this.#scene?.stage;
		if (!stage) return;
		const scale = clampZoom(nextScale);
		const board = this.#toBoard(point);
		stage.scale({ x: scale, y: scale });
		stage.position({ x: point.x - board.x * scale, y: point.y - board.y * scale });
		this.#afterViewChange();
	}

	#centre(): Point {
		const stage = this.#scene!.stage;
		return { x: stage.width() / 2, y: stage.height() / 2 };
	}

	zoomIn(): void {
		if (this.#scene) this.#zoomAt(this.#centre(), this.#scene.stage.scaleX() * ZOOM_STEP);
	}

	zoomOut(): void {
		if (this.#scene) this.#zoomAt(this.#centre(), this.#scene.stage.scaleX() / ZOOM_STEP);
	}

	/** Shows every item, never closer than 100 %. */
	zoomToFit(): void {
		if (this.#scene) this.#fit(this.#scene.views.values());
	}

	#fit(views: Iterable<ItemView>): void {
		const scene = this.#scene;
		if (!scene) return;
		this.#fitted = true;
		const box = contentBounds(views, EXPORT_MARGIN);
		const stage = scene.stage;
		if (!box) {
			stage.scale({ x: 1, y: 1 });
			stage.position({ x: 0, y: 0 });
		} else {
			const scale = clampZoom(Math.min(1, stage.width() / box.width, stage.height() / box.height));
			stage.scale({ x: scale, y: scale });
			stage.position({
				x: (stage.width() - box.width * scale) / 2 - box.x * scale,
				y: (stage.height() - box.height * scale) / 2 - box.y * scale
			});
		}
		this.#afterViewChange();
	}

	#afterViewChange(): void {
		const scene = this.#scene;
		if (!scene) return;
		const scale = scene.stage.scaleX();
		this.scale = scale;
		const showText = scale >= TEXT_MIN_SCALE;
		if (showText !== this.#ctx.showText) {
			this.#ctx.showText = showText;
			scene.refreshAll();
		}
		scene.cullAll();
		this.#presence?.setScale(scale);
		if (this.editing) {
			const view = scene.views.get(this.editing.id);
			if (view) this.editing = { ...this.#editorGeometry(view), text: this.editing.text };
		}
		scene.requestDrawAll();
	}

	// ---- editing -------------------------------------------------------------------------

	#editorGeometry(view: ItemView): EditorState {
		const stage = this.#scene!.stage;
		const scale = stage.scaleX();
		const left = view.x * scale + stage.x();
		const top = view.y * scale + stage.y();
		const kind = view.type === 'arrow' ? 'note' : view.type;
		const frame = view.type === 'frame';
		return {
			id: view.id,
			kind,
			text: view.type === 'arrow' ? '' : view.text,
			placeholder:
				view.type === 'frame'
					? frameLabel({ ...view, text: '' })
					: view.type === 'card'
						? itemTitle(view)
						: '',
			maxLength: view.type === 'note' ? MAX_NOTE_TEXT_CHARS : MAX_LABEL_CHARS,
			left,
			top,
			width: view.width * scale,
			// A frame's label is edited in a strip along its top, not over the whole area.
			height: frame ? Math.min(view.height, FRAME_LABEL_STRIP) * scale : view.height * scale,
			fontSize: (frame ? FRAME_FONT_PX : NOTE_FONT_PX) * scale,
			padding: NOTE_PADDING_PX * scale
		};
	}

	openEditor(id: ItemId): void {
		const scene = this.#scene;
		const view = scene?.views.get(id);
		if (!scene || !view || view.type === 'arrow' || !this.#canEdit) return;
		if (!this.#rights.mayChange(view)) return;
		this.#undo?.stopCapturing();
		if (!this.selection.includes(id)) this.#setSelection([id]);
		this.#ctx.editingId = id;
		scene.refresh(id);
		this.editing = this.#editorGeometry(view);
	}

	editText(text: string): void {
		const editing = this.editing;
		if (!editing || !this.#canEdit) return;
		this.editing = { ...editing, text };
		setItemText(this.#doc, editing.id, text);
	}

	closeEditor(): void {
		const editing = this.editing;
		if (!editing) return;
		this.editing = null;
		this.#ctx.editingId = null;
		this.#undo?.stopCapturing();
		this.#scene?.refresh(editing.id);
	}

	focus(): void {
		this.#container?.focus();
	}

	// ---- toolbar actions -----------------------------------------------------------------

	/**
	 * Where a new item goes: the middle of the view, or the nearest free spot around it, so quick
	 * adds line up instead of hiding each other. Frames are only backgrounds and do not count.
	 */
	#placement(type: 'note' | 'frame' | 'card'): Point {
		const scene = this.#scene!;
		const box = scene.viewport();
		const size = DEFAULT_SIZE[type];
		const centre = {
			x: Math.round(box.x + box.width / 2 - size.width / 2),
			y: Math.round(box.y + box.height / 2 - size.height / 2)
		};
		if (type === 'frame') return centre;
		const gap = 24;
		const overlaps = (x: number, y: number) => {
			for (const view of scene.views.values()) {
				if (view.type === 'frame' || view.type === 'arrow') continue;
				if (
					x < view.x + view.width + gap &&
					x + size.width + gap > view.x &&
					y < view.y + view.height + gap &&
					y + size.height + gap > view.y
				) {
					return true;
				}
			}
			return false;
		};
		const stepX = size.width + gap;
		const stepY = size.height + gap;
		for (let ring = 0; ring <= 4; ring++) {
			for (let dy = -ring; dy <= ring; dy++) {
				for (let dx = -ring; dx <= ring; dx++) {
					if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
					const x = centre.x + dx * stepX;
					const y = centre.y + dy * stepY;
					if (!overlaps(x, y)) return { x, y };
				}
			}
		}
		const offset = (this.itemCount % 6) * gap;
		return { x: centre.x + offset, y: centre.y + offset };
	}

	#addAndEdit(type: 'note' | 'frame', at?: Point): ItemId | null {
		if (!this.#scene || !this.#canEdit) return null;
		const position = at ?? this.#placement(type);
		this.#undo?.stopCapturing();
		const id = createItem(this.#doc, {
			type,
			actorType: this.#me.actorType,
			authorKey: this.#me.key,
			x: Math.round(position.x),
			y: Math.round(position.y)
		});
		this.#setSelection([id]);
		this.openEditor(id);
		return id;
	}

	addNote(): ItemId | null {
		return this.#addAndEdit('note');
	}

	addFrame(): ItemId | null {
		return this.#addAndEdit('frame');
	}

	addCard(cardId: string): ItemId | null {
		if (!this.#scene || !this.#canEdit) return null;
		const position = this.#placement('card');
		this.#undo?.stopCapturing();
		const id = createItem(this.#doc, {
			type: 'card',
			cardId,
			actorType: this.#me.actorType,
			authorKey: this.#me.key,
			...position
		});
		this.#setSelection([id]);
		return id;
	}

	/** Draws an arrow from the first selected item to the second. */
	connectSelected(): void {
		const scene = this.#scene;
		const ends = this.selection.filter((id) => {
			const type = scene?.views.get(id)?.type;
			return type && type !== 'arrow';
		});
		if (!this.#canEdit || ends.length !== 2) return;
		const id = createItem(this.#doc, {
			type: 'arrow',
			actorType: this.#me.actorType,
			authorKey: this.#me.key,
			from: ends[0],
			to: ends[1]
		});
		this.#setSelection([id]);
	}

	deleteSelected(): void {
		const scene = this.#scene;
		if (!this.#canEdit || !scene) return;
		const ids = this.selection.filter((id) => {
			const view = scene.views.get(id);
			return view !== undefined && this.#rights.mayDelete(view);
		});
		if (!ids.length) return;
		deleteItems(this.#doc, ids);
		this.#setSelection(this.selection.filter((id) => !ids.includes(id)));
	}

	recolourSelected(colour: NoteColour): void {
		const ids = this.#changeable();
		if (ids.length) recolourItems(this.#doc, ids, colour);
	}

	groupSelected(): void {
		const ids = this.#changeable();
		if (ids.length < 2) return;
		groupItems(this.#doc, ids);
		this.#setSelection(this.selection);
	}

	ungroupSelected(): void {
		const ids = this.#changeable();
		if (!ids.length) return;
		ungroupItems(this.#doc, ids);
		this.selectionGrouped = false;
	}

	undo(): void {
		this.closeEditor();
		this.#undo?.undo();
	}

	redo(): void {
		this.closeEditor();
		this.#undo?.redo();
	}

	// ---- export --------------------------------------------------------------------------

	/** Downloads the whole board as a PNG at up to 2× resolution, on white. */
	exportPng(): void {
		const scene = this.#scene;
		if (!scene) return;
		const box = contentBounds(scene.views.values(), EXPORT_MARGIN) ?? {
			x: 0,
			y: 0,
			width: 400,
			height: 300
		};
		const stage = scene.stage;
		const saved = { scale: stage.scaleX(), position: stage.position() };
		const background = new this.#K.Rect({ ...box, fill: '#ffffff', listening: false });
		scene.content.add(background);
		background.moveToBottom();
		this.#transformer?.visible(false);
		scene.cursorLayer.visible(false);
		for (const node of scene.nodes.values()) node.visible(node.getLayer() !== scene.dragLayer);
		// The picture has words whatever the zoom on screen.
		const showText = this.#ctx.showText;
		this.#ctx.showText = true;
		scene.refreshAll();
		stage.scale({ x: 1, y: 1 });
		stage.position({ x: -box.x, y: -box.y });
		// Canvases above ~16 megapixels fail in some browsers; large boards export at lower density.
		const pixelRatio = Math.min(2, Math.sqrt(16_000_000 / (box.width * box.height)));
		try {
			const url = stage.toDataURL({
				x: 0,
				y: 0,
				width: box.width,
				height: box.height,
				pixelRatio,
				mimeType: 'image/png'
			});
			download(url, exportFilename('png'));
		} finally {
			background.destroy();
			stage.scale({ x: saved.scale, y: saved.scale });
			stage.position(saved.position);
			this.#transformer?.visible(true);
			scene.cursorLayer.visible(true);
			this.#ctx.showText = showText;
			scene.refreshAll();
			this.#afterViewChange();
		}
	}

	/** Downloads the whole board as an SVG built from the model, with real text. */
	exportSvg(): void {
		const scene = this.#scene;
		if (!scene) return;
		const items = [...scene.views.values()].sort(compareItems);
		const svg = boardToSvg(items, {
			title: itemTitle,
			meta: (view) => actorTypeLabel(view.actorType),
			documentTitle: m.board_canvas_label()
		});
		const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
		download(url, exportFilename('svg'));
		// The click has started the download; the object URL can go after the event loop turns.
		setTimeout(() => URL.revokeObjectURL(url), 1000);
	}

	// ---- card pictures -------------------------------------------------------------------

	#cardImage(cardId: string): HTMLImageElement | null {
		const cached = this.#images.get(cardId);
		if (cached instanceof HTMLImageElement) return cached;
		if (cached === undefined) {
			this.#images.set(cardId, 'loading');
			const image = new Image();
			image.onload = () => {
				this.#images.set(cardId, image);
				for (const view of this.#scene?.views.values() ?? []) {
					if (view.type === 'card' && view.cardId === cardId) this.#scene?.refresh(view.id);
				}
			};
			image.onerror = () => this.#images.set(cardId, null);
			image.src = cardPictureUrl(cardId);
			// An own deck's card is named from the deck's texts; they are usually here before the
			// picture, whose arrival redraws the card. Later, as drawing may run inside a derivation.
			const own = parseDeckCardId(cardId);
			if (own) queueMicrotask(() => ensureDeck(own.deckId));
		}
		return null;
	}
}

function clampZoom(scale: number): number {
	return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Number.isFinite(scale) ? scale : 1));
}
