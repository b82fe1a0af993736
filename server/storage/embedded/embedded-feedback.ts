import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { FeedbackAnswer, FeedbackRating } from '#shared/model/feedback.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { FeedbackStore } from '../storage.ts';
import { runLater as run, transaction } from './sqlite.ts';

const SELECT_SEAT = 'SELECT 1 FROM participants WHERE id = ? AND workshop_id = ?';
const MARK_ANSWERED = `INSERT INTO feedback_answered (participant_id, workshop_id) VALUES (?, ?)
	ON CONFLICT (participant_id) DO NOTHING`;
const INSERT_ANSWER = `INSERT INTO feedback_answers
	(workshop_id, id, rating_usefulness, rating_voices, rating_again, open_text)
	VALUES (?, ?, ?, ?, ?, ?)`;
const SELECT_ANSWERED = 'SELECT 1 FROM feedback_answered WHERE participant_id = ?';
const SELECT_ANSWERS = 'SELECT * FROM feedback_answers WHERE workshop_id = ? ORDER BY id';

export function createFeedbackStore(db: DatabaseSync): FeedbackStore {
	const [selectSeat, markAnswered, insertAnswer, selectAnswered, selectAnswers] = [
		SELECT_SEAT,
		MARK_ANSWERED,
		INSERT_ANSWER,
		SELECT_ANSWERED,
		SELECT_ANSWERS
	].map((sql) => db.prepare(sql));
	return {
		submit: (workshopId, participantId, answer) =>
			run('feedback.submit', () =>
				transaction(
					db,
					() => {
						if (!selectSeat.get(participantId, workshopId)) {
							throw new RajapintaError('not_found', 'feedback.submit: not this workshop');
						}
						if (markAnswered.run(participantId, workshopId).changes === 0) return false;
						const { usefulness, voices, again } = answer.ratings;
						insertAnswer.run(workshopId, randomUUID(), usefulness, voices, again, answer.text);
						return true;
					},
					true
				)
			),
		hasAnswered: (participantId) =>
			run('feedback.hasAnswered', () => selectAnswered.get(participantId) !== undefined),
		listAnswers: (workshopId) =>
			run('feedback.listAnswers', () => selectAnswers.all(workshopId).map(toAnswer))
	};
}

function toAnswer(row: Record<string, SQLOutputValue>): FeedbackAnswer {
	return {
		ratings: {
			usefulness: Number(row.rating_usefulness) as FeedbackRating,
			voices: Number(row.rating_voices) as FeedbackRating,
			again: Number(row.rating_again) as FeedbackRating
		},
		text: row.open_text === null ? null : String(row.open_text)
	};
}
