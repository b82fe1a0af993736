import * as v from 'valibot';

/**
 * Read-only share links (issue 6): a network member hands one workshop of the network's archive
 * to somebody outside it (a municipality's board, a funder) for a limited time.
 */

/** The choices the form offers, in days. */
export const SHARE_LINK_DAY_CHOICES = [7, 30, 90] as const;
export const SHARE_LINK_DEFAULT_DAYS = 30;
/** A link lives a quarter at most: long enough for a reporting round, short enough to forget. */
export const SHARE_LINK_MAX_DAYS = 90;

/** The form's "valid for" field: whole days, 1…SHARE_LINK_MAX_DAYS. */
export const ShareLinkDaysSchema = v.pipe(
	v.string(),
	v.trim(),
	v.regex(/^[0-9]{1,3}$/, 'days_invalid'),
	v.transform(Number),
	v.minValue(1, 'days_invalid'),
	v.maxValue(SHARE_LINK_MAX_DAYS, 'days_invalid')
);
