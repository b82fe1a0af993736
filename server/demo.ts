import { formatJoinCode } from '#shared/model/ids.ts';
import type { Storage } from '#server/storage/storage.ts';
import type { Accounts } from './auth/accounts.ts';
import type { WorkshopService } from './workshops/workshop-service.ts';

/** The demo facilitator of a fresh install. Printed at start; disable with SEED_DEMO=false. */
export const DEMO_FACILITATOR = {
	email: 'demo@rajapinta.local',
	password: 'rajapinta-demo',
	displayName: 'Demo Fasilitoija'
} as const;

export interface DemoInfo {
	email: string;
	password: string;
	joinCode: string;
}

/** Seeds the demo facilitator and one workshop into an empty store; returns what to print. */
export async function ensureDemo(deps: {
	storage: Storage;
	accounts: Accounts;
	workshops: WorkshopService;
}): Promise<DemoInfo> {
	let user = await deps.storage.users.findByEmail(DEMO_FACILITATOR.email);
	if (!user) {
		user = (await deps.accounts.signUp(DEMO_FACILITATOR)).user;
	}
	let [workshop] = await deps.workshops.listFor(user.id);
	if (!workshop) {
		workshop = await deps.workshops.create(user.id, {
			title: 'Kotoutumisen rajanylityspaja (demo)',
			locality: 'Kuopio',
			date: new Date().toISOString().slice(0, 10),
			duration: 'full_day',
			tableCount: 4
		});
	}
	return {
		email: DEMO_FACILITATOR.email,
		password: DEMO_FACILITATOR.password,
		joinCode: formatJoinCode(workshop.joinCode)
	};
}
