import * as v from 'valibot';

/**
 * A network (verkosto, nätverk): the regional group that reviews past workshops and follows up
 * their commitments. Members are facilitator accounts; a workshop joins the archive when one of
 * its facilitators shares it with the network.
 */

export const NETWORK_NAME_MAX_CHARS = 120;
export const LOCALITY_MAX_CHARS = 200;
/** More localities than a region has municipalities is a mistake, not a network. */
export const MAX_NETWORK_LOCALITIES = 100;
export const MAX_NETWORK_MEMBERS = 200;

export const NetworkNameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, 'name_required'),
	v.maxLength(NETWORK_NAME_MAX_CHARS, 'name_too_long')
);

export const LocalityNameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(1, 'locality_required'),
	v.maxLength(LOCALITY_MAX_CHARS, 'locality_too_long')
);

export const MemberEmailSchema = v.pipe(
	v.string(),
	v.trim(),
	v.toLowerCase(),
	v.maxLength(320, 'email_invalid'),
	v.email('email_invalid')
);

/** Network ids are nanoid-style; anything else cannot exist. */
export const NETWORK_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;
