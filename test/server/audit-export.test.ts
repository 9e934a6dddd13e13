import { expect } from 'chai';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { AUDIT_EVENT_NAMES } from '../../workflows/audit/audit-event-names';
import { AUDIT_EXPORT_MAX_ROWS } from '../../workflows/audit/export-audit-events';
import { useTestDatabase } from '../support/postgres';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from './signing/signing-app';
import { seedWorld, type World } from './support/world';

/**
 * GET /api/audit/events/export?format=csv|xlsx (issue 14 item 15): the list's filters and access, the
 * unit's name (not its id), the event's Vietnamese name, CSV with a UTF-8 byte-order mark, XLSX read back
 * with exceljs, a formula-looking value kept as text, and more than the bound refused with 422.
 */
describe('GET /api/audit/events/export', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  let auditor: string;
  let unitName: string;

  /** Appends events straight to the table (listing does not verify the chain). */
  async function insertEvents(type: string, count: number, payload: object, actor = 'bl.leader') {
    await t.db.query(
      `INSERT INTO audit_events (seq, type, actor_username, unit_id, occurred_at, payload, prev_hash, hash)
       SELECT m.s + g, $1, $2, $3, '2026-12-01T03:04:05Z', $4::jsonb,
              encode(sha256(convert_to('p' || (m.s + g), 'UTF8')), 'hex'),
              encode(sha256(convert_to('h' || (m.s + g) || $1, 'UTF8')), 'hex')
         FROM generate_series(1, $5::int) g, (SELECT coalesce(max(seq), 0) AS s FROM audit_events) m`,
      [type, actor, world.own, JSON.stringify(payload), count],
    );
  }

  before(async () => {
    world = await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    auditor = await tokenFor(app, 'bl.auditor');
    [{ name: unitName }] = await t.db.query(`SELECT name FROM units WHERE id = $1`, [world.own]);
    await insertEvents('DOCUMENT_SIGNED', 2, { note: '=HYPERLINK("x")', level: 'B-LT' });
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const get = (query: string, token: string | null = auditor) =>
    app.fetch(`/api/audit/events/export?${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('refuses without a session (401), a clerk (403), a bad format (400) and another unit (404)', async () => {
    expect((await get('format=csv', null)).status).to.equal(401);
    expect((await get('format=csv', await tokenFor(app, 'bl.clerk'))).status).to.equal(403);
    const bad = await get('format=pdf');
    expect(bad.status).to.equal(400);
    const other = await get(`format=csv&unit=${world.other}`);
    expect([other.status, (await other.json()).error.code]).to.deep.equal([404, 'UNIT_NOT_FOUND']);
  });

  it('exports CSV with a BOM, the Vietnamese event name and the unit name, filtered by type', async () => {
    const res = await get('format=csv&type=DOCUMENT_SIGNED');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).to.match(/nhat-ky-he-thong-\d{4}-\d{2}-\d{2}\.csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines.at(-1)).to.equal('');
    expect(lines[0]).to.contain('"Sự kiện / Event"').and.contain('"Đơn vị / Unit"');
    expect(lines.length).to.equal(4); // header, two events, the final CRLF
    const row = lines[1]!;
    expect(row).to.contain(`"${AUDIT_EVENT_NAMES.DOCUMENT_SIGNED!.vi}"`);
    expect(row).to.contain(`"${unitName}"`).and.not.contain(world.own);
    expect(row).to.contain('"01/12/2026 10:04:05"');
    expect(row).to.contain('"bl.leader"');
  });

  it('exports XLSX read back by exceljs: header frozen, names, formula text kept as text', async () => {
    const res = await get('format=xlsx&type=DOCUMENT_SIGNED&username=bl.leader');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Nhật ký hệ thống')!;
    expect(ws.rowCount).to.equal(3);
    expect(ws.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    const values = (ws.getRow(2).values as unknown[]).slice(1);
    expect(values[2]).to.equal(AUDIT_EVENT_NAMES.DOCUMENT_SIGNED!.vi);
    expect(values[3]).to.equal('DOCUMENT_SIGNED');
    expect(values[5]).to.equal(unitName);
    expect(String(values[7])).to.contain('=HYPERLINK').and.match(/^\{/);
    const none = await get('format=xlsx&type=DOCUMENT_SIGNED&username=nobody');
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load(Buffer.from(await none.arrayBuffer()) as unknown as ArrayBuffer);
    expect(empty.getWorksheet('Nhật ký hệ thống')!.rowCount).to.equal(1);
  });

  it(`refuses more than ${AUDIT_EXPORT_MAX_ROWS} rows with 422 AUDIT_EXPORT_TOO_LARGE, exactly the bound passes`, async () => {
    await insertEvents('BULK_EXPORT_CHECK', AUDIT_EXPORT_MAX_ROWS, { n: 1 });
    const atBound = await get('format=csv&type=BULK_EXPORT_CHECK');
    expect(atBound.status).to.equal(200);
    const text = Buffer.from(await atBound.arrayBuffer()).toString('utf8');
    expect(text.split('\r\n').length).to.equal(AUDIT_EXPORT_MAX_ROWS + 2);
    await insertEvents('BULK_EXPORT_CHECK', 1, { n: 2 });
    const over = await get('format=xlsx&type=BULK_EXPORT_CHECK');
    expect(over.status).to.equal(422);
    const body = await over.json();
    expect(body.error.code).to.equal('AUDIT_EXPORT_TOO_LARGE');
    expect(body.error.messageVi).to.contain('thu hẹp');
    expect(body.error.details).to.deep.equal({ max: AUDIT_EXPORT_MAX_ROWS });
  });

  it('is in the OpenAPI document', async () => {
    const doc = await app.json('GET', '/api/openapi.json', {});
    expect(
      doc.body.paths['/api/audit/events/export'].get.parameters.map((p: { name: string }) => p.name),
    ).to.include.members(['format', 'unit', 'type', 'username', 'from', 'to']);
  });
});
