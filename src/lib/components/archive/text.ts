import type { CommitmentStatus } from '#shared/model/commitment.ts';
import { getLocale } from '$lib/paraglide/runtime.js';
import { m } from '$lib/paraglide/messages.js';

const ERRORS: Record<string, () => string> = {
	what_required: m.cm_error_what_required,
	owner_required: m.cm_error_owner_required,
	due_invalid: m.cm_error_due_invalid,
	consent_required: m.cm_error_consent_required,
	phase_closed: m.cm_error_phase_closed,
	too_many: m.cm_error_too_many,
	name_required: m.nw_error_name_required,
	name_too_long: m.nw_error_name_too_long,
	email_invalid: m.nw_error_email_invalid,
	no_account: m.nw_error_no_account,
	already_member: m.nw_error_already_member,
	locality_required: m.nw_error_locality_required,
	locality_too_long: m.nw_error_locality_too_long,
	status_required: m.nw_error_status_required,
	days_invalid: m.sl_error_days_invalid
};

/** A form error code of the commitments or the archive, in the UI language. */
export const archiveErrorText = (code: string): string => (ERRORS[code] ?? m.cm_error_invalid)();

/** A form error of the network pages: there, a full list is the network's, not a table's. */
export const networkErrorText = (code: string): string =>
	code === 'too_many' ? m.nw_error_too_many() : archiveErrorText(code);

const STATUSES: Record<CommitmentStatus, () => string> = {
	not_started: m.export_status_not_started,
	in_progress: m.export_status_in_progress,
	done: m.export_status_done,
	dropped: m.export_status_dropped
};

export const statusLabel = (status: CommitmentStatus): string => STATUSES[status]();

const LOCALE_TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/** A YYYY-MM-DD day as the UI language writes it (2.12.2026, 2.12.2026, 2 Dec 2026). */
export function dayLabel(day: string): string {
	const [year, month, date] = day.split('-').map(Number);
	return new Intl.DateTimeFormat(LOCALE_TAGS[getLocale()], {
		day: 'numeric',
		month: getLocale() === 'en' ? 'short' : 'numeric',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(year, month - 1, date)));
}
