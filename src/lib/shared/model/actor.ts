/**
 * The kinds of organisation a participant represents. Contributions carry only this, never a name
 * (see DOMAIN.md "Privacy and inclusion").
 */
export const ACTOR_TYPES = {
	employmentOffice: 'employment_office',
	socialServices: 'social_services',
	education: 'education',
	ngo: 'ngo',
	client: 'client',
	other: 'other'
} as const;

export type ActorType = (typeof ACTOR_TYPES)[keyof typeof ACTOR_TYPES];

export const ACTOR_TYPE_LIST: readonly ActorType[] = Object.values(ACTOR_TYPES);

export const WORKSHOP_DURATIONS = {
	fullDay: 'full_day',
	morning: 'morning',
	afternoon: 'afternoon'
} as const;

/** Full day, or a half day held in the morning or the afternoon. */
export type WorkshopDuration = (typeof WORKSHOP_DURATIONS)[keyof typeof WORKSHOP_DURATIONS];

export const WORKSHOP_DURATION_LIST: readonly WorkshopDuration[] =
	Object.values(WORKSHOP_DURATIONS);
