/**
 * The built-in metaphor card deck. A card item's `cardId` names one of these (or a card a
 * workshop brings along); its picture is `static/cards/<cardId>.svg` when that file exists, else
 * the card shows its name.
 */
export const METAPHOR_CARD_IDS = [
	'bridge',
	'maze',
	'relay',
	'puzzle',
	'island',
	'lighthouse',
	'roots',
	'crossroads',
	'knot',
	'orchestra',
	'compass',
	'ladder',
	'sprout',
	'yarn',
	'open-door',
	'closed-door',
	'key',
	'map',
	'storm-boat',
	'harbour',
	'mountain-path',
	'campfire',
	'toolbox',
	'garden',
	'window',
	'mirror',
	'umbrella',
	'anchor',
	'kite',
	'hourglass',
	'soup-pot',
	'tandem',
	'dominoes',
	'watering-can',
	'signpost',
	'nest',
	'tug-of-war',
	'telescope',
	'switchboard',
	'circle-of-chairs',
	'stepping-stones'
] as const;
export type MetaphorCardId = (typeof METAPHOR_CARD_IDS)[number];
