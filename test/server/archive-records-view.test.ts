import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { configureArchiveStorage } from '../../workflows/archive/archival-objects';
import { closeCaseFile, createCaseFile, fileDocument } from '../../workflows/archive/case-files';
import { listRetentionPeriods } from '../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../workflows/archive/transfers';
import { systemClock, type Actor, type Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { issuedOutgoing } from '../workflows/archive/archive-world';
import { ctxOf } from '../workflows/fixtures';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/** The record view's API: GET /api/archive/records/:id — the record and its stored object versions, unit-scoped. */
describe('GET /api/archive/records/:id (issue 11 item 10)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;
  let fileId: string;
  const sessions = new Map<string, Record<string, string>>();

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    configureArchiveStorage({ clock: app.clock });
    const actor = (role: Role): Actor => ({
      userId: w.users[role].id,
      username: w.users[role].username,
      unitId: w.own,
      roles: [role],
    });
    const as = (role: Role) => ctxOf(t.db, actor(role), app.clock);
    const tenYears = (await listRetentionPeriods(as('specialist'))).find((r) => r.years === 10)!.id;
    const doc = await issuedOutgoing(t.db, app.objects, {
      unitId: w.own,
      drafter: actor('specialist'),
      issuedOn: '2024-03-10',
    });
    const f = await createCaseFile(as('specialist'), {
      year: 2024,
      fileCode: '07.GOI',
      title: 'Hồ sơ thử xem tài liệu',
      retentionId: tenYears,
    });
    fileId = f.id;
    await fileDocument(as('specialist'), { fileId, sourceKind: 'outgoing', sourceId: doc.id });
    await closeCaseFile(as('specialist'), { fileId, endDate: '2024-12-31' });
    const sent = await submitTransfer(as('specialist'), { fileIds: [fileId] });
    await acceptTransfer(as('archivist'), app.objects, sent.id);
  });
  after(async () => {
    configureArchiveStorage({ clock: systemClock });
    await app.close();
  });

  async function headers(role: Role): Promise<Record<string, string>> {
    let h = sessions.get(role);
    if (!h) {
      const r = await app.server.json('POST', '/api/auth/login', {
        json: { username: w.users[role].username, password: PASSWORD },
      });
      const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
      h = { cookie, 'x-csrf-token': r.body.csrfToken as string };
      sessions.set(role, h);
    }
    return h;
  }
  const call = async (role: Role, method: string, path: string, json?: unknown) =>
    app.server.json(method, path, { headers: await headers(role), json });
  const expectError = (r: { status: number; body: any }, status: number, code: string) => {
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    expect(r.body.error.code).to.equal(code);
    expect(r.body.error.messageVi).to.be.a('string').and.not.equal('');
  };

  it("401 without a session, 403 for a specialist, 404 for an unknown id and for another unit's record", async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    expect((await app.server.json('GET', `/api/archive/records/${rec!.id}`)).status).to.equal(401);
    expectError(await call('specialist', 'GET', `/api/archive/records/${rec!.id}`), 403, 'FORBIDDEN');
    expectError(
      await call('archivist', 'GET', `/api/archive/records/${randomUUID()}`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    await t.db.query(`UPDATE archival_records SET unit_id = $2 WHERE id = $1`, [rec!.id, w.other]);
    try {
      expectError(
        await call('archivist', 'GET', `/api/archive/records/${rec!.id}`),
        404,
        'ARCHIVAL_RECORD_NOT_FOUND',
      );
    } finally {
      await t.db.query(`UPDATE archival_records SET unit_id = $2 WHERE id = $1`, [rec!.id, w.own]);
    }
  });

  it('an archivist and an auditor read the record with every stored object version', async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    const stored = (await t.db.query(
      `SELECT id, kind, sha256 FROM archival_objects WHERE record_id = $1 ORDER BY id`,
      [rec!.id],
    )) as { id: string; kind: string; sha256: string }[];
    expect(stored.length).to.be.greaterThan(0);
    for (const role of ['archivist', 'auditor'] as const) {
      const r = await call(role, 'GET', `/api/archive/records/${rec!.id}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.record.id).to.equal(rec!.id);
      expect(r.body.record.fileCode).to.equal('07.GOI');
      expect(r.body.unitId).to.equal(w.own);
      const got = (r.body.versions as { id: string; kind: string; sha256: string }[])
        .map(({ id, kind, sha256 }) => ({ id, kind, sha256 }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(got).to.deep.equal(stored);
    }
  });

  it("streams the record's newest archival PDF, hash-verified, to its readers only", async () => {
    const [rec] = (await t.db.query(`SELECT id FROM archival_records WHERE file_id = $1`, [fileId])) as {
      id: string;
    }[];
    expectError(await call('specialist', 'GET', `/api/archive/records/${rec!.id}/pdf`), 403, 'FORBIDDEN');
    expectError(
      await call('auditor', 'GET', `/api/archive/records/${randomUUID()}/pdf`),
      404,
      'ARCHIVAL_RECORD_NOT_FOUND',
    );
    const [pdf] = (await t.db.query(
      `SELECT sha256 FROM archival_objects WHERE record_id = $1 AND kind = 'pdf-revision'
        ORDER BY created_at DESC, size DESC, id LIMIT 1`,
      [rec!.id],
    )) as { sha256: string }[];
    const r = await app.server.fetch(`/api/archive/records/${rec!.id}/pdf?disposition=inline`, {
      headers: await headers('auditor'),
    });
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('application/pdf');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(pdf!.sha256);
  });
});
