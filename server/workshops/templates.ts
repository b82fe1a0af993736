import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateTemplate, type WorkshopTemplate } from '#shared/model/workshop-template.ts';

/**
 * templates/ at the top of the repository, next to server/. From import.meta.url, which Vite
 * also rewrites when it bundles vite.config.ts with the dev plugin.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** A template file that failed validation; the message names the file and every bad field. */
export class TemplateFileError extends Error {
	override readonly name = 'TemplateFileError';
	readonly code = 'invalid_template';
	readonly file: string;
	readonly errors: string[];
	constructor(file: string, errors: string[]) {
		super(`[templates] ${file}: ${errors.join('; ')}`);
		this.file = file;
		this.errors = errors;
	}
}

/** Reads and checks one template file. */
export function readTemplateFile(file: string): WorkshopTemplate {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new TemplateFileError(file, [`(root): not valid JSON (${(error as Error).message})`]);
	}
	const result = validateTemplate(json);
	if (!result.ok) throw new TemplateFileError(file, result.errors);
	const folder = path.basename(path.dirname(file));
	if (result.value.id !== folder) {
		throw new TemplateFileError(file, [`id: expected "${folder}", the name of its folder`]);
	}
	return result.value;
}

/**
 * Loads every `templates/<slug>/template.json` once at startup. A broken file stops the server with
 * a message naming it, rather than leaving facilitators a template that fails mid-workshop.
 */
export function loadTemplates(dir: string = TEMPLATES_DIR): WorkshopTemplate[] {
	return readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => readTemplateFile(path.join(dir, entry.name, 'template.json')))
		.sort((a, b) => TEMPLATE_ORDER(a) - TEMPLATE_ORDER(b) || a.id.localeCompare(b.id));
}

/** Full day first, then the half days, then anything else such as follow-ups. */
const DURATION_ORDER: Record<string, number> = { full_day: 0, morning: 1, afternoon: 2 };
const TEMPLATE_ORDER = (template: WorkshopTemplate) =>
	DURATION_ORDER[template.duration ?? 'other'] ?? 3;
