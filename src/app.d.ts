import type { ParticipantRecord } from '#server/storage/storage.ts';
import type { UserId } from '#shared/model/ids.ts';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in facilitator, if any. */
			user: { id: UserId; email: string; displayName: string } | null;
			/** The participant this browser joined as, if any (from the signed token cookie). */
			participant: ParticipantRecord | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
