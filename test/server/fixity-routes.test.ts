import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

describe('server/routes/fixity-routes (GET /api/archive/fixity)', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    const [o] = await t.db.query(
      `INSERT INTO archival_objects (record_id, kind, key, sha256, size, media_type, retain_until, legal_hold,
                                     created_at, last_checked_at, last_check_result)
       VALUES ($1, 'pdf-revision', 'ab/cd/x', $2, 10, 'application/pdf', NULL, true, $3, $3, 'mismatch')
       RETURNING id`,
      [randomUUID(), 'a'.repeat(64), app.clock.now()],
    );
    await t.db.query(
      `INSERT INTO fixity_runs (started_at, heartbeat_at, status, objects_total, objects_checked, bytes_checked, failures)
       VALUES ($1, $1, 'running', 1, 0, 0, 0)`,
      [new Date(app.clock.now().getTime() - 3600_000)],
    );
    await t.db.query(
      `INSERT INTO fixity_events (object_id, sha256, event, detail, occurred_at)
       VALUES ($1, $2, 'mismatch', '{"repaired": false}', $3)`,
      [o.id, 'a'.repeat(64), app.clock.now()],
    );
  });
  after(() => app.close());

  async function get(username: string, path: string) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    return app.server.json('GET', path, { headers: { cookie } });
  }

  it('shows archivists, admins and auditors the coverage; a run without its finish is incomplete, never clean', async () => {
    for (const role of ['archivist', 'admin', 'auditor'] as const) {
      const r = await get(w.users[role].username, '/api/archive/fixity?days=7');
      expect(r.status, role).to.equal(200);
      // The run is the province's checker: everyone sees it.
      expect(r.body.runs[0].status).to.equal('incomplete');
      if (role !== 'admin') {
        // The object belongs to no record of the district's units (per-unit scope: fixity-coverage-units.test.ts).
        expect(r.body).to.include({ days: 7, scope: 'units', totalObjects: 0, failing: 0 });
        expect(r.body.lastFailures).to.deep.equal([]);
        continue;
      }
      expect(r.body).to.include({
        days: 7,
        scope: 'province',
        totalObjects: 1,
        checkedWithinDays: 1,
        failing: 1,
      });
      expect(r.body.lastFailures[0]).to.include({ event: 'mismatch', repaired: false });
    }
  });

  it('refuses other roles (403), anonymous callers (401) and bad input (400 with a code)', async () => {
    for (const role of ['specialist', 'leader', 'clerk'] as const) {
      const r = await get(w.users[role].username, '/api/archive/fixity');
      expect(r.status, role).to.equal(403);
      expect(r.body.error.code).to.equal('FORBIDDEN');
    }
    expect((await app.server.json('GET', '/api/archive/fixity')).status).to.equal(401);
    const bad = await get(w.users.admin.username, '/api/archive/fixity?days=0');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('VALIDATION_FAILED');
  });
});
