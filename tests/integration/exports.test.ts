import { MAX_BOARD_IMAGE_WIDTH } from '#server/exports/board-image.ts';
import { pngSize } from '#server/exports/png.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import * as Y from 'yjs';
import { PARTICIPANT_COOKIE } from '#server/auth/tokens.ts';
import type { RunningServer } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { startRajapinta } from '#server/app.ts';
import { EXPORT_FORMATS, EXPORT_FORMAT_LIST } from '#server/exports/index.ts';
import { parseXml, pdfText, texts, unzip } from '#server/exports/fixtures/read.ts';
import type { WorkshopRecord } from '#server/storage/storage.ts';
import { applyBoardTemplate, createNote } from '#shared/model/board.ts';
import { roomName } from '#shared/protocol/sync.ts';
import { joinParticipant, newStore, seedWorkshop, type TestStore } from './harness.ts';

/**
 * The export route on a real server: the same composition as server/index.ts on a random port,
 * with SvelteKit served by Vite in middleware mode (these suites run before `vite build`).
 */
describe('workshop export route', () => {
	let store: TestStore;
	let vite: ViteDevServer;
	let server: RunningServer;
	let workshop: WorkshopRecord;
	let facilitatorCookie: string;

	const download = (query: string, cookie?: string) =>
		fetch(`${server.url}/facilitator/w/${workshop.id}/export?${query}`, {
			headers: cookie ? { cookie } : {},
			redirect: 'manual'
		});

	beforeAll(async () => {
		store = newStore('embedded');
		vite = await createServer({
			configFile: 'vite.config.ts',
			server: { middlewareMode: true, hmr: false, ws: false },
			appType: 'custom',
			logLevel: 'silent'
		});
		server = await startRajapinta({
			config: loadConfig({
				PORT: '0',
				HOST: '127.0.0.1',
				SEED_DEMO: 'false',
				LOG_LEVEL: 'quiet',
				...store.env
			}),
			handler: (request, response, next) => vite.middlewares(request, response, next)
		});
		({ workshop, facilitatorCookie } = await seedWorkshop(server.services, { tableCount: 2 }));
		await joinParticipant(server.services, workshop, 'social_services');
		await joinParticipant(server.services, workshop, 'ngo');
		// A board as the sync server stores it: the clover with a note on the client's leaf.
		const doc = new Y.Doc();
		applyBoardTemplate(doc, 'neliapila');
		createNote(doc, { actorType: 'ngo', text: 'Äidinkielen tuki', x: 100, y: 100 });
		createNote(doc, { actorType: 'ngo', text: '=Kuopiossa ensi kerralla', x: 5000, y: 5000 });
		await server.services.storage.documents.append([
			{
				name: roomName({ kind: 'table', workshopId: workshop.id, table: 1 }),
				update: Y.encodeStateAsUpdate(doc)
			}
		]);
	}, 120_000);

	afterAll(async () => {
		await server?.close();
		await vite?.close();
		await store?.drop();
	});

	it('gives the facilitator every format with its content type and a file name', async () => {
		for (const format of EXPORT_FORMAT_LIST) {
			const response = await download(`format=${format}&lang=fi`, facilitatorCookie);
			expect(response.status, format).toBe(200);
			expect(response.headers.get('content-type')).toBe(EXPORT_FORMATS[format].contentType);
			expect(response.headers.get('content-disposition')).toBe(
				`attachment; filename="rajapinta-kuopio-2026-11-23.${format}"`
			);
			expect(response.headers.get('cache-control')).toBe('private, no-store');
			const bytes = new Uint8Array(await response.arrayBuffer());
			let text: string;
			if (format === 'pdf') text = await pdfText(bytes);
			else if (format === 'docx' || format === 'odt' || format === 'ods') {
				const part = unzip(bytes).get(format === 'docx' ? 'word/document.xml' : 'content.xml')!;
				text = texts(parseXml(part), format === 'docx' ? 'w:t' : 'text:p').join(' ');
			} else text = new TextDecoder().decode(bytes);
			expect(text, format).toContain('Äidinkielen tuki');
			if (format !== 'json') expect(text.replace(/\\/g, ''), format).toContain('Kuopio');
		}
	}, 120_000);

	it('reports what exists today: counts of actor types, the knot, none-recorded sections', async () => {
		const response = await download('format=json', facilitatorCookie);
		const report = await response.json();
		expect(report.participantCount).toBe(2);
		expect(report.organisationTypes).toContainEqual({ actorType: 'ngo', count: 1 });
		expect(report.tables[0].knot.leaves[0].items).toEqual(['Äidinkielen tuki']);
		expect(report.commitments).toEqual([]);
		// A picture of table 1's board (table 2 is empty), scaled down from 5,000 board units wide.
		expect(report.boardImages).toHaveLength(1);
		expect(report.boardImages[0]).toMatchObject({ table: 1, mediaType: 'image/png' });
		expect(report.boardImages[0].alt).toContain('2 lappua');
		const png = Buffer.from(report.boardImages[0].data, 'base64');
		expect(pngSize(png).width).toBe(MAX_BOARD_IMAGE_WIDTH);
		expect(png.length).toBeGreaterThan(10_000);
		const md = await (await download('format=md&lang=sv', facilitatorCookie)).text();
		expect(md).toContain('# Rapport från workshopen');
		expect(md).toContain('Inget antecknat.');
		const csv = await (await download('format=csv', facilitatorCookie)).text();
		expect(csv).toContain(`"'=Kuopiossa ensi kerralla"`);
	});

	it('codes the locality with anonymise=1', async () => {
		const response = await download('format=md&lang=en&anonymise=1', facilitatorCookie);
		expect(response.headers.get('content-disposition')).toContain('rajapinta-locality-a-');
		const md = await response.text();
		expect(md).toContain('Locality A');
		expect(md).not.toMatch(/kuopio|Testipaja/i);
	});

	it('refuses a participant, another facilitator and a signed-out request with 404', async () => {
		const participant = await joinParticipant(server.services, workshop);
		const other = await seedWorkshop(server.services);
		for (const cookie of [
			`${PARTICIPANT_COOKIE}=${participant.token}`,
			other.facilitatorCookie,
			undefined
		]) {
			const response = await download('format=json', cookie);
			expect(response.status).toBe(404);
			expect(await response.text()).not.toContain('Äidinkielen');
		}
	});

	it('answers 400 to an unknown format or language', async () => {
		expect((await download('format=xlsx', facilitatorCookie)).status).toBe(400);
		expect((await download('format=pdf&lang=de', facilitatorCookie)).status).toBe(400);
	});
});
