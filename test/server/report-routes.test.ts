import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * The reports API (issue 13): the report of a scope and period, its drill-down, the exports (CSV with a
 * BOM, XLSX with the province's headings grouped by level, PDF with Vietnamese text and charts), and bad
 * input answered 4xx with a code — a scope beyond the caller 403 without any count.
 */
describe('reports API', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  const cookies: Record<string, string> = {};
  let numbers = 0;

  /** An issued outgoing document written straight into the table (the rollup triggers count it). */
  async function issued(
    unitId: string,
    o: { medium?: string; sealed?: boolean; classified?: boolean; on: string },
  ) {
    await t.db.query(
      `INSERT INTO outgoing_documents (unit_id, medium, document_type, notation, subject, status, drafter_user_id,
         pdf_sha256, pdf_size, created_at, updated_at, issued_at, issued_on, sealed_at, signed_at, classification,
         register_id, year, number)
       VALUES ($1, $2, 'Công văn', 'UBND-VP', 'Về việc báo cáo', 'issued', $3, repeat('a', 64), 10, $4::timestamptz,
               $4::timestamptz, $4::timestamptz, ($4::timestamptz AT TIME ZONE INTERVAL '+07:00')::date,
               $5::timestamptz, $5::timestamptz, $6,
               (SELECT id FROM registers WHERE unit_id = $1), 2025, $7)`,
      [
        unitId,
        o.medium ?? 'electronic',
        world.users.clerk.id,
        o.on,
        o.sealed === false || o.medium === 'paper' ? null : o.on,
        o.classified ? 'secret' : 'none',
        ++numbers,
      ],
    );
  }

  before(async () => {
    world = await seedWorld(t.db);
    const [{ password_hash }] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [
      world.users.clerk.id,
    ]);
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash) VALUES ('tinh.clerk', 'Văn thư tỉnh', $1, '{clerk}', $2)`,
      [world.province, password_hash],
    );
    // The seeded units exist from today; these reports look at 2025.
    await t.db.query(`UPDATE units SET valid_from = '2020-01-01'`);
    await t.db.query(
      `INSERT INTO registers (unit_id, direction, year, series) SELECT id, 'outgoing', 2025, 'normal' FROM units`,
    );
    app = await startApp(t.db);
    for (const u of ['bl.clerk', 'bl.specialist', 'tinh.clerk']) {
      const login = await app.server.json('POST', '/api/auth/login', {
        json: { username: u, password: PASSWORD },
      });
      cookies[u] = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
    }
  });
  after(async () => app?.close());

  const get = (u: string, q: string) =>
    app.server.json('GET', `/api/reports${q}`, { headers: { cookie: cookies[u]! } });

  it('reports a unit with everything below it, rates as the province writes them', async () => {
    await issued(world.own, { on: '2025-02-03T09:00:00+07:00' });
    await issued(world.own, { on: '2025-02-04T09:00:00+07:00', sealed: false });
    await issued(world.own, { on: '2025-02-05T09:00:00+07:00', medium: 'paper' });
    await issued(world.own, { on: '2025-02-06T09:00:00+07:00', medium: 'paper', classified: true });
    await issued(world.child, { on: '2025-03-31T23:30:00+07:00' });
    await issued(world.other, { on: '2025-03-02T09:00:00+07:00' });
    const r = await get('bl.clerk', `?period=2025-Q1&scope=subtree&unitId=${world.own}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.units.map((u: { unit: { id: string } }) => u.unit.id)).to.have.members([
      world.own,
      world.child,
    ]);
    const own = r.body.units.find((u: { unit: { id: string } }) => u.unit.id === world.own);
    expect(own.rates.exchange.text).to.equal('66,67% (2/3 văn bản đi)');
    expect(own.rates.signedSeal.text).to.equal('33,33% (1/3 văn bản đi)');
    expect(r.body.total.rates.exchange.text).to.equal('75% (3/4 văn bản đi)');
    expect(r.body.levels.map((l: { level: string }) => l.level)).to.deep.equal([
      'province_district',
      'commune',
    ]);
    expect(r.body.trend).to.have.length(3);
  });

  it('answers 403 REPORT_SCOPE_FORBIDDEN for a unit beyond the caller, with no counts', async () => {
    const r = await get('bl.clerk', `?period=2025-Q1&scope=unit&unitId=${world.other}`);
    expect([r.status, r.body.error.code]).to.deep.equal([403, 'REPORT_SCOPE_FORBIDDEN']);
    expect(JSON.stringify(r.body)).not.to.match(/outTotal|counts|văn bản đi/);
    const prov = await get('bl.clerk', `?period=2025-Q1&scope=province`);
    expect([prov.status, prov.body.error.code]).to.deep.equal([403, 'REPORT_SCOPE_FORBIDDEN']);
    const specialist = await get('bl.specialist', `?period=2025-Q1&scope=unit&unitId=${world.own}`);
    expect(specialist.status).to.equal(403);
    const anonymous = await app.server.json('GET', '/api/reports?period=2025-Q1');
    expect(anonymous.status).to.equal(401);
  });

  it('refuses bad periods with 400 and a message in both languages; a future period is empty and labelled', async () => {
    const back = await get('tinh.clerk', '?period=2025-03-01..2025-01-01');
    expect([back.status, back.body.error.code]).to.deep.equal([400, 'REPORT_PERIOD_INVALID']);
    expect(back.body.error.message).to.be.a('string');
    const long = await get('tinh.clerk', '?period=2010-01-01..2025-01-01');
    expect([long.status, long.body.error.code]).to.deep.equal([400, 'REPORT_PERIOD_TOO_LONG']);
    const junk = await get('tinh.clerk', '?period=Q1-2025');
    expect([junk.status, junk.body.error.code]).to.deep.equal([400, 'REPORT_PERIOD_INVALID']);
    const noUnit = await get('tinh.clerk', '?period=2025-Q1&scope=unit');
    expect([noUnit.status, noUnit.body.error.code]).to.deep.equal([400, 'REPORT_SCOPE_INVALID']);
    const future = await get('tinh.clerk', '?period=2099-Q1');
    expect(future.status).to.equal(200);
    expect(future.body.period.future).to.equal(true);
    expect(future.body.units).to.deep.equal([]);
    expect(future.body.total.rates.exchange.text).to.equal('— (0/0 văn bản đi)');
  });

  it('the province sees every level; the Decree 09 window moves 31/03 into the next quarter', async () => {
    const cal = await get('tinh.clerk', '?period=2025-Q1');
    expect(cal.body.total.counts.outTotal).to.equal(6);
    const d09 = await get('tinh.clerk', '?period=2025-Q1&window=decree09');
    expect(d09.body.period.from).to.equal('2024-12-15');
    // 31/03 23:30 (Vietnam) is after 14/03: in Q2 of the Decree 09 windows.
    expect(d09.body.total.counts.outTotal).to.equal(5);
  });

  it('drills a cell down to its documents, the excluded ones with their reason', async () => {
    const r = await app.server.json(
      'GET',
      `/api/reports/documents?period=2025-Q1&scope=unit&unitId=${world.own}&measure=signed_seal`,
      { headers: { cookie: cookies['bl.clerk']! } },
    );
    expect(r.status).to.equal(200);
    expect(r.body.total).to.equal(1);
    expect(r.body.excludedTotal).to.equal(3);
    expect(r.body.excluded.map((d: { reason: { vi: string } }) => d.reason.vi).sort()).to.deep.equal([
      'Không có chữ ký số của cơ quan',
      'Văn bản giấy (không gửi điện tử)',
      'Văn bản mật: không gửi qua mạng, không tính vào mẫu số các tỷ lệ',
    ]);
  });

  async function download(format: string): Promise<Buffer> {
    const res = await app.server.fetch(`/api/reports/export?period=2025-Q1&format=${format}`, {
      headers: { cookie: cookies['tinh.clerk']! },
    });
    expect(res.status).to.equal(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('exports CSV with a UTF-8 byte order mark and the province’s headings', async () => {
    const csv = await download('csv');
    expect([...csv.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text).to.contain('STT,Đơn vị,Tổng số văn bản đi,Văn bản điện tử,Văn bản giấy');
    expect(text).to.contain('I,"Cấp tỉnh, huyện",5,3,2,1,75%,');
    expect(text).to.contain(',Tổng cộng,6,4,2,1,80%,');
  });

  it('exports XLSX grouped by level, styled', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('xlsx')) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A4').value).to.equal('STT');
    expect(ws.getCell('B4').value).to.equal('Đơn vị');
    expect(ws.getCell('C4').value).to.equal('Tổng số văn bản đi');
    expect(ws.getCell('A4').font.bold).to.equal(true);
    const names = ws.getColumn(2).values.slice(5) as string[];
    expect(names[0]).to.equal('Cấp tỉnh, huyện');
    expect(names).to.include('Cấp xã');
    expect(names.at(-1)).to.equal('Tổng cộng');
    expect(ws.getRow(4 + names.length).getCell(3).value).to.equal(6);
  });

  it('exports PDF with Vietnamese text and the charts drawn as vectors', async () => {
    const pdf = await download('pdf');
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-pdf-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.pdf'), pdf);
      const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).to.contain('BÁO CÁO TÌNH HÌNH GỬI, NHẬN VĂN BẢN ĐIỆN TỬ VÀ KÝ SỐ');
      expect(text).to.contain('Tỷ lệ trao đổi văn bản điện tử: 80% (4/5 văn bản đi)');
      expect(text).to.contain('Văn bản đi theo cấp');
      expect(text).to.contain('Tổng cộng');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
