import { expect, it } from 'vitest';
import type { FeedbackAnswer } from '#shared/model/feedback.ts';
import type { JoinCode, ParticipantId, UserId, WorkshopId } from '#shared/model/ids.ts';
import { initialLiveState } from '#shared/model/workshop-ops.ts';
import type { ContractContext } from './storage.contract.ts';

const NOW = Date.UTC(2026, 11, 3, 9);
const W1 = 'workshop-1' as WorkshopId;
const W2 = 'workshop-2' as WorkshopId;
const P1 = 'p-one' as ParticipantId;
const P2 = 'p-two' as ParticipantId;
const P_OTHER = 'p-other' as ParticipantId;

async function seed(ctx: ContractContext): Promise<void> {
	const { storage } = ctx;
	await storage.users.create({
		id: 'user-1' as UserId,
		email: 'feedback@example.fi',
		displayName: 'Fasilitoija',
		passwordHash: 'scrypt$x',
		createdAt: NOW
	});
	for (const n of [1, 2]) {
		await storage.workshops.create({
			id: `workshop-${n}` as WorkshopId,
			title: `Paja ${n}`,
			locality: 'Kajaani',
			date: '2026-12-03',
			duration: 'morning',
			joinCode: `FEED234${n}` as JoinCode,
			tableCount: 2,
			tablesSeeEachOther: false,
			state: initialLiveState(),
			createdBy: 'user-1' as UserId,
			createdAt: NOW
		});
	}
	for (const [id, workshopId] of [
		[P1, W1],
		[P2, W1],
		[P_OTHER, W2]
	] as const) {
		await storage.participants.create({
			id,
			workshopId,
			displayName: `Nimi ${id}`,
			organisation: 'Kunta',
			actorType: 'social_services',
			table: 1,
			joinedAt: NOW
		});
	}
}

const answer = (usefulness: 1 | 2 | 3 | 4 | 5, text: string | null): FeedbackAnswer => ({
	ratings: { usefulness, voices: 3, again: 5 },
	text
});

const sortAnswers = (answers: FeedbackAnswer[]) =>
	[...answers].sort((a, b) => a.ratings.usefulness - b.ratings.usefulness);

/** The anonymous feedback survey (issue 4): IDs FB1… */
export function describeFeedbackContract(ctx: ContractContext): void {
	const feedback = () => ctx.storage.feedback;

	it('[FB1] an answer is stored once per participant and listed per workshop', async () => {
		await seed(ctx);
		expect(await feedback().hasAnswered(P1)).toBe(false);
		expect(await feedback().submit(W1, P1, answer(4, 'Hyvä päivä – «tack»'))).toBe(true);
		expect(await feedback().hasAnswered(P1)).toBe(true);
		expect(await feedback().hasAnswered(P2)).toBe(false);
		expect(await feedback().submit(W1, P1, answer(1, 'toinen kerta'))).toBe(false);
		expect(await feedback().submit(W1, P2, answer(2, null))).toBe(true);
		expect(sortAnswers(await feedback().listAnswers(W1))).toEqual([
			answer(2, null),
			answer(4, 'Hyvä päivä – «tack»')
		]);
		expect(await feedback().listAnswers(W2)).toEqual([]);
	});

	it('[FB2] a participant of another workshop, or an unknown one, is refused and nothing is stored', async () => {
		await seed(ctx);
		await expect(feedback().submit(W1, P_OTHER, answer(5, 'x'))).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(
			feedback().submit(W1, 'p-nobody' as ParticipantId, answer(5, 'x'))
		).rejects.toMatchObject({ code: 'not_found' });
		expect(await feedback().listAnswers(W1)).toEqual([]);
		expect(await feedback().hasAnswered(P_OTHER)).toBe(false);
	});

	it('[FB3] concurrent submissions of one participant store exactly one answer', async () => {
		await seed(ctx);
		const results = await Promise.all(
			[1, 2, 3, 4, 5].map((n) => feedback().submit(W1, P1, answer(n as 1, `try ${n}`)))
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await feedback().listAnswers(W1)).toHaveLength(1);
	});

	it('[FB4] erasing the participant keeps the anonymous answer and drops their marker', async () => {
		await seed(ctx);
		await feedback().submit(W1, P1, answer(3, 'jää talteen'));
		await ctx.storage.privacy.eraseParticipant(P1, { namedPerson: null });
		expect(await feedback().hasAnswered(P1)).toBe(false);
		expect(await feedback().listAnswers(W1)).toEqual([answer(3, 'jää talteen')]);
	});
}
