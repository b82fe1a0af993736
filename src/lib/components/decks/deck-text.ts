import {
	DECK_NAME_MAX_CHARS,
	MAX_CARD_FILE_BYTES,
	MAX_DECK_BYTES,
	MAX_DECK_CARDS,
	MAX_DECKS_PER_OWNER,
	type CardFileProblem,
	type DeckProblem
} from '#shared/model/card-deck.ts';
import { m } from '$lib/paraglide/messages.js';

const MEGABYTE = 1024 * 1024;
export const LIMITS = {
	max: MAX_DECK_CARDS,
	size: MAX_CARD_FILE_BYTES / MEGABYTE,
	total: MAX_DECK_BYTES / MEGABYTE
};

/** One refused file or upload, as the server's form actions return it. */
export interface ProblemView {
	file: string | null;
	problem: CardFileProblem | DeckProblem;
}

/** The sentence for one problem, naming the file it is about. */
export function deckProblemText({ file, problem }: ProblemView): string {
	const name = file ?? '';
	switch (problem) {
		case 'type':
			return m.deck_problem_type({ file: name });
		case 'too_large':
			return m.deck_problem_too_large({ file: name, size: LIMITS.size });
		case 'svg_unsafe':
			return m.deck_problem_svg_unsafe({ file: name });
		case 'svg_broken':
			return m.deck_problem_svg_broken({ file: name });
		case 'no_files':
			return m.deck_problem_no_files();
		case 'too_many':
			return m.deck_problem_too_many({ max: LIMITS.max });
		case 'deck_too_large':
			return m.deck_problem_deck_too_large({ total: LIMITS.total });
		case 'too_many_decks':
			return m.deck_problem_too_many_decks({ max: MAX_DECKS_PER_OWNER });
		case 'name':
			return m.deck_problem_name({ max: DECK_NAME_MAX_CHARS });
		case 'not_found':
			return m.deck_problem_not_found();
	}
}

/**
 * What the browser can tell before sending: a picture over the size cap, or more bytes than the
 * server reads in one upload (it would refuse the whole body without naming anything). The server
 * checks everything again.
 */
export function filesTooLarge(form: FormData, field: string): ProblemView[] {
	const files = form.getAll(field).filter((value): value is File => typeof value !== 'string');
	const problems: ProblemView[] = files
		.filter((file) => file.size > MAX_CARD_FILE_BYTES)
		.map((file) => ({ file: file.name, problem: 'too_large' }));
	const total = files.reduce((sum, file) => sum + file.size, 0);
	if (problems.length === 0 && total > MAX_DECK_BYTES) {
		problems.push({ file: null, problem: 'deck_too_large' });
	}
	return problems;
}
