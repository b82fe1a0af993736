import type { CommitmentView } from '#shared/model/commitment-record.ts';
import type { CommitmentRecord } from '#server/storage/storage.ts';

export function commitmentView(record: CommitmentRecord): CommitmentView {
	const { id, table, what, ownerActorType, namedPerson, due, firstStep, agreed } = record;
	return { id, table, what, ownerActorType, namedPerson, due, firstStep, agreed };
}
