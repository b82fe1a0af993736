import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import type { Phase } from '#shared/model/workshop.ts';
import { MAX_UPLOAD_BODY_BYTES } from '#shared/model/card-deck.ts';
import type { CardFile } from '#server/decks/card-files.ts';
import { services } from './services.ts';

/**
 * True when the request says its body is over what the server reads: the form would not parse, so
 * the page answers "too large in all" instead of a bare 400.
 */
export function uploadTooLarge(request: Request): boolean {
	return Number(request.headers.get('content-length') ?? 0) > MAX_UPLOAD_BODY_BYTES;
}

/**
 * The picture files of a form field. An empty file input still sends one part with no name and no
 * bytes; that is "no file", not a bad one.
 */
export async function cardFilesOf(form: FormData, field: string): Promise<CardFile[]> {
	const files = form
		.getAll(field)
		.filter((value): value is File => typeof value !== 'string')
		.filter((file) => file.size > 0 || file.name !== '');
	return Promise.all(
		files.map(async (file) => ({
			name: file.name.slice(0, 200),
			bytes: new Uint8Array(await file.arrayBuffer())
		}))
	);
}

/** A deck the plan editor offers for a warm-up. */
export interface DeckChoice {
	id: string;
	name: string;
}

/**
 * The decks a facilitator may choose in a plan: their own, and any the stored plan already names
 * (a co-facilitator keeps the owner's choice when saving).
 */
export async function deckChoices(userId: UserId, phases: readonly Phase[]): Promise<DeckChoice[]> {
	const { decks, storage } = services();
	const choices: DeckChoice[] = (await decks.list(userId)).map(({ id, name }) => ({ id, name }));
	for (const phase of phases) {
		const deckId = phase.settings.cards?.deckId;
		if (!deckId || choices.some((choice) => choice.id === deckId)) continue;
		const deck = await storage.decks.findById(deckId);
		if (deck) choices.push({ id: deck.id, name: deck.name });
	}
	return choices;
}

/** Plan errors for warm-ups naming a deck the facilitator may not choose (field paths as validatePlan). */
export async function deckChoiceErrors(
	userId: UserId,
	workshopId: WorkshopId,
	phases: readonly Phase[]
): Promise<string[]> {
	const errors: string[] = [];
	for (const [index, phase] of phases.entries()) {
		const deckId = phase.settings.cards?.deckId;
		if (deckId && !(await services().decks.mayChoose(userId, deckId, workshopId))) {
			errors.push(`phases[${index}].settings.cards.deckId: not a deck of yours`);
		}
	}
	return errors;
}
