import * as Y from 'yjs';
import { ACTOR_TYPE_LIST, type ActorType } from '#shared/model/actor.ts';
import { readBoard } from '#shared/model/board.ts';
import type { ParticipantId, WorkshopId } from '#shared/model/ids.ts';
import type { VoiceBalance } from '#shared/model/voice-balance.ts';
import { roomName } from '#shared/protocol/sync.ts';
import type { Storage } from '../storage/storage.ts';

/** A person at the workshop as the count sees them: an actor type and the key they sign with. */
export interface VoiceOf {
	actorType: ActorType;
	authorKey: string;
}

/**
 * Contributions and votes per actor type across a workshop's boards (issue 4's voice-balance
 * view), so a facilitator can notice a silent sector. Counts only: nothing here names a person.
 * A contribution is a note or card somebody wrote (template areas carry no author key); a vote is
 * one dot, counted for the voter's actor type. Dots by keys nobody present signs with (erased
 * participants) count as `unknownVotes`.
 */
export function countVoices(
	boards: readonly (readonly Uint8Array[])[],
	people: readonly VoiceOf[]
): VoiceBalance {
	const actorOfKey = new Map(people.map((person) => [person.authorKey, person.actorType]));
	const rows = new Map(
		ACTOR_TYPE_LIST.map((actorType) => [actorType, { participants: 0, contributions: 0, votes: 0 }])
	);
	for (const person of people) rows.get(person.actorType)!.participants++;
	let unknownVotes = 0;
	for (const updates of boards) {
		const doc = new Y.Doc();
		try {
			for (const update of updates) Y.applyUpdate(doc, update);
			for (const item of readBoard(doc).items) {
				if ((item.type === 'note' || item.type === 'card') && item.authorKey !== '') {
					rows.get(item.actorType)!.contributions++;
				}
				for (const [voter, dots] of Object.entries(item.voters)) {
					const row = rows.get(actorOfKey.get(voter)!);
					if (row) row.votes += dots;
					else unknownVotes += dots;
				}
			}
		} finally {
			doc.destroy();
		}
	}
	return {
		rows: ACTOR_TYPE_LIST.map((actorType) => ({ actorType, ...rows.get(actorType)! })),
		unknownVotes
	};
}

/** The voice balance of a workshop from what is stored (the sync server stores before it relays). */
export async function workshopVoices(
	storage: Pick<Storage, 'participants' | 'documents'>,
	authorKey: (participantId: ParticipantId) => string,
	workshop: { id: WorkshopId; tableCount: number }
): Promise<VoiceBalance> {
	const rooms = [
		roomName({ kind: 'plenary', workshopId: workshop.id }),
		...Array.from({ length: workshop.tableCount }, (_, i) =>
			roomName({ kind: 'table', workshopId: workshop.id, table: i + 1 })
		)
	];
	const [participants, boards] = await Promise.all([
		storage.participants.listByWorkshop(workshop.id),
		Promise.all(rooms.map((room) => storage.documents.load(room)))
	]);
	const people = participants.map((p) => ({ actorType: p.actorType, authorKey: authorKey(p.id) }));
	return countVoices(boards, people);
}
