/** One schema change. Versions only grow; an applied migration is never edited, only followed. */
export interface Migration {
	version: number;
	sql: string;
}
