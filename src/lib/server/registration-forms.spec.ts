import { describe, expect, it } from 'vitest';
import { normalisePersonalCode, questionText } from '#shared/model/registration.ts';
import { parseQuestionForm, parseRegistrationForm } from './registration-forms.ts';

const formOf = (fields: Record<string, string>) => {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.set(name, value);
	return form;
};

const QUESTIONS = [
	{ id: 'q1', text: { fi: 'Mikä toimii?', sv: '', en: '' } },
	{ id: 'q2', text: { fi: '', sv: 'Vad behöver utvecklas?', en: '' } }
];

const valid = {
	displayName: ' Åsa Öhman ',
	organisation: 'Vasa stad',
	actorType: 'social_services',
	language: 'sv',
	'answer-q1': '  Yhteistyö  ',
	'answer-q2': ''
};

describe('parseRegistrationForm', () => {
	it('trims, keeps only answered questions of this workshop and reads the name permission', () => {
		const parsed = parseRegistrationForm(
			formOf({ ...valid, 'answer-other': 'not asked', nameWithAnswers: 'yes' }),
			QUESTIONS
		);
		expect(parsed).toEqual({
			ok: true,
			value: {
				displayName: 'Åsa Öhman',
				organisation: 'Vasa stad',
				actorType: 'social_services',
				language: 'sv',
				nameWithAnswers: true,
				answers: { q1: 'Yhteistyö' }
			}
		});
	});

	it('does not show the name with the answers unless the box was ticked', () => {
		const parsed = parseRegistrationForm(formOf(valid), QUESTIONS);
		expect(parsed.ok && parsed.value.nameWithAnswers).toBe(false);
		const forged = parseRegistrationForm(formOf({ ...valid, nameWithAnswers: 'true' }), QUESTIONS);
		expect(forged.ok && forged.value.nameWithAnswers).toBe(false);
	});

	it('requires a name, organisation, actor type and language, and caps every field', () => {
		const parsed = parseRegistrationForm(
			formOf({
				displayName: '',
				organisation: 'x'.repeat(121),
				actorType: 'mayor',
				language: 'de',
				'answer-q1': 'y'.repeat(2001)
			}),
			QUESTIONS
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors).toEqual({
			displayName: { key: 'name_missing' },
			organisation: { key: 'too_long', limit: 120 },
			actorType: { key: 'choice_missing' },
			language: { key: 'choice_missing' },
			'answer-q1': { key: 'too_long', limit: 2000 },
			'answer-q2': undefined
		});
		expect(parsed.values['answer-q1']).toHaveLength(2001);
	});

	it('cuts a huge answer before echoing it back into the form', () => {
		const parsed = parseRegistrationForm(
			formOf({ ...valid, 'answer-q1': 'z'.repeat(1_000_000) }),
			QUESTIONS
		);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.values['answer-q1']!.length).toBeLessThanOrEqual(2001);
	});

	it('reads a file upload or a missing field as empty, never crashes', () => {
		const form = formOf(valid);
		form.set('displayName', new File(['x'], 'x.txt'));
		const parsed = parseRegistrationForm(form, QUESTIONS);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors.displayName).toEqual({ key: 'name_missing' });
	});
});

describe('parseQuestionForm', () => {
	it('takes a question in one language only', () => {
		expect(parseQuestionForm(formOf({ questionSv: ' Vad fungerar? ' }))).toEqual({
			ok: true,
			value: { fi: '', sv: 'Vad fungerar?', en: '' }
		});
	});

	it('refuses an empty question and caps each language', () => {
		const empty = parseQuestionForm(formOf({ questionFi: ' ', questionSv: '', questionEn: '' }));
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(empty.errors.questionFi).toEqual({ key: 'question_missing' });
		const long = parseQuestionForm(formOf({ questionFi: 'ok', questionEn: 'x'.repeat(301) }));
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.errors.questionEn).toEqual({ key: 'too_long', limit: 300 });
	});
});

describe('personal codes and question texts', () => {
	it('tells a personal code from a join code by its length and alphabet', () => {
		expect(normalisePersonalCode(' abcde-23456 ')).toBe('ABCDE23456');
		expect(normalisePersonalCode('ABCD-2345')).toBeNull();
		expect(normalisePersonalCode('ABCDE-2345O')).toBeNull();
	});

	it('shows a question in the reader language, else in whichever language was written', () => {
		expect(questionText(QUESTIONS[0], 'sv')).toBe('Mikä toimii?');
		expect(questionText(QUESTIONS[1], 'fi')).toBe('Vad behöver utvecklas?');
		expect(questionText(QUESTIONS[1], 'sv')).toBe('Vad behöver utvecklas?');
	});
});
