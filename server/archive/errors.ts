import { RajapintaError } from '#shared/protocol/errors.ts';

/** A refused form: the first problem per field, as message codes (e.g. { what: 'what_required' }). */
export class FieldError extends RajapintaError {
	readonly fields: Record<string, string>;
	constructor(fields: Record<string, string>) {
		super('invalid_payload', `invalid: ${Object.keys(fields).join(', ')}`);
		this.fields = fields;
	}
}
