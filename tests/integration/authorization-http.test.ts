import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTICIPANT_COOKIE } from '#server/auth/tokens.ts';
import type { RunningServer } from '#server/app.ts';
import { FACILITATOR_ROLES, type WorkshopRecord } from '#server/storage/storage.ts';
import {
	joinParticipant,
	newStore,
	postAction,
	seedWorkshop,
	startAppServer,
	type TestStore
} from './harness.ts';

/**
 * The authorisation matrix's other half (authorization.test.ts has the boards and the day): who
 * may read a workshop's report and attendance list, read a network's archive and locality
 * report, and erase a workshop's personal data, through the app's real routes. Roles that may
 * erase come last, since erasing ends the participants' credentials.
 */
const ROLES = [
	'anonymous',
	'participant',
	'participant of another workshop',
	'facilitator of another workshop',
	'member of another network',
	'network member',
	'co-facilitator',
	'facilitator'
] as const;
type Role = (typeof ROLES)[number];

const CAPABILITIES = [
	'read the report',
	'read attendance',
	'read the network archive',
	'read the locality report',
	'erase personal data'
] as const;
type Capability = (typeof CAPABILITIES)[number];

const WORKSHOP_SIDE = new Set<Capability>([
	'read the report',
	'read attendance',
	'erase personal data'
]);
const NETWORK_SIDE = new Set<Capability>(['read the network archive', 'read the locality report']);
const EXPECTED: Record<Role, ReadonlySet<Capability>> = {
	anonymous: new Set(),
	participant: new Set(),
	'participant of another workshop': new Set(),
	'facilitator of another workshop': new Set(),
	'member of another network': new Set(),
	'network member': NETWORK_SIDE,
	'co-facilitator': WORKSHOP_SIDE,
	// The facilitator made the network, so they are its member too.
	facilitator: new Set(CAPABILITIES)
};

describe('authorisation matrix over HTTP (issue 7)', () => {
	let store: TestStore;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let networkId: string;
	const cookies = new Map<Role, string>();

	const get = async (path: string, cookie: string) =>
		(await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })).status;

	beforeAll(async () => {
		store = newStore('embedded');
		server = await startAppServer(store);
		const { services } = server;
		const seeded = await seedWorkshop(services, { tableCount: 2 });
		workshop = seeded.workshop;
		const other = await seedWorkshop(services, { tableCount: 2 });
		const account = async (name: string) => {
			const session = await services.accounts.signUp({
				email: `${name}-${Math.random().toString(36).slice(2)}@example.fi`,
				password: 'correct horse battery',
				displayName: name
			});
			return { user: session.user, cookie: `rp_session=${session.token}` };
		};
		const co = await account('co');
		await services.storage.workshops.addFacilitator(
			workshop.id,
			co.user.id,
			FACILITATOR_ROLES.coFacilitator
		);
		const member = await account('member');
		const outsider = await account('outsider');
		networkId = (await services.networks.create(workshop.createdBy, 'Pohjois-Savo')).id;
		await services.networks.invite(networkId, workshop.createdBy, member.user.email);
		await services.networks.setShared({
			userId: workshop.createdBy,
			workshopId: workshop.id,
			networkId,
			shared: true
		});
		await services.networks.create(outsider.user.id, 'Muu verkosto');
		const seat = await joinParticipant(services, workshop);
		const stranger = await joinParticipant(services, other.workshop);

		cookies.set('anonymous', '');
		cookies.set('participant', `${PARTICIPANT_COOKIE}=${seat.token}`);
		cookies.set('participant of another workshop', `${PARTICIPANT_COOKIE}=${stranger.token}`);
		cookies.set('facilitator of another workshop', other.facilitatorCookie);
		cookies.set('member of another network', outsider.cookie);
		cookies.set('network member', member.cookie);
		cookies.set('co-facilitator', co.cookie);
		cookies.set('facilitator', seeded.facilitatorCookie);
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await store?.drop();
	});

	it.each(ROLES)('%s may do exactly what the policy says', async (role) => {
		const cookie = cookies.get(role)!;
		const granted = new Set<Capability>();
		const w = `/facilitator/w/${workshop.id}`;
		const n = `/facilitator/networks/${networkId}`;
		if ((await get(`${w}/export?format=json&lang=fi`, cookie)) === 200) {
			granted.add('read the report');
		}
		if ((await get(`${w}/attendance`, cookie)) === 200) granted.add('read attendance');
		if ((await get(n, cookie)) === 200) granted.add('read the network archive');
		if ((await get(`${n}/export?kind=locality&locality=Kuopio&format=json`, cookie)) === 200) {
			granted.add('read the locality report');
		}
		const erase = await postAction(server, `${w}/privacy?/erase`, { confirm: 'yes' }, cookie);
		if (erase.type === 'success') {
			granted.add('erase personal data');
		}
		expect([...granted].sort()).toEqual([...EXPECTED[role]].sort());
	});
});
