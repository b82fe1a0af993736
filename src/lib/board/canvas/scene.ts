import type Konva from 'konva';
import {
	compareItems,
	type ArrowView,
	type BoardView,
	type ItemView
} from '#shared/model/board.ts';
import type { ItemId } from '#shared/model/ids.ts';
import { arrowShape } from './shapes/arrow.ts';
import { cardShape } from './shapes/card.ts';
import type { KonvaModule, ShapeContext } from './shapes/common.ts';
import { frameShape } from './shapes/frame.ts';
import { noteShape } from './shapes/note.ts';
import type { Box } from './export.ts';

type ItemNode = Konva.Group | Konva.Arrow;

/** Extra board area drawn around the visible part, so a short pan shows no pop-in. */
const CULL_MARGIN_PX = 200;
/**
 * How long an item another participant moves stays on the motion layer after its last move. A
 * remote drag arrives as a stream of moves (every 80 ms from a BoardStage); one gap longer than
 * this ends it and the item goes back to its place among the others.
 */
const MOTION_SETTLE_MS = 400;

/**
 * The Konva side of the board: four layers and one node per valid item, kept in step with the
 * model by {@link Scene.apply}. Layers: `content` (frames, arrows, notes and cards, hit-tested),
 * `motion` (notes and cards another participant is moving, with their arrows, so a remote drag
 * redraws one note instead of the whole board sixty times a second), `drag` (nodes this person
 * drags or resizes, same reason) and `cursors` (others' presence, never hit-tested). Nodes are
 * derived data, never persisted.
 *
 * The content layer draws only its picture, at most once per frame ({@link requestDraw}): Konva's
 * automatic redraw after each attribute change is routed there too, since its own `batchDraw`
 * would also paint the hit graph of every item on every change.
 */
export class Scene {
	readonly stage: Konva.Stage;
	readonly content: Konva.Layer;
	readonly motionLayer: Konva.Layer;
	readonly dragLayer: Konva.Layer;
	readonly cursorLayer: Konva.Layer;
	readonly views = new Map<ItemId, ItemView>();
	readonly nodes = new Map<ItemId, ItemNode>();
	/** Arrows selected or being highlighted draw in the selection colour. */
	readonly selected = new Set<ItemId>();
	readonly #frames: Konva.Group;
	readonly #arrows: Konva.Group;
	readonly #items: Konva.Group;
	readonly #arrowsByEnd = new Map<ItemId, Set<ItemId>>();
	/** Items on the motion layer and when each last moved (performance.now()). */
	readonly #moving = new Map<ItemId, number>();
	#settleTimer: ReturnType<typeof setTimeout> | null = null;
	#drawQueued = false;
	/** The content layer's hit graph is drawn only when a hit test needs it, see {@link hit}. */
	#hitStale = true;
	#destroyed = false;

	readonly ctx: ShapeContext;

	constructor(K: KonvaModule, container: HTMLDivElement, ctx: ShapeContext) {
		this.ctx = ctx;
		this.stage = new K.Stage({
			container,
			width: container.clientWidth || 300,
			height: container.clientHeight || 300
		});
		this.content = new K.Layer();
		// Konva asks for a full draw (picture and hit graph) after every attribute change and every
		// view change of the stage; the picture alone, once per frame, is all that needs redrawing.
		this.content.batchDraw = () => {
			this.requestDraw();
			return this.content;
		};
		this.motionLayer = new K.Layer();
		this.dragLayer = new K.Layer();
		this.cursorLayer = new K.Layer({ listening: false });
		this.#frames = new K.Group();
		this.#arrows = new K.Group();
		this.#items = new K.Group();
		this.content.add(this.#frames, this.#arrows, this.#items);
		this.stage.add(this.content, this.motionLayer, this.dragLayer, this.cursorLayer);
	}

	/** Builds every node from a full read; the first render after the document loads. */
	loadAll(board: BoardView): void {
		for (const node of this.nodes.values()) node.destroy();
		this.nodes.clear();
		this.views.clear();
		this.#moving.clear();
		this.#arrowsByEnd.clear();
		for (const view of board.items) this.views.set(view.id, view);
		for (const view of board.items) this.#place(view);
		this.cullAll();
		this.requestDraw();
	}

	/**
	 * Brings one item's node in line with its view; null removes it. `remote` marks a change from
	 * another participant: a note or card it moved goes to the motion layer until it settles.
	 */
	apply(id: ItemId, view: ItemView | null, remote = false): void {
		const previous = this.views.get(id);
		const node = this.nodes.get(id);
		if (previous?.type === 'arrow') this.#unindexArrow(previous);
		if (!view) {
			this.views.delete(id);
			this.#moving.delete(id);
			this.#redraw(node?.getLayer());
			node?.destroy();
			this.nodes.delete(id);
			this.selected.delete(id);
		} else {
			this.views.set(id, view);
			if (node && previous?.type === view.type) {
				if (remote && previous && isMove(previous, view)) this.#startMotion(id);
				this.#update(node, view);
			} else {
				node?.destroy();
				this.#moving.delete(id);
				this.#place(view);
			}
			const current = this.nodes.get(id);
			if (current && current.getLayer() !== this.dragLayer) this.#cull(current, view);
			this.#redraw(current?.getLayer());
		}
		this.relayoutArrowsOf(id);
	}

	/** Lifts a remotely moved note or card, and its arrows, onto the motion layer. */
	#startMotion(id: ItemId): void {
		const now = performance.now();
		for (const liftId of [id, ...this.arrowsOf(id)]) {
			const node = this.nodes.get(liftId);
			if (!node) continue;
			const layer = node.getLayer();
			if (layer === this.content) {
				node.moveTo(this.motionLayer);
				// What was there is drawn again without it.
				this.requestDraw();
			}
			if (node.getLayer() === this.motionLayer) this.#moving.set(liftId, now);
		}
		this.#settleTimer ??= setTimeout(() => this.#settle(), MOTION_SETTLE_MS);
	}

	/** Returns items that stopped moving to their place in the content layer. */
	#settle(): void {
		this.#settleTimer = null;
		if (this.#destroyed) return;
		const now = performance.now();
		let settled = false;
		for (const [id, moved] of this.#moving) {
			if (now - moved < MOTION_SETTLE_MS) continue;
			this.#moving.delete(id);
			const node = this.nodes.get(id);
			const view = this.views.get(id);
			if (!node || !view || node.getLayer() !== this.motionLayer) continue;
			this.#reinsert(node, view);
			settled = true;
		}
		if (settled) {
			this.requestDraw();
			this.motionLayer.batchDraw();
		}
		if (this.#moving.size) this.#settleTimer = setTimeout(() => this.#settle(), MOTION_SETTLE_MS);
	}

	/**
	 * Puts a node back into its group in board order ({@link compareItems}: type, then age), as a
	 * fresh load would place it.
	 */
	#reinsert(node: ItemNode, view: ItemView): void {
		const parent = this.#parentOf(view);
		const siblings = parent.getChildren();
		let low = 0;
		let high = siblings.length;
		while (low < high) {
			const middle = (low + high) >> 1;
			const other = this.views.get(siblings[middle].id() as ItemId);
			if (other && compareItems(other, view) < 0) low = middle + 1;
			else high = middle;
		}
		node.moveTo(parent);
		node.zIndex(low);
		this.#cull(node, view);
	}

	/** Re-runs every node's update, e.g. after the zoom crossed the text threshold. */
	refreshAll(): void {
		for (const [id, node] of this.nodes) this.#update(node, this.views.get(id)!);
		this.requestDraw();
		this.motionLayer.batchDraw();
		this.dragLayer.batchDraw();
	}

	refresh(id: ItemId): void {
		const node = this.nodes.get(id);
		const view = this.views.get(id);
		if (!node || !view) return;
		this.#update(node, view);
		this.#redraw(node.getLayer());
	}

	/** Moves the arrows that end at `id` after it moved or changed size. */
	relayoutArrowsOf(id: ItemId): void {
		for (const arrowId of this.#arrowsByEnd.get(id) ?? []) {
			const arrow = this.views.get(arrowId);
			const node = this.nodes.get(arrowId);
			if (arrow?.type !== 'arrow' || !node) continue;
			this.#update(node, arrow);
			this.#redraw(node.getLayer());
		}
	}

	arrowsOf(id: ItemId): ItemId[] {
		return [...(this.#arrowsByEnd.get(id) ?? [])];
	}

	/** The visible part of the board in board units. */
	viewport(): Box {
		const scale = this.stage.scaleX();
		const { x, y } = this.stage.position();
		return {
			x: -x / scale,
			y: -y / scale,
			width: this.stage.width() / scale,
			height: this.stage.height() / scale
		};
	}

	/**
	 * Hides nodes outside the view: Konva then skips them when drawing and hit-testing, which is
	 * what keeps panning a 1,000-note board smooth.
	 */
	cullAll(): void {
		const box = this.#cullBox();
		for (const [id, node] of this.nodes) {
			if (node.getLayer() === this.dragLayer) continue;
			const view = this.views.get(id)!;
			node.visible(this.#isInside(view, box));
		}
	}

	#cull(node: ItemNode, view: ItemView): void {
		node.visible(this.#isInside(view, this.#cullBox()));
	}

	#cullBox(): Box {
		const box = this.viewport();
		const margin = CULL_MARGIN_PX / this.stage.scaleX();
		return {
			x: box.x - margin,
			y: box.y - margin,
			width: box.width + margin * 2,
			height: box.height + margin * 2
		};
	}

	#isInside(view: ItemView, box: Box): boolean {
		if (view.type === 'arrow') {
			const ends = this.#ends(view);
			if (!ends) return false;
			return ends.some((end) => this.#isInside(end, box));
		}
		return (
			view.x < box.x + box.width &&
			view.x + view.width > box.x &&
			view.y < box.y + box.height &&
			view.y + view.height > box.y
		);
	}

	/** Puts dragged nodes on the drag layer so the content layer stays still while they move. */
	lift(ids: Iterable<ItemId>): void {
		for (const id of ids) {
			const node = this.nodes.get(id);
			if (!node || node.getLayer() === this.dragLayer) continue;
			this.#moving.delete(id);
			node.visible(true);
			node.moveTo(this.dragLayer);
		}
		this.requestDraw();
		this.motionLayer.batchDraw();
		this.dragLayer.batchDraw();
	}

	/** Returns lifted nodes to their place in the content layer. */
	drop(): void {
		for (const node of [...this.dragLayer.getChildren()]) {
			const id = node.id() as ItemId;
			const view = this.views.get(id);
			if (!view || !this.nodes.has(id)) continue;
			this.#reinsert(node as ItemNode, view);
		}
		this.requestDraw();
		this.dragLayer.batchDraw();
	}

	#place(view: ItemView): void {
		let node: ItemNode;
		switch (view.type) {
			case 'note':
				node = noteShape.create(this.ctx, view);
				break;
			case 'frame':
				node = frameShape.create(this.ctx, view);
				break;
			case 'card':
				node = cardShape.create(this.ctx, view);
				break;
			case 'arrow':
				node = arrowShape.create(this.ctx, view, this.#ends(view));
				this.#indexArrow(view);
				break;
		}
		this.nodes.set(view.id, node);
		this.#parentOf(view).add(node);
	}

	#update(node: ItemNode, view: ItemView): void {
		switch (view.type) {
			case 'note':
				noteShape.update(this.ctx, node as Konva.Group, view);
				break;
			case 'frame':
				frameShape.update(this.ctx, node as Konva.Group, view);
				break;
			case 'card':
				cardShape.update(this.ctx, node as Konva.Group, view);
				break;
			case 'arrow':
				this.#indexArrow(view);
				arrowShape.update(
					this.ctx,
					node as Konva.Arrow,
					view,
					this.#ends(view),
					this.selected.has(view.id)
				);
				break;
		}
	}

	#parentOf(view: ItemView): Konva.Group {
		if (view.type === 'frame') return this.#frames;
		if (view.type === 'arrow') return this.#arrows;
		return this.#items;
	}

	#ends(view: ArrowView): [ItemView, ItemView] | null {
		const from = this.views.get(view.from);
		const to = this.views.get(view.to);
		if (!from || !to || from.type === 'arrow' || to.type === 'arrow') return null;
		return [from, to];
	}

	#indexArrow(view: ArrowView): void {
		for (const end of [view.from, view.to]) {
			const set = this.#arrowsByEnd.get(end) ?? new Set<ItemId>();
			set.add(view.id);
			this.#arrowsByEnd.set(end, set);
		}
	}

	#unindexArrow(view: ArrowView): void {
		for (const end of [view.from, view.to]) this.#arrowsByEnd.get(end)?.delete(view.id);
	}

	/** The item under a point in container pixels, and whether the point is on its vote badge. */
	hit(point: { x: number; y: number }): { id: ItemId; vote: boolean } | 'handle' | null {
		if (this.#hitStale) {
			this.content.drawHit();
			this.#hitStale = false;
		}
		const shape = this.stage.getIntersection(point);
		if (!shape) return null;
		if (shape.findAncestor('Transformer')) return 'handle';
		const item = shape.hasName('item') ? shape : shape.findAncestor('.item');
		if (!item) return null;
		return { id: item.id() as ItemId, vote: shape.hasName('vote') };
	}

	/**
	 * Draws the content layer in the next animation frame, however many changes ask for it. Only
	 * the picture is drawn: Konva's `draw` would paint the hit graph too, which doubles the work
	 * per frame while a remote drag or a pan changes the picture sixty times a second, yet only a
	 * press or a double-click reads it.
	 */
	requestDraw(): void {
		if (this.#drawQueued || this.#destroyed) return;
		this.#drawQueued = true;
		requestAnimationFrame(() => {
			this.#drawQueued = false;
			if (this.#destroyed) return;
			this.content.drawScene();
			this.#hitStale = true;
		});
	}

	/** Every layer in the next frame, after the view moved. */
	requestDrawAll(): void {
		this.requestDraw();
		this.motionLayer.batchDraw();
		this.dragLayer.batchDraw();
		this.cursorLayer.batchDraw();
	}

	#redraw(layer: Konva.Layer | null | undefined): void {
		if (layer === this.content) this.requestDraw();
		else layer?.batchDraw();
	}

	destroy(): void {
		this.#destroyed = true;
		if (this.#settleTimer !== null) clearTimeout(this.#settleTimer);
		this.stage.destroy();
		this.nodes.clear();
		this.views.clear();
	}
}

/** A note or card that only changed place (its size, text and look stay). */
function isMove(previous: ItemView, next: ItemView): boolean {
	return (
		(next.type === 'note' || next.type === 'card') &&
		(previous.x !== next.x || previous.y !== next.y) &&
		previous.width === next.width &&
		previous.height === next.height
	);
}
