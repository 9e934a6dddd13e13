import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ROLES, type Role } from '../../workflows/context';
import { renderSearchCsv } from '../../workflows/search/export-search-results';
import { reindexIncoming, reindexOutgoing } from '../../workflows/search/reindex-documents';
import type { SearchHit } from '../../workflows/search/search-documents';
import { useTestDatabase } from '../support/postgres';
import { insertIncoming, insertOutgoing } from '../workflows/search/search-fixtures';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

const EXAMPLE_HIT: SearchHit = {
  kind: 'outgoing',
  id: 'x',
  unitId: '00000000-0000-4000-8000-000000000001',
  title: '',
  number: null,
  documentType: null,
  issuer: null,
  signer: null,
  issuedAt: null,
  arrivedAt: null,
  dueAt: null,
  status: null,
  urgency: null,
  year: null,
  level: null,
  fileCode: null,
  retention: null,
  edxmlId: null,
  score: 0,
  titleMarks: [],
  snippet: [],
};

/**
 * /api/search over HTTP: authentication on every route, the role × unit matrix through the API (hit ids,
 * totals and facets), hostile queries answering 400 with a code (never 500), the exports (CSV with a BOM,
 * XLSX) and saved searches that belong to one account.
 */
describe('server /api/search', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;
  const tokens = {} as Record<Role, string>;
  const ids: Record<string, string> = {};
  const get = (role: Role, path: string) =>
    app.server.json('GET', path, { headers: { authorization: `Bearer ${tokens[role]}` } });

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    for (const role of ROLES) {
      const login = await app.server.json('POST', '/api/auth/login', {
        json: { username: w.users[role].username, password: PASSWORD },
      });
      const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
      const token = await app.server.json('POST', '/api/tokens', {
        json: { name: `search ${role}` },
        headers: { cookie, 'x-csrf-token': login.body.csrfToken },
      });
      tokens[role] = token.body.token;
    }
    ids.issued = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: w.users.specialist.id,
      signerUserId: w.users.leader.id,
      subject: 'Quyết định về công tác phòng chống hạn mặn năm 2025 =SUM(A1)',
      number: 2,
      issuedOn: '2025-02-03',
    });
    ids.draft = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: w.users.specialist.id,
      status: 'draft',
      subject: 'Dự thảo kế hoạch phòng chống hạn mặn',
    });
    ids.other = await insertOutgoing(t.db, {
      unitId: w.other,
      drafterUserId: w.targetUsers.other,
      subject: 'Quyết định phòng chống hạn mặn huyện Cần Đước',
      number: 1,
      issuedOn: '2025-01-10',
    });
    ids.inbox = await insertIncoming(t.db, {
      recipientUnitId: w.own,
      subject: 'Công văn hướng dẫn phòng chống hạn mặn',
      notation: '09/HD-SNN',
    });
    await t.db.transaction(async (m) => {
      await reindexOutgoing(m, [ids.issued!, ids.draft!, ids.other!]);
      await reindexIncoming(m, [ids.inbox!]);
    });
  });
  after(async () => app?.close());

  it('answers 401 without credentials on every search route', async () => {
    for (const [method, path] of [
      ['GET', '/api/search?q=han+man'],
      ['GET', '/api/search/export?format=csv'],
      ['GET', '/api/search/saved'],
      ['POST', '/api/search/saved'],
      ['DELETE', '/api/search/saved/00000000-0000-4000-8000-000000000000'],
    ] as const)
      expect(
        (await app.server.json(method, path, { json: method === 'POST' ? {} : undefined })).status,
      ).to.equal(401);
  });

  it('shows each role exactly its pages’ documents, in hits, totals and facets', async () => {
    const expected: Record<Role, string[]> = {
      specialist: [ids.issued!, ids.draft!], // its own draft; the inbox document is not assigned to it
      leader: [ids.issued!, ids.inbox!],
      clerk: [ids.issued!, ids.inbox!],
      archivist: [ids.issued!, ids.inbox!],
      auditor: [ids.issued!, ids.inbox!],
      admin: [ids.issued!], // no inbox role
    };
    for (const role of ROLES) {
      const r = await get(role, '/api/search?q=phong+chong+han+man&facets=true');
      expect(r.status, role).to.equal(200);
      expect(
        r.body.hits.map((h: { id: string }) => h.id),
        role,
      ).to.have.members(expected[role]);
      expect(r.body.total, role).to.equal(expected[role].length);
      const years = r.body.facets.year.reduce((n: number, f: { count: number }) => n + f.count, 0);
      expect(years, role).to.equal(expected[role].length);
    }
    // A unit the caller cannot read: nothing, not an error that tells it exists.
    const r = await get('clerk', `/api/search?q=han+man&unit=${w.other}`);
    expect(r.body.total).to.equal(0);
  });

  it('answers hostile input with 400 and a code, or a bounded result — never 500', async () => {
    const queries = [
      `q=${encodeURIComponent("'; DROP TABLE search_entries; --")}`,
      `q=${encodeURIComponent('"unbalanced (( [ \\ .* $^')}`,
      `q=${encodeURIComponent(Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' '))}`,
      `q=${encodeURIComponent(Array.from({ length: 400 }, (_, i) => `${i % 10}`).join(' '))}`,
      `q=${encodeURIComponent('a'.repeat(1001))}`,
      `q=nul%00byte`,
      `q=nam:abcd`,
      `q=x&page=0`,
      `q=x&page=999`,
      `q=x&pageSize=1000`,
      `q=x&sort=random`,
      `year=20244`,
      `kind=nope`,
      `q=x&unknown=1`,
    ];
    for (const qs of queries) {
      const r = await get('clerk', `/api/search?${qs}`);
      const label = qs.slice(0, 80);
      // 431: Node's HTTP parser refuses a request line that long before the app sees it (10,000 terms).
      expect(r.status, label).to.be.oneOf([200, 400, 431]);
      if (r.status === 400) {
        expect(r.body.error.code, label).to.be.a('string');
        expect(r.body.error.message, label).to.be.a('string');
      }
    }
    expect((await get('clerk', `/api/search?q=${'a'.repeat(1001)}`)).status).to.equal(400);
  });

  it('exports the result list as CSV (UTF-8 BOM, formulas neutralised) and XLSX', async () => {
    const csv = await app.server.fetch('/api/search/export?format=csv&q=han+man', {
      headers: { authorization: `Bearer ${tokens.clerk}` },
    });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines).to.have.length(3); // header + the clerk's two documents
    expect(lines[0]).to.include('"Số, ký hiệu"').and.include('"Trích yếu"');
    expect(text).to.include('"02/QĐ-UBND"').and.include('Quyết định về công tác phòng chống hạn mặn');
    expect(text).not.to.include('Cần Đước');

    // A cell that a spreadsheet would run as a formula is kept as text.
    const hostile = renderSearchCsv([{ ...EXAMPLE_HIT, title: '=HYPERLINK("http://x","y")' }]).toString(
      'utf8',
    );
    expect(hostile).to.include(`"'=HYPERLINK(""http://x"",""y"")"`);

    const xlsx = await app.server.fetch('/api/search/export?format=xlsx&q=han+man', {
      headers: { authorization: `Bearer ${tokens.clerk}` },
    });
    expect(xlsx.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).to.equal(4); // title, header, two rows
    const subjects = [ws.getRow(3).getCell(7).value, ws.getRow(4).getCell(7).value];
    expect(subjects.join('|')).to.include('hạn mặn');
  });

  it('keeps saved searches per account: create, replace by name, list, delete; another account’s is not found', async () => {
    const auth = (role: Role) => ({ authorization: `Bearer ${tokens[role]}` });
    const made = await app.server.json('POST', '/api/search/saved', {
      json: { name: 'Hạn mặn 2025', query: 'han man nam:2025', filters: { kind: ['outgoing'] } },
      headers: auth('clerk'),
    });
    expect(made.status).to.equal(201);
    const again = await app.server.json('POST', '/api/search/saved', {
      json: { name: 'Hạn mặn 2025', query: 'han man nam:2024' },
      headers: auth('clerk'),
    });
    expect(again.body.id).to.equal(made.body.id);
    const list = await get('clerk', '/api/search/saved');
    expect(list.body.items.map((s: { query: string }) => s.query)).to.deep.equal(['han man nam:2024']);
    expect((await get('leader', '/api/search/saved')).body.items).to.deep.equal([]);
    const bad = await app.server.json('POST', '/api/search/saved', {
      json: { name: 'x', query: 'nam:20x4' },
      headers: auth('clerk'),
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('SEARCH_QUERY_INVALID');
    const theirs = await app.server.json('DELETE', `/api/search/saved/${made.body.id}`, {
      headers: auth('leader'),
    });
    expect(theirs.status).to.equal(404);
    expect(theirs.body.error.code).to.equal('SAVED_SEARCH_NOT_FOUND');
    const mine = await app.server.json('DELETE', `/api/search/saved/${made.body.id}`, {
      headers: auth('clerk'),
    });
    expect(mine.status).to.equal(204);
  });
});
