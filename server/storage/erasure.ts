import type { ActorType } from '#shared/model/actor.ts';
import type { ParticipantRecord } from './storage.ts';

/**
 * Whether a commitment's named person is the given person's name: compared in JavaScript, not SQL,
 * because SQLite's lower() folds ASCII only (Ä, Ö and Å would not match their lower case).
 */
export function sameName(named: string, name: string): boolean {
	const fold = (text: string) =>
		text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fi');
	const folded = fold(name);
	return folded !== '' && fold(named) === folded;
}

/** Participants counted per actor type, for the erased tally. */
export function countByActorType(
	participants: readonly ParticipantRecord[]
): Map<ActorType, number> {
	const counts = new Map<ActorType, number>();
	for (const { actorType } of participants) counts.set(actorType, (counts.get(actorType) ?? 0) + 1);
	return counts;
}
