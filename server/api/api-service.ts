import type { WorkshopId } from '#shared/model/ids.ts';
import { isOverdue } from '#shared/model/commitment.ts';
import {
	REPORT_SCHEMA_VERSION,
	type LocalityReport,
	type WorkshopReport
} from '#shared/model/report.ts';
import type { ApiWorkshopCommitments, ApiWorkshopSummary } from '#shared/protocol/api.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import { assembleWorkshopReport, commitmentOf } from '../exports/assemble.ts';
import type { Storage, WorkshopRecord } from '../storage/storage.ts';
import type { ApiPrincipal } from './api-tokens.ts';

/** Filters of the workshop list; null means all. */
export interface ApiWorkshopFilter {
	locality: string | null;
	year: number | null;
}

/**
 * What the JSON API reads (issue 6), always for one network: only workshops shared with the
 * token's network exist. Any other workshop, whether it exists or not, is not_found (404), so a
 * token cannot probe another network's ids.
 */
export class ApiReadService {
	readonly #storage: Storage;
	readonly #now: () => number;

	constructor(options: { storage: Storage; now?: () => number }) {
		this.#storage = options.storage;
		this.#now = options.now ?? Date.now;
	}

	async workshops(
		principal: ApiPrincipal,
		filter: ApiWorkshopFilter
	): Promise<ApiWorkshopSummary[]> {
		const records = await this.#shared(principal.networkId);
		return records
			.filter((w) => filter.locality === null || w.locality === filter.locality)
			.filter((w) => filter.year === null || w.date.startsWith(`${filter.year}-`))
			.map(summary);
	}

	/** The workshop's full report, as the JSON export has it. */
	async report(principal: ApiPrincipal, workshopId: string): Promise<WorkshopReport> {
		const workshop = await this.#require(principal, workshopId);
		const report = await assembleWorkshopReport(this.#storage, workshop.id, {
			now: new Date(this.#now())
		});
		if (!report) throw new RajapintaError('not_found', 'workshop vanished');
		return report;
	}

	async commitments(principal: ApiPrincipal, workshopId: string): Promise<ApiWorkshopCommitments> {
		const workshop = await this.#require(principal, workshopId);
		const records = await this.#storage.commitments.listByWorkshop(workshop.id);
		return {
			workshopId: workshop.id,
			commitments: records.filter((c) => c.agreed).map(commitmentOf)
		};
	}

	/** Agreed commitments of the locality's shared workshops, oldest workshop first. */
	async localityCommitments(principal: ApiPrincipal, locality: string): Promise<LocalityReport> {
		const generatedAt = new Date(this.#now()).toISOString();
		const today = generatedAt.slice(0, 10);
		const workshops = (await this.#shared(principal.networkId))
			.filter((w) => w.locality === locality)
			.reverse();
		const report: LocalityReport = {
			kind: 'locality',
			schemaVersion: REPORT_SCHEMA_VERSION,
			generatedAt,
			locality: { name: locality, code: null },
			workshops: workshops.map((w) => ({ date: w.date, duration: w.duration })),
			commitments: []
		};
		for (const workshop of workshops) {
			for (const record of await this.#storage.commitments.listByWorkshop(workshop.id)) {
				if (!record.agreed) continue;
				const commitment = commitmentOf(record);
				report.commitments.push({
					...commitment,
					workshopDate: workshop.date,
					overdue: isOverdue(commitment, today)
				});
			}
		}
		return report;
	}

	/** The network's shared workshops, newest day first. */
	async #shared(networkId: string): Promise<WorkshopRecord[]> {
		const ids = await this.#storage.networks.listWorkshopIds(networkId);
		const found: WorkshopRecord[] = [];
		for (const id of ids) {
			const workshop = await this.#storage.workshops.findById(id);
			if (workshop) found.push(workshop);
		}
		return found;
	}

	async #require(principal: ApiPrincipal, workshopId: string): Promise<WorkshopRecord> {
		const ids = await this.#storage.networks.listWorkshopIds(principal.networkId);
		const id = ids.find((shared) => shared === workshopId);
		const workshop = id ? await this.#storage.workshops.findById(id as WorkshopId) : null;
		if (!workshop) throw new RajapintaError('not_found', 'no such workshop for this token');
		return workshop;
	}
}

function summary(workshop: WorkshopRecord): ApiWorkshopSummary {
	return {
		id: workshop.id,
		title: workshop.title,
		locality: workshop.locality,
		date: workshop.date,
		duration: workshop.duration
	};
}
