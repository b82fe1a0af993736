import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '#server/app.ts';
import { FACILITATOR_ROLES, type WorkshopRecord } from '#server/storage/storage.ts';
import { roomName } from '#shared/protocol/sync.ts';
import {
	controlClient,
	joinParticipant,
	newStore,
	seedWorkshop,
	startServer,
	stockClient,
	waitFor,
	type TestStore,
	addNote,
	noteTexts
} from './harness.ts';

/**
 * Who may do what, exhaustively: every role against every capability, on the real server.
 * Expected answers are written out as a table so a change of policy shows up as a diff here.
 */
const ROLES = [
	'anonymous',
	'participant at table 1',
	'participant at table 2',
	'participant of another workshop',
	'facilitator',
	'co-facilitator',
	'facilitator of another workshop'
] as const;
type Role = (typeof ROLES)[number];

const CAPABILITIES = [
	'read table 1',
	'edit table 1',
	'read table 2',
	'edit table 2',
	'read plenary',
	'edit plenary',
	'follow the day',
	'drive the day'
] as const;
type Capability = (typeof CAPABILITIES)[number];

const ALL = new Set<Capability>(CAPABILITIES);
const EXPECTED: Record<Role, ReadonlySet<Capability>> = {
	anonymous: new Set(),
	'participant at table 1': new Set([
		'read table 1',
		'edit table 1',
		'read plenary',
		'follow the day'
	]),
	'participant at table 2': new Set([
		'read table 2',
		'edit table 2',
		'read plenary',
		'follow the day'
	]),
	'participant of another workshop': new Set(),
	facilitator: ALL,
	'co-facilitator': ALL,
	'facilitator of another workshop': new Set()
};

interface Credential {
	token?: string;
	cookie?: string;
}

describe('authorisation matrix', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;
	const credentials = new Map<Role, Credential>();
	const authorKeys = new Map<Role, string>();
	const cleanups: (() => void)[] = [];

	beforeAll(async () => {
		store = newStore('embedded');
		server = await startServer(store);
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
		const other = await seedWorkshop(server.services, { tableCount: 2 });
		const first = await joinParticipant(server.services, workshop, 'education');
		const second = await joinParticipant(server.services, workshop, 'ngo');
		expect([first.table, second.table]).toEqual([1, 2]);
		const stranger = await joinParticipant(server.services, other.workshop, 'client');
		const co = await server.services.accounts.signUp({
			email: `co${Math.random().toString(36).slice(2)}@example.fi`,
			password: 'correct horse battery',
			displayName: 'Apufasilitoija'
		});
		await server.services.storage.workshops.addFacilitator(
			workshop.id,
			co.user.id,
			FACILITATOR_ROLES.coFacilitator
		);
		credentials.set('anonymous', {});
		credentials.set('participant at table 1', { token: first.token });
		credentials.set('participant at table 2', { token: second.token });
		authorKeys.set('participant at table 1', first.authorKey);
		authorKeys.set('participant at table 2', second.authorKey);
		credentials.set('participant of another workshop', { token: stranger.token });
		credentials.set('facilitator', { cookie: facilitatorCookie });
		credentials.set('co-facilitator', { cookie: `rp_session=${co.token}` });
		credentials.set('facilitator of another workshop', { cookie: other.facilitatorCookie });
	});

	afterAll(async () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		await server.close();
		await store.drop();
	});

	const rooms = () => ({
		'table 1': roomName({ kind: 'table', workshopId: workshop.id, table: 1 }),
		'table 2': roomName({ kind: 'table', workshopId: workshop.id, table: 2 }),
		plenary: roomName({ kind: 'plenary', workshopId: workshop.id })
	});

	/** Connects as `role`; 'read' when the document syncs, then whether a write reaches others. */
	async function boardAccess(role: Role, room: string): Promise<{ read: boolean; edit: boolean }> {
		const client = stockClient({ serverUrl: server.url, room, ...credentials.get(role) });
		cleanups.push(() => client.provider.destroy());
		await waitFor(() => client.provider.synced || client.closes.length > 0, `${role} in ${room}`);
		if (!client.provider.synced) return { read: false, edit: false };

		const watcher = stockClient({ serverUrl: server.url, room, cookie: facilitatorCookie });
		cleanups.push(() => watcher.provider.destroy());
		await waitFor(() => watcher.provider.synced, 'watcher synced');
		const marker = `${role} was here`;
		addNote(client.doc, authorKeys.get(role) ?? 'facilitator', marker);
		// The awareness update travels after the edit on the same connection: once the watcher
		// sees it, the server has handled the edit (relayed it, or dropped it).
		client.provider.awareness.setLocalStateField('probe', marker);
		const watcherSees = () =>
			[...watcher.provider.awareness.getStates().values()].some((state) => state.probe === marker);
		await waitFor(watcherSees, `${role}'s awareness`);
		await server.realtime.sync.flush();
		const stored = new Y.Doc();
		for (const update of await server.services.storage.documents.load(room)) {
			Y.applyUpdate(stored, update);
		}
		const edit = noteTexts(stored).includes(marker);
		if (edit) await waitFor(() => noteTexts(watcher.doc).includes(marker), 'relay');
		return { read: true, edit };
	}

	async function controlAccess(role: Role): Promise<{ follow: boolean; drive: boolean }> {
		const client = controlClient({ serverUrl: server.url, ...credentials.get(role) });
		cleanups.push(() => client.disconnect());
		const connected = await new Promise<boolean>((resolve) => {
			client.once('connect', () => resolve(true));
			client.once('connect_error', () => resolve(false));
		});
		if (!connected) return { follow: false, drive: false };
		const follow = await client.emitWithAck('workshop:subscribe', { workshopId: workshop.id });
		const before = await server.services.workshops.state(workshop.id);
		if (!before) throw new Error('the seeded workshop has no state');
		const drive = await client.emitWithAck('phase:go', {
			workshopId: workshop.id,
			index: (before.phaseIndex + 1) % before.phases.length
		});
		return { follow: follow.ok, drive: drive.ok };
	}

	it.each(ROLES)('%s may do exactly what the policy says', async (role) => {
		const granted = new Set<Capability>();
		try {
			for (const [name, room] of Object.entries(rooms())) {
				const access = await boardAccess(role, room);
				if (access.read) granted.add(`read ${name}` as Capability);
				if (access.edit) granted.add(`edit ${name}` as Capability);
			}
			const control = await controlAccess(role);
			if (control.follow) granted.add('follow the day');
			if (control.drive) granted.add('drive the day');
		} finally {
			for (const cleanup of cleanups.splice(0)) cleanup();
		}
		expect([...granted].sort()).toEqual([...EXPECTED[role]].sort());
	});
});
