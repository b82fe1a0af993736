import type { ActorType } from './actor.ts';

/** One actor type's share of the room: never per person. */
export interface VoiceRow {
	actorType: ActorType;
	/** People of this actor type at the workshop. */
	participants: number;
	/** Notes and cards they wrote, on every board. */
	contributions: number;
	/** Dots they placed. */
	votes: number;
}

export interface VoiceBalance {
	/** Every actor type, in the usual order, including those with nobody present. */
	rows: VoiceRow[];
	/** Dots by people whose data was erased. */
	unknownVotes: number;
}

/** How a sector's share of contributions compares with its share of the people present. */
export type VoiceLevel = 'absent' | 'quiet' | 'even' | 'loud';

/**
 * A sector is quiet when it writes less than half its share of the room, and loud when it writes
 * more than twice its share; with fewer than `MIN_CONTRIBUTIONS` notes in all it is too early to say.
 */
export const MIN_CONTRIBUTIONS = 6;

export function voiceLevel(row: VoiceRow, balance: VoiceBalance): VoiceLevel {
	if (row.participants === 0) return 'absent';
	const people = balance.rows.reduce((sum, r) => sum + r.participants, 0);
	const written = balance.rows.reduce((sum, r) => sum + r.contributions, 0);
	if (written < MIN_CONTRIBUTIONS) return 'even';
	const expected = row.participants / people;
	const actual = row.contributions / written;
	if (actual < expected / 2) return 'quiet';
	if (actual > expected * 2) return 'loud';
	return 'even';
}
