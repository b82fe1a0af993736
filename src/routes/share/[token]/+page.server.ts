import { error } from '@sveltejs/kit';
import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/**
 * A read-only share link (issue 6): no account, just the signed token in the address. An expired
 * link gets 410 so the holder knows to ask for a new one; anything else that does not open gets
 * 404, as the archive does, so the address says nothing about what exists.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is the credential: keep the page out of shared caches and search engines.
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
	const opened = await services().shareLinks.open(params.token);
	if (!opened.ok) {
		if (opened.reason === 'expired') error(410, { message: 'share_expired', code: 'forbidden' });
		error(404, { message: 'not_found', code: 'not_found' });
	}
	const { report, claims } = opened;
	return {
		expiresAt: claims.expiresAt,
		workshop: {
			title: report.title ?? '',
			locality: report.locality.name ?? '',
			date: report.date,
			duration: report.duration,
			participantCount: report.participantCount,
			organisationTypes: report.organisationTypes.filter((entry) => entry.count > 0),
			tasks: report.tables
				.filter((table) => table.developmentTask !== null)
				.map((table) => ({ table: table.table, task: table.developmentTask! })),
			commitments: report.commitments.map((c) => ({
				id: c.id,
				what: c.what,
				ownerActorType: c.ownerActorType,
				due: c.due,
				firstStep: c.firstStep,
				status: c.status
			})),
			developmentSeeds: report.developmentSeeds
		}
	};
};
