import { expect } from 'chai';
import type { Urgency } from '../../../workflows/documents/outgoing-document';
import { useTestDatabase } from '../../support/postgres';
import { pdfBytes } from '../../workflows/exchange/exchange-pdf';
import { startApp, type RunningApp } from '../support/world';
import { sealedDocument, seedExchangeWorld, type ExchangeWorld } from './support/exchange-world';

/**
 * The inbox over HTTP: urgent first then newest, keyset pages, filters (status, urgency, overdue, dates,
 * recall), Vietnamese search with or without diacritics, counters, and who sees which inbox.
 */
describe('HTTP exchange: the inbox (GET /api/incoming)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;
  /** Incoming ids at `own`, by letter. */
  const ids: Record<string, string> = {};

  const get = async (path: string, actor = w.actors.own.clerk) => {
    const r = await app.server.json('GET', path, { headers: w.bearer(actor) });
    return r;
  };
  const letters = async (path: string, actor = w.actors.own.clerk) => {
    const r = await get(path, actor);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return (r.body.items as { id: string }[]).map((i) => byId[i.id]).join('');
  };

  before(async () => {
    app = await startApp(t.db);
    app.clock.set('2026-03-02T08:00:00+07:00');
    w = await seedExchangeWorld(t.db, app.clock);
    const docs: [string, Urgency, string, string][] = [
      ['A', 'normal', 'KH-UBND', 'Về việc tổ chức Hội nghị tổng kết công tác năm 2025'],
      ['B', 'very_urgent', 'KH-UBND', 'Kế hoạch phòng, chống thiên tai năm 2026'],
      ['C', 'normal', 'QĐ-UBND', 'Quyết định thành lập Đoàn kiểm tra liên ngành'],
      ['D', 'flash', 'CĐ-UBND', 'Công điện về ứng phó bão số 3'],
      ['E', 'normal', 'TB-UBND', 'Thông báo lịch tiếp công dân tháng 3'],
    ];
    for (const [letter, urgency, notation, subject] of docs) {
      if (letter === 'E') app.clock.set('2026-03-03T08:00:00+07:00');
      const doc = await sealedDocument(t.db, app.objects, app.clock, w.actors.province, await pdfBytes(), {
        urgency,
        notation,
        subject,
        recipients: [{ kind: 'unit', unitId: w.own }],
      });
      const sent = await app.server.json('POST', `/api/outgoing/${doc.id}/send`, {
        headers: w.bearer(w.actors.province.clerk),
      });
      expect(sent.status).to.equal(200);
      const [{ id }]: { id: string }[] = await t.db.query(
        `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
        [doc.id],
      );
      ids[letter] = id;
      app.clock.advance(60_000);
    }
  });
  after(async () => app?.close());

  it('lists urgent documents first, then the newest, and pages with nextCursor to the end', async () => {
    expect(await letters('/api/incoming')).to.equal('DBECA');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(`/api/incoming?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).to.equal(200);
      seen.push(...r.body.items.map((i: { id: string }) => i.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(['D', 'B', 'E', 'C', 'A'].map((l) => ids[l]));
  });

  it('finds by words of the subject or the notation, with or without diacritics, in any case', async () => {
    expect(await letters('/api/incoming?q=quyet%20dinh')).to.equal('C');
    expect(await letters(`/api/incoming?q=${encodeURIComponent('BÃO số')}`)).to.equal('D');
    expect(await letters(`/api/incoming?q=${encodeURIComponent('cđ-ubnd')}`)).to.equal('D');
    expect(await letters('/api/incoming?q=ke%20hoach%202026')).to.equal('B');
    expect(await letters('/api/incoming?q=KH-UBND')).to.equal('BA');
    expect(await letters('/api/incoming?q=100%25')).to.equal('');
  });

  it('filters by status, urgency and the day received (Vietnam calendar, inclusive)', async () => {
    const reg = await app.server.json('POST', `/api/incoming/${ids.A}/register`, {
      headers: w.bearer(w.actors.own.clerk),
    });
    expect(reg.status).to.equal(200);
    expect(await letters('/api/incoming?status=03')).to.equal('A');
    expect(await letters('/api/incoming?status=01')).to.equal('DBEC');
    expect(await letters('/api/incoming?status=01,03')).to.equal('DBECA');
    expect(await letters('/api/incoming?urgent=true')).to.equal('DB');
    expect(await letters('/api/incoming?urgent=false')).to.equal('ECA');
    expect(await letters('/api/incoming?from=2026-03-03')).to.equal('E');
    expect(await letters('/api/incoming?to=2026-03-02')).to.equal('DBCA');
    expect(await letters('/api/incoming?from=2026-03-02&to=2026-03-02&urgent=false')).to.equal('CA');
  });

  it('flags documents in progress past their deadline as overdue, and counts them', async () => {
    const h = w.bearer(w.actors.own.clerk);
    await app.server.json('POST', `/api/incoming/${ids.A}/forward`, { headers: h });
    const assigned = await app.server.json('POST', `/api/incoming/${ids.A}/assign`, {
      json: { assigneeUserIds: [w.actors.own.specialist.userId], deadline: '2026-03-04' },
      headers: w.bearer(w.actors.own.leader),
    });
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
    expect(await letters('/api/incoming?overdue=true')).to.equal('');
    app.clock.set('2026-03-05T09:00:00+07:00');
    expect(await letters('/api/incoming?overdue=true')).to.equal('A');
    expect(await letters('/api/incoming?overdue=false')).to.equal('DBEC');
    const item = (await get('/api/incoming?overdue=true')).body.items[0];
    expect(item).to.include({ overdue: true, deadline: '2026-03-04', statusCode: '05' });
    expect(await letters('/api/incoming?assignedToMe=true', w.actors.own.specialist)).to.equal('A');

    const summary = await get('/api/incoming/summary');
    expect(summary.status).to.equal(200);
    expect(summary.body).to.deep.equal({
      unitId: w.own,
      byStatus: { '01': 4, '05': 1 },
      urgentWaiting: 2,
      overdue: 1,
      recallPending: 0,
      assignedToMe: 0,
    });
    const mine = await get('/api/incoming/summary', w.actors.own.specialist);
    expect(mine.body).to.include({ overdue: 1, assignedToMe: 1 });
    expect(mine.body.byStatus).to.deep.equal({ '05': 1 });
  });

  it('lets a unit above read the inbox, and answers another unit with 404', async () => {
    expect(await letters(`/api/incoming?unit=${w.own}`, w.actors.province.leader)).to.equal('DBECA');
    const other = await get(`/api/incoming?unit=${w.own}`, w.actors.other.clerk);
    expect(other.status).to.equal(404);
    expect(other.body.error.code).to.equal('UNIT_NOT_FOUND');
    expect(await letters('/api/incoming', w.actors.other.clerk)).to.equal('');
    const admin = await get('/api/incoming', w.actors.own.admin);
    expect(admin.status).to.equal(403);
  });

  it('refuses bad queries with 400 and says which part is wrong', async () => {
    const cursor = await get('/api/incoming?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).to.equal(400);
    expect(cursor.body.error.code).to.equal('INCOMING_QUERY_INVALID');
    expect(cursor.body.error.details).to.deep.equal({ field: 'cursor' });
    for (const q of ['status=07', 'urgent=yes', 'from=2026-02-30', 'limit=0', 'colour=red']) {
      const r = await get(`/api/incoming?${q}`);
      expect(r.status, q).to.equal(400);
      expect(r.body.error.code, q).to.match(/VALIDATION_FAILED|DATE_INVALID/);
    }
  });
});
