import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyBoardTemplate, createNote, placeVote } from '#shared/model/board.ts';
import { voiceLevel, type VoiceBalance } from '#shared/model/voice-balance.ts';
import { countVoices } from './voice-balance.ts';

const SOCIAL = { actorType: 'social_services', authorKey: 'key-sofia' } as const;
const TEACHER = { actorType: 'education', authorKey: 'key-tuomas' } as const;
const CLIENT = { actorType: 'client', authorKey: 'key-kaisa' } as const;

function board(write: (doc: Y.Doc) => void): Uint8Array[] {
	const doc = new Y.Doc();
	write(doc);
	return [Y.encodeStateAsUpdate(doc)];
}

const row = (balance: VoiceBalance, actorType: string) =>
	balance.rows.find((r) => r.actorType === actorType)!;

describe('voice balance: contributions and votes per actor type, never per person', () => {
	it('counts notes by their actor type and dots by the voter’s, across boards; template areas are nobody’s', () => {
		const table1 = board((doc) => {
			applyBoardTemplate(doc, 'meaningful-and-needs');
			const a = createNote(doc, { ...SOCIAL, text: 'Yhteinen asiakas' });
			createNote(doc, { ...SOCIAL, text: 'Tieto kulkee' });
			placeVote(doc, { itemId: a, voterKey: TEACHER.authorKey, limit: 3 });
			placeVote(doc, { itemId: a, voterKey: TEACHER.authorKey, limit: 3 });
			placeVote(doc, { itemId: a, voterKey: 'key-erased', limit: 3 });
		});
		const table2 = board((doc) => {
			createNote(doc, { ...TEACHER, text: 'Kielikurssit' });
		});
		const balance = countVoices([table1, table2], [SOCIAL, TEACHER, CLIENT]);
		expect(row(balance, 'social_services')).toEqual({
			actorType: 'social_services',
			participants: 1,
			contributions: 2,
			votes: 0
		});
		expect(row(balance, 'education')).toMatchObject({ contributions: 1, votes: 2 });
		expect(row(balance, 'client')).toMatchObject({ participants: 1, contributions: 0 });
		expect(row(balance, 'ngo')).toMatchObject({ participants: 0, contributions: 0 });
		expect(balance.unknownVotes).toBe(1);
		expect(JSON.stringify(balance)).not.toContain('key-');
	});

	it('calls a sector quiet only once enough has been written to tell', () => {
		const notes = (count: number, who: typeof SOCIAL | typeof TEACHER) =>
			board((doc) => {
				for (let i = 0; i < count; i++) createNote(doc, { ...who, text: `${i}` });
			});
		const early = countVoices([notes(3, SOCIAL)], [SOCIAL, TEACHER, CLIENT]);
		expect(voiceLevel(row(early, 'client'), early)).toBe('even');
		const later = countVoices([notes(5, SOCIAL), notes(4, TEACHER)], [SOCIAL, TEACHER, CLIENT]);
		expect(voiceLevel(row(later, 'client'), later)).toBe('quiet');
		expect(voiceLevel(row(later, 'social_services'), later)).toBe('even');
		expect(voiceLevel(row(later, 'ngo'), later)).toBe('absent');
		const loud = countVoices(
			[notes(12, SOCIAL), notes(1, TEACHER)],
			[SOCIAL, TEACHER, CLIENT, { actorType: 'client', authorKey: 'k2' }]
		);
		expect(voiceLevel(row(loud, 'social_services'), loud)).toBe('loud');
	});
});
