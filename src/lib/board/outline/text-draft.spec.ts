import { describe, expect, it } from 'vitest';
import { mergeDraft } from './text-draft.ts';

describe('mergeDraft', () => {
	it('shares the draft as it is when nobody else changed the text', () => {
		expect(mergeDraft('Yhteinen', 'Yhteinen asiakas', 'Yhteinen')).toBe('Yhteinen asiakas');
	});

	it('keeps the shared text when the draft changed nothing', () => {
		expect(mergeDraft('Yhteinen', 'Yhteinen', 'Yhteinen kohde')).toBe('Yhteinen kohde');
	});

	it('keeps an edit made by someone else at the other end of the text', () => {
		expect(mergeDraft('asiakas', 'Yhteinen asiakas', 'asiakas ja kohde')).toBe(
			'Yhteinen asiakas ja kohde'
		);
		expect(mergeDraft('asiakas', 'asiakas ja kohde', 'Yhteinen asiakas')).toBe(
			'Yhteinen asiakas ja kohde'
		);
	});

	it('replaces the words this person replaced, after text others added before them', () => {
		expect(mergeDraft('polku katkeaa', 'polku jatkuu', 'Asiakkaan polku katkeaa')).toBe(
			'Asiakkaan polku jatkuu'
		);
	});

	it('keeps emoji and Nordic letters whole', () => {
		expect(mergeDraft('Å 👍', 'Åsa 👍', 'Å 👍 ö')).toBe('Åsa 👍 ö');
	});
});
