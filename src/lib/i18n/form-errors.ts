import type { FieldError } from '$lib/forms/fields.ts';
import { TABLE_COUNT } from '$lib/forms/fields.ts';
import { m } from '$lib/paraglide/messages.js';

export function formErrorText(error: FieldError): string {
	switch (error.key) {
		case 'code_missing':
			return m.error_code_missing();
		case 'code_malformed':
			return m.error_code_malformed();
		case 'code_unknown':
			return m.error_code_unknown();
		case 'name_missing':
			return m.error_name_missing();
		case 'organisation_missing':
			return m.error_organisation_missing();
		case 'choice_missing':
			return m.error_choice_missing();
		case 'too_long':
			return m.error_too_long({ max: error.limit ?? 0 });
		case 'email_invalid':
			return m.error_email_invalid();
		case 'email_taken':
			return m.error_email_taken();
		case 'password_missing':
			return m.error_password_missing();
		case 'password_short':
			return m.error_password_short({ min: error.limit ?? 0 });
		case 'credentials_invalid':
			return m.error_credentials_invalid();
		case 'title_missing':
			return m.error_title_missing();
		case 'locality_missing':
			return m.error_locality_missing();
		case 'date_invalid':
			return m.error_date_invalid();
		case 'tables_out_of_range':
			return m.error_tables_out_of_range({ min: TABLE_COUNT.min, max: TABLE_COUNT.max });
		case 'rate_limited':
			return m.error_rate_limited();
		case 'question_missing':
			return m.error_question_missing();
	}
}
