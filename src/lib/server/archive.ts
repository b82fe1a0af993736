import { error, fail, type ActionFailure } from '@sveltejs/kit';
import type { ArchiveFilter } from '#server/archive/networks.ts';
import { rajapintaErrorCode as errorCode } from '#shared/protocol/errors.ts';

export { errorCode };

/** What a refused archive or commitment form returns: per-field codes, and which form it was. */
export interface FormErrors {
	formId: string;
	errors: Record<string, string>;
}

/**
 * Runs a form action of the commitments or the archive. A refused field comes back as a 400 with
 * its code (the page shows it next to the field); anything the actor may not see is a 404, so a
 * form cannot probe which workshops, networks or commitments exist.
 */
export async function formAction<T>(
	formId: string,
	run: () => Promise<T>
): Promise<T | ActionFailure<FormErrors>> {
	try {
		return await run();
	} catch (caught) {
		const code = errorCode(caught);
		if (code === 'invalid_payload' && fieldsOf(caught)) {
			return fail(400, { formId, errors: fieldsOf(caught)! });
		}
		if (code !== null) {
			switch (code) {
				case 'locked':
					return fail(409, { formId, errors: { form: 'phase_closed' } });
				case 'too_large':
					return fail(400, { formId, errors: { form: 'too_many' } });
				case 'conflict':
					// A state refusal names its own form code (e.g. agreed_locked); others read "invalid".
					return fail(409, { formId, errors: fieldsOf(caught) ?? { form: 'invalid' } });
				default:
					error(404, { message: 'not_found', code: 'not_found' });
			}
		}
		throw caught;
	}
}

function fieldsOf(caught: unknown): Record<string, string> | null {
	const fields = (caught as { fields?: unknown }).fields;
	return typeof fields === 'object' && fields !== null ? (fields as Record<string, string>) : null;
}

/** A text field of a submitted form, '' when missing. */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** ?locality=…&year=… of the archive and its exports; anything malformed means "all". */
export function archiveFilter(url: URL): ArchiveFilter {
	const locality = url.searchParams.get('locality')?.trim() ?? '';
	const year = url.searchParams.get('year') ?? '';
	return {
		locality: locality === '' || locality.length > 200 ? null : locality,
		year: /^[12][0-9]{3}$/.test(year) ? Number(year) : null
	};
}
