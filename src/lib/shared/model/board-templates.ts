/**
 * Board templates: the areas a board starts with, as data, so workshop phases can name them.
 * Workshop templates (templates/*.json) refer to these ids; the layouts live next to them.
 */
export const BOARD_TEMPLATE_IDS = [
	'blank',
	'metaphor-picks',
	'meaningful-and-needs',
	'problem-candidates',
	'neliapila',
	'commitments',
	'plenary'
] as const;
export type BoardTemplateId = (typeof BOARD_TEMPLATE_IDS)[number];
