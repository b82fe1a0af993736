import { RajapintaError } from '#shared/protocol/errors.ts';

/** A refused form: the first problem per field, as message codes (e.g. { what: 'what_required' }). */
export class FieldError extends RajapintaError {
	readonly fields: Record<string, string>;
	constructor(fields: Record<string, string>) {
		super('invalid_payload', `invalid: ${Object.keys(fields).join(', ')}`);
		this.fields = fields;
	}
}

/**
 * A refusal because of the record's state rather than its fields (409 conflict), with a form code
 * for the page (e.g. { form: 'agreed_locked' }).
 */
export class StateError extends RajapintaError {
	readonly fields: Record<string, string>;
	constructor(form: string, message: string) {
		super('conflict', message);
		this.fields = { form };
	}
}
