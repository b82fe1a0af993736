/**
 * The board model, one entry point for the canvas, the outline and the server. The schema is
 * described in BOARD.md; the modules under board/ hold the parts.
 */
export * from './board/schema.ts';
export * from './board/read.ts';
export * from './board/reader.ts';
export * from './board/ops.ts';
export * from './board/votes.ts';
export * from './board/undo.ts';
export * from './board/observe.ts';
export * from './board/templates.ts';
export * from './board/cards.ts';
export * from './board/card-pick.ts';
export * from './board/reveal.ts';
export * from './board/knot-board.ts';
export * from './board/problem.ts';
