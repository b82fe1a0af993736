import { redirect } from '@sveltejs/kit';
import { draftFromForm } from '#shared/model/commitment-record.ts';
import type { ParticipantRecord } from '#server/storage/storage.ts';
import { field, formAction } from '$lib/server/archive.ts';
import { commitmentView } from '$lib/server/commitments.ts';
import { PARTICIPANT_COOKIE } from '$lib/server/cookies.ts';
import { services } from '$lib/server/services';
import { readForm } from '$lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	const participant = locals.participant;
	if (!participant || participant.workshopId !== params.workshopId) redirect(303, '/join');
	const workshop = await services().workshops.get(participant.workshopId);
	if (!workshop) redirect(303, '/join');
	depends('rajapinta:commitments');
	const { commitments } = services();
	const actor = { kind: 'participant', participantId: participant.id } as const;
	return {
		workshop: { id: workshop.id, title: workshop.title },
		table: participant.table,
		actorType: participant.actorType,
		displayName: participant.displayName,
		authorKey: services().access.authorKeyOf(participant),
		commitments: (await commitments.list(actor, workshop.id)).map(commitmentView),
		commitmentsOpen: await commitments.phaseOpen(workshop.id),
		feedbackOpen: await services().feedback.phaseOpen(workshop.id),
		feedbackAnswered: await services().feedback.hasAnswered(participant.id),
		// Re-read on each phase change (ParticipantFlowOverlay invalidates rajapinta:commitments).
		openCommitments: await services().followUps.shownNow(workshop.id)
	};
};

/** The participant of this page, or a redirect to /join. */
function seated(locals: App.Locals, workshopId: string): ParticipantRecord {
	const participant = locals.participant;
	if (!participant || participant.workshopId !== workshopId) redirect(303, '/join');
	return participant;
}

// Each action names its form, so the page shows errors next to the right one.
export const actions: Actions = {
	/**
	 * Leaves the workshop on this device: the participant credential goes (the browser has deleted
	 * its local copies of the boards before sending this). The record stays until its retention.
	 */
	leave: async ({ locals, params, cookies }) => {
		seated(locals, params.workshopId);
		cookies.delete(PARTICIPANT_COOKIE, { path: '/' });
		locals.participant = null;
		redirect(303, '/join?left=1');
	},
	propose: async ({ locals, params, request }) => {
		const participant = seated(locals, params.workshopId);
		const form = await readForm(request);
		return formAction('new', async () => {
			await services().commitments.propose({
				actor: { kind: 'participant', participantId: participant.id },
				workshopId: participant.workshopId,
				table: participant.table,
				input: draftFromForm(form)
			});
			return { formId: 'new', saved: true };
		});
	},
	edit: async ({ locals, params, request }) => {
		const participant = seated(locals, params.workshopId);
		const form = await readForm(request);
		const id = field(form, 'id');
		return formAction(id, async () => {
			await services().commitments.edit({
				actor: { kind: 'participant', participantId: participant.id },
				workshopId: participant.workshopId,
				id,
				input: draftFromForm(form)
			});
			return { formId: id, saved: true };
		});
	},
	feedback: async ({ locals, params, request }) => {
		const participant = seated(locals, params.workshopId);
		const form = await readForm(request);
		// Only the form's own fields, and only as text: anything else reads as missing.
		const input = Object.fromEntries(
			['usefulness', 'voices', 'again', 'text'].flatMap((name) => {
				const value = form.get(name);
				return typeof value === 'string' ? [[name, value]] : [];
			})
		);
		return formAction('feedback', async () => {
			// False when they had answered already (another tab): the page shows "already answered".
			const sent = await services().feedback.submit({
				participantId: participant.id,
				workshopId: participant.workshopId,
				input
			});
			return { formId: 'feedback', sent };
		});
	},
	remove: async ({ locals, params, request }) => {
		const participant = seated(locals, params.workshopId);
		const form = await readForm(request);
		const id = field(form, 'id');
		return formAction(id, async () => {
			await services().commitments.remove({
				actor: { kind: 'participant', participantId: participant.id },
				workshopId: participant.workshopId,
				id
			});
			return { formId: 'new', saved: true };
		});
	}
};
