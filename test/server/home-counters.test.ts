import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createDraft } from '../../workflows/documents/create-draft';
import { recordLeaderSignature } from '../../workflows/documents/record-leader-signature';
import { submitForReview } from '../../workflows/documents/submit-for-review';
import type { Actor, Role } from '../../workflows/context';
import { endOfWeek } from '../../workflows/notifications/home-counters';
import { useTestDatabase } from '../support/postgres';
import { ctxOf } from '../workflows/fixtures';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * GET /api/home/counters (issue 14 item 10): each counter equals the length of the list it links to,
 * read through that list's own API as the same person (so the same access rules), and the figures are
 * the ones the seeded world implies.
 */
describe('server/routes/home-routes GET /api/home/counters', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;

  const digest = (s: string) => {
    const b = Buffer.from(`%PDF-1.7 ${s}`);
    return { sha256: createHash('sha256').update(b).digest('hex'), size: b.length };
  };
  const actor = (role: Role): Actor => ({
    userId: w.users[role].id,
    username: w.users[role].username,
    unitId: w.own,
    roles: [role],
  });

  async function incoming(status: string, assignee: string | null, deadline: string | null, unit = w.own) {
    await t.db.query(
      `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code,
         external_document_id, document_type, notation, subject, urgency, pdf_sha256, received_at, status_code,
         assignee_user_ids, assigned_at, deadline)
       VALUES ($1, $1, '000.00.00.G12', gen_random_uuid()::text, 'Công văn', '12/BNV-VP', 'Về việc đếm việc cần làm',
         'normal', $2, $3, $4, $5::uuid[], CASE WHEN $4 IN ('05', '06') THEN $3::timestamptz END, $6::date)`,
      [unit, digest(status).sha256, app.clock.now(), status, assignee ? [assignee] : [], deadline],
    );
  }

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db); // clock: Tuesday 01/07/2025 09:00 in Vietnam
    const spec = ctxOf(t.db, actor('specialist'), app.clock);
    const docs = [];
    for (const subject of ['Về việc A', 'Về việc B', 'Về việc C']) {
      const d = await createDraft(spec, {
        documentType: 'Công văn',
        notation: 'UBND-VP',
        subject,
        pdf: digest(subject),
        signerUserId: w.users.leader.id,
        recipients: [{ kind: 'unit', unitId: w.other }],
      });
      await submitForReview(spec, { documentId: d.id });
      docs.push(d);
    }
    await recordLeaderSignature(ctxOf(t.db, actor('leader'), app.clock), {
      documentId: docs[0]!.id,
      signedPdf: digest('signed'),
    });
    const me = w.users.specialist.id;
    const staff = w.targetUsers.own;
    await incoming('01', null, null);
    await incoming('01', null, null);
    await incoming('01', null, null, w.other); // another unit's: counted for nobody here
    await incoming('04', null, null);
    await incoming('05', me, '2025-06-30'); // overdue, mine
    await incoming('05', staff, '2025-06-25'); // overdue, a colleague's
    await incoming('05', me, '2025-07-01'); // due today
    await incoming('05', staff, '2025-07-04'); // due Friday, a colleague's
    await incoming('05', me, '2025-07-06'); // due Sunday
    await incoming('05', me, '2025-07-07'); // next week
    await incoming('06', me, '2025-06-20'); // completed: not overdue
  });
  after(() => app.close());

  async function as(username: string) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    return (path: string) => app.server.json('GET', path, { headers: { cookie } });
  }

  /** The API list a counter's web link shows, read page by page. */
  async function listLength(get: (p: string) => Promise<{ status: number; body: any }>, link: string) {
    const [hash, query = ''] = link.split('?');
    const params = new URLSearchParams(query);
    const api = new URLSearchParams();
    let path: string;
    if (hash === '#/review') path = '/api/outgoing?box=to_sign';
    else if (hash === '#/seal') path = '/api/outgoing?box=to_number';
    else {
      expect(hash).to.equal('#/inbox');
      if (params.get('status')) api.set('status', params.get('status')!);
      if (params.get('overdue') === '1') api.set('overdue', 'true');
      if (params.get('dueBy')) api.set('dueBy', params.get('dueBy')!);
      path = `/api/incoming?${api}`;
    }
    let n = 0;
    let cursor: string | null = null;
    do {
      const r = await get(`${path}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(r.status, path).to.equal(200);
      n += r.body.items.length;
      cursor = r.body.nextCursor;
    } while (cursor);
    return n;
  }

  for (const [username, expected] of [
    ['bl.leader', { toSign: 2, toAssign: 1, overdue: 2, dueThisWeek: 3 }],
    ['bl.clerk', { toSeal: 1, toRegister: 2 }],
    ['bl.specialist', { overdue: 1, dueThisWeek: 2 }],
    ['bl.auditor', {}],
  ] as const) {
    it(`${username}: the counters of the role, each equal to its list`, async () => {
      const get = await as(username);
      const r = await get('/api/home/counters');
      expect(r.status).to.equal(200);
      expect(r.body.dueBy).to.equal('2025-07-06');
      const got = Object.fromEntries(
        r.body.items.map((c: { key: string; count: number }) => [c.key, c.count]),
      );
      expect(got).to.deep.equal(expected);
      for (const c of r.body.items as { key: string; count: number; link: string }[])
        expect(await listLength(get, c.link), c.key).to.equal(c.count);
    });
  }

  it('needs a session; the week ends on Sunday', async () => {
    expect((await app.server.json('GET', '/api/home/counters')).status).to.equal(401);
    expect(endOfWeek('2025-07-01')).to.equal('2025-07-06');
    expect(endOfWeek('2025-07-06')).to.equal('2025-07-06');
    expect(endOfWeek('2025-07-07')).to.equal('2025-07-13');
  });
});
