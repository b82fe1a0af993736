import { RajapintaError } from '#shared/protocol/errors.ts';

/** What a driver error means to callers; everything else is unexpected. */
export type ConstraintKind = 'unique' | 'foreignKey' | null;

/**
 * Runs one storage operation. A unique violation becomes RajapintaError('conflict') and a missing
 * referenced row RajapintaError('not_found'), as storage.ts promises; anything else is logged with
 * the subsystem prefix and rethrown unchanged.
 */
export async function guard<T>(
	operation: string,
	classify: (error: unknown) => ConstraintKind,
	run: () => Promise<T> | T
): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw translate(operation, classify, error);
	}
}

function translate(
	operation: string,
	classify: (error: unknown) => ConstraintKind,
	error: unknown
): unknown {
	if (error instanceof RajapintaError) return error;
	const kind = classify(error);
	if (kind === null) {
		console.error(`[storage] ${operation} failed:`, error);
		return error;
	}
	const detail = `${operation}: ${error instanceof Error ? error.message : String(error)}`;
	return new RajapintaError(kind === 'unique' ? 'conflict' : 'not_found', detail);
}
