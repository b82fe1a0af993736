import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import type { FeedbackAnswer, FeedbackRating } from '#shared/model/feedback.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { guard } from '../errors.ts';
import type { FeedbackStore } from '../storage.ts';
import { classifyPostgresError, query } from './pg.ts';

// FOR SHARE: an erasure of the participant waits until the answer is in, or the answer fails.
const SELECT_SEAT = 'SELECT 1 FROM participants WHERE id = $1 AND workshop_id = $2 FOR SHARE';
const MARK_ANSWERED = `INSERT INTO feedback_answered (participant_id, workshop_id) VALUES ($1, $2)
	ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id`;
const INSERT_ANSWER = `INSERT INTO feedback_answers
	(workshop_id, id, rating_usefulness, rating_voices, rating_again, open_text)
	VALUES ($1, $2, $3, $4, $5, $6)`;
const SELECT_ANSWERED = 'SELECT 1 FROM feedback_answered WHERE participant_id = $1';
const SELECT_ANSWERS = 'SELECT * FROM feedback_answers WHERE workshop_id = $1 ORDER BY id';

interface AnswerRow {
	rating_usefulness: number;
	rating_voices: number;
	rating_again: number;
	open_text: string | null;
}

const run = <T>(operation: string, fn: () => Promise<T>) =>
	guard(operation, classifyPostgresError, fn);

export function createFeedbackStore(sql: postgres.Sql): FeedbackStore {
	return {
		submit: (workshopId, participantId, answer) =>
			run('feedback.submit', () =>
				sql.begin(async (tx) => {
					if ((await query(tx, SELECT_SEAT, [participantId, workshopId])).length === 0) {
						throw new RajapintaError('not_found', 'feedback.submit: not this workshop');
					}
					const marked = await query(tx, MARK_ANSWERED, [participantId, workshopId]);
					if (marked.length === 0) return false;
					const { usefulness, voices, again } = answer.ratings;
					await query(tx, INSERT_ANSWER, [
						workshopId,
						randomUUID(),
						usefulness,
						voices,
						again,
						answer.text
					]);
					return true;
				})
			),
		hasAnswered: (participantId) =>
			run(
				'feedback.hasAnswered',
				async () => (await query(sql, SELECT_ANSWERED, [participantId])).length > 0
			),
		listAnswers: (workshopId) =>
			run('feedback.listAnswers', async () =>
				(await query<AnswerRow>(sql, SELECT_ANSWERS, [workshopId])).map(toAnswer)
			)
	};
}

function toAnswer(row: AnswerRow): FeedbackAnswer {
	return {
		ratings: {
			usefulness: Number(row.rating_usefulness) as FeedbackRating,
			voices: Number(row.rating_voices) as FeedbackRating,
			again: Number(row.rating_again) as FeedbackRating
		},
		text: row.open_text
	};
}
