import type { WorkshopId } from '#shared/model/ids.ts';
import { RajapintaError } from '#shared/protocol/errors.ts';
import type { AccessControl } from '#server/auth/access.ts';
import type { ControlSocket } from './types.ts';

/** Throws 'forbidden' unless the socket's user facilitates the workshop (SPEC C2). */
export async function requireFacilitator(
	access: AccessControl,
	socket: ControlSocket,
	workshopId: string
): Promise<void> {
	if (!(await access.mayDrive(socket.data.principals.user, workshopId as WorkshopId))) {
		throw new RajapintaError('forbidden', `not a facilitator of ${workshopId}`);
	}
}
