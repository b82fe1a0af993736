import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTemplate } from '#shared/model/workshop-template.ts';
import { TEMPLATES_DIR, TemplateFileError, loadTemplates, readTemplateFile } from './templates.ts';

const files = readdirSync(TEMPLATES_DIR).map((slug) =>
	path.join(TEMPLATES_DIR, slug, 'template.json')
);
const fullDay = () =>
	JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'full-day', 'template.json'), 'utf8')) as {
		phases: Record<string, unknown>[];
		[key: string]: unknown;
	};

describe('templates/', () => {
	it.each(files.map((file) => [path.relative(TEMPLATES_DIR, file), file]))(
		'%s validates, with every title and instruction written in fi, sv and en',
		(_name, file) => {
			const template = readTemplateFile(file);
			for (const phase of template.phases) {
				for (const locale of ['fi', 'sv', 'en'] as const) {
					expect(phase.title[locale].length, `${phase.id} title ${locale}`).toBeGreaterThan(0);
					expect(phase.instructions[locale].length, `${phase.id} ${locale}`).toBeGreaterThan(20);
				}
			}
		}
	);

	it('has the full day, both half days and a follow-up session, in that order', () => {
		expect(loadTemplates().map((template) => template.id)).toEqual([
			'full-day',
			'half-day-morning',
			'half-day-afternoon',
			'follow-up'
		]);
	});

	it('plans lunch as a break phase in the full day', () => {
		const lunch = loadTemplates()[0].phases.find((phase) => phase.id === 'lunch');
		expect(lunch).toMatchObject({ kind: 'break' });
	});
});

describe('broken templates are rejected with the field path', () => {
	const broken = (change: (template: ReturnType<typeof fullDay>) => void) => {
		const template = fullDay();
		change(template);
		const result = validateTemplate(template);
		return result.ok ? [] : result.errors;
	};

	it('a duration out of range', () => {
		expect(broken((t) => (t.phases[2].durationMinutes = 0))).toEqual([
			'phases[2].durationMinutes: expected a number from 1 to 480'
		]);
		expect(broken((t) => (t.phases[2].durationMinutes = '30'))).toEqual([
			'phases[2].durationMinutes: expected a number from 1 to 480'
		]);
	});

	it('an unknown kind, board template or right', () => {
		expect(broken((t) => (t.phases[0].kind = 'lunch'))[0]).toMatch(
			/^phases\[0\]\.kind: expected one of opening/
		);
		expect(broken((t) => (t.phases[1].boardTemplate = 'kanban'))[0]).toMatch(
			/^phases\[1\]\.boardTemplate: expected one of blank/
		);
		expect(
			broken(
				(t) => ((t.phases[3].settings as Record<string, unknown>).participantRights = 'all')
			)[0]
		).toMatch(/^phases\[3\]\.settings\.participantRights: expected one of add_only/);
	});

	it('a missing translation, an unknown field and a repeated phase id', () => {
		expect(broken((t) => delete (t.phases[4].title as Record<string, unknown>).sv)).toEqual([
			'phases[4].title.sv: missing'
		]);
		expect(broken((t) => (t.phases[0].colour = 'red'))[0]).toMatch(/^phases\[0\]\.colour: /);
		expect(broken((t) => (t.phases[5].id = t.phases[1].id))).toEqual([
			'phases[5].id: duplicate phase id "warm-up"'
		]);
	});

	it('votes with 1 to 10 dots, a start time HH:MM and at least one phase', () => {
		expect(
			broken(
				(t) =>
					((t.phases[4].settings as { voting: { dotsPerPerson: number } }).voting.dotsPerPerson =
						11)
			)
		).toEqual(['phases[4].settings.voting.dotsPerPerson: expected a number from 1 to 10']);
		expect(broken((t) => (t.startTime = '9.00'))).toEqual(['startTime: expected a time HH:MM']);
		expect(broken((t) => (t.phases = []))).toEqual(['phases: expected at least one phase']);
	});

	it('a broken file stops loading with the file and field named', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rajapinta-templates-'));
		mkdirSync(path.join(dir, 'full-day'));
		const template = fullDay();
		template.phases[2].durationMinutes = 999;
		writeFileSync(path.join(dir, 'full-day', 'template.json'), JSON.stringify(template));
		expect(() => loadTemplates(dir)).toThrow(TemplateFileError);
		expect(() => loadTemplates(dir)).toThrow(
			/full-day\/template\.json: phases\[2\]\.durationMinutes: expected a number from 1 to 480/
		);
	});
});
