import { describe, expect, it } from 'vitest';
import type { WorkshopId } from '#shared/model/ids.ts';
import type { RegistrationId, PreTaskQuestion } from '#shared/model/registration.ts';
import type { RegistrationRecord } from '../storage/storage.ts';
import { collectAnswers } from './registration-service.ts';

const QUESTION: PreTaskQuestion = { id: 'q1', text: { fi: 'Mikä toimii?', sv: '', en: '' } };

const person = (
	n: number,
	answer: string | null,
	nameWithAnswers: boolean
): RegistrationRecord => ({
	id: `r${n}` as RegistrationId,
	workshopId: 'w' as WorkshopId,
	tokenHash: `token-hash${n}`,
	personalCodeHash: `hash${n}`,
	displayName: `Henkilö ${n}`,
	organisation: 'Kunta',
	actorType: 'ngo',
	language: 'fi',
	nameWithAnswers,
	answers: answer === null ? {} : { q1: answer },
	createdAt: n,
	participantId: null,
	noShowAt: null
});

describe('collectAnswers', () => {
	it('names only those who allowed it, and orders unnamed answers apart from registration order', () => {
		const groups = collectAnswers(
			[QUESTION],
			[
				person(1, 'Öisin ei', false),
				person(2, 'Bussit', true),
				person(3, null, true),
				person(4, 'Asiakas', false)
			]
		);
		expect(groups).toEqual([
			{
				question: QUESTION,
				answers: [
					{ text: 'Bussit', name: 'Henkilö 2' },
					{ text: 'Asiakas', name: null },
					{ text: 'Öisin ei', name: null }
				]
			}
		]);
	});
});
