import type { ActorType } from './actor.ts';
import type { CommitmentStatus } from './commitment.ts';

/**
 * An open commitment (not done, not dropped) of an earlier workshop, as a follow-up session's
 * opening phase shows it to the room (issue 4 "Open commitments return"). No named person: the
 * name was agreed for the network's follow-up, not for a new room of participants.
 */
export interface OpenCommitment {
	id: string;
	what: string;
	ownerActorType: ActorType;
	/** YYYY-MM-DD; null when the table set no date. */
	due: string | null;
	/** '' when none was written. */
	firstStep: string;
	status: CommitmentStatus;
	/** Day of the earlier workshop that agreed it, YYYY-MM-DD. */
	workshopDate: string;
	/** Past its due day today. */
	overdue: boolean;
}
