/**
 * `tsc -p server` does not read the JavaScript that Paraglide generates (no allowJs there), so it
 * gets this shape of the compiled messages; svelte-check and Vite use the real module. The keys
 * are checked against messages/export/fi.json in text.ts.
 */
declare module '*/paraglide/messages.js' {
	export const m: Record<
		string,
		(inputs?: Record<string, string | number>, options?: { locale?: 'fi' | 'sv' | 'en' }) => string
	>;
}
