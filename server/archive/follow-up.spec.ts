import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	applyBoardTemplate,
	chooseTask,
	createNote,
	readBoard,
	readItem,
	templateItemId
} from '#shared/model/board.ts';
import type { UserId, WorkshopId } from '#shared/model/ids.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { openEmbeddedStorage } from '../storage/embedded/embedded-storage.ts';
import type { Storage, WorkshopRecord } from '../storage/storage.ts';
import { WorkshopService } from '../workshops/workshop-service.ts';
import { FollowUpService } from './follow-up.ts';
import { NetworkService } from './networks.ts';

const MEMBER = 'u-member' as UserId;

/** A table board whose first candidate was chosen; the other texts are left as seeds. */
function boardWithSeeds(texts: readonly string[]): Uint8Array {
	const doc = new Y.Doc();
	applyBoardTemplate(doc, 'problem-candidates', { now: 1 });
	const area = readItem(doc, templateItemId('problem-candidates', 'candidates'))!;
	texts.forEach((text, n) =>
		createNote(doc, {
			actorType: 'ngo',
			text,
			x: area.x + 24 + (n % 3) * 224,
			y: area.y + 72 + Math.floor(n / 3) * 184,
			now: 10 + n
		})
	);
	const first = readBoard(doc).items.find((item) => item.type === 'note' && item.text === texts[0]);
	chooseTask(doc, first!.id, { now: 100 });
	return Y.encodeStateAsUpdate(doc);
}

describe("a follow-up session's seeds (issue 6)", () => {
	let storage: Storage;
	let workshops: WorkshopService;
	let followUps: FollowUpService;
	let networkId: string;

	beforeEach(async () => {
		storage = await openEmbeddedStorage({ file: ':memory:' });
		await storage.users.create({
			id: MEMBER,
			email: 'jasen@example.fi',
			displayName: 'Jäsen',
			passwordHash: 'scrypt$x',
			createdAt: 1
		});
		workshops = new WorkshopService({ storage });
		const networks = new NetworkService({ storage, workshops });
		followUps = new FollowUpService({ storage, workshops, networks });
		networkId = (await networks.create(MEMBER, 'Verkosto')).id;
	});

	afterEach(() => storage.close());

	const earlierWorkshop = async (tableCount: number): Promise<WorkshopRecord> => {
		const workshop = await workshops.create(MEMBER, {
			title: 'Kevään paja',
			locality: 'Oulu',
			date: '2026-04-14',
			duration: 'full_day',
			tableCount,
			tablesSeeEachOther: false
		});
		await storage.networks.shareWorkshop(networkId, workshop.id, MEMBER, 2);
		return workshop;
	};

	it('gives each table the seeds its table left unchosen in the earlier workshop', async () => {
		const earlier = await earlierWorkshop(3);
		await storage.documents.append(
			[
				['Tehtävä 1', 'Aihio 1a', 'Aihio 1b'],
				['Tehtävä 2', 'Aihio 2a'],
				['Tehtävä 3', 'Aihio 3a']
			].map((texts, i) => ({
				name: roomName({ kind: 'table', workshopId: earlier.id, table: i + 1 }),
				update: boardWithSeeds(texts)
			}))
		);
		const followUp = await followUps.start({
			userId: MEMBER,
			networkId,
			workshopId: earlier.id,
			title: 'Syksyn jatkotapaaminen',
			date: '2026-10-01'
		});
		expect(followUp.tableCount).toBe(3);
		const seeds = await followUps.seeds(followUp.id);
		expect(seeds?.from).toBe('2026-04-14');
		expect(Object.fromEntries(seeds!.tables)).toEqual({
			1: ['Aihio 1a', 'Aihio 1b'],
			2: ['Aihio 2a'],
			3: ['Aihio 3a']
		});
		// A table that chose nothing left no seeds: nothing was left unchosen yet.
		const undecided = await earlierWorkshop(1);
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'problem-candidates', { now: 1 });
		const area = readItem(doc, templateItemId('problem-candidates', 'candidates'))!;
		createNote(doc, { actorType: 'ngo', text: 'Ehdokas', x: area.x + 24, y: area.y + 72 });
		await storage.documents.append([
			{
				name: roomName({ kind: 'table', workshopId: undecided.id, table: 1 }),
				update: Y.encodeStateAsUpdate(doc)
			}
		]);
		const second = await followUps.start({
			userId: MEMBER,
			networkId,
			workshopId: undecided.id,
			title: 'Toinen jatkotapaaminen',
			date: '2026-10-02'
		});
		expect(Object.fromEntries((await followUps.seeds(second.id))!.tables)).toEqual({ 1: [] });
		// The earlier workshop itself is no follow-up session.
		expect(await followUps.seeds(earlier.id)).toBeNull();
		expect(await followUps.seeds('nope' as WorkshopId)).toBeNull();
	});
});
