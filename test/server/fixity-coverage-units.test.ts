import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * GET /api/archive/fixity scoped to the caller's units (docs/archive.md, "Fixity"): archival objects of
 * two districts (one with a commune below it); an archivist or auditor of a district sees the objects and
 * failures of their district and its commune only, the other district's archivist only theirs, the
 * province archive and an admin everything.
 */
describe('server/routes/fixity-routes: coverage per unit', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let w: World;
  const names = { other: 'cd.archivist', province: 'tinh.archivist' };

  before(async () => {
    w = await seedWorld(t.db);
    app = await startApp(t.db);
    const [{ password_hash: hash }] = (await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [
      w.users.archivist.id,
    ])) as { password_hash: string }[];
    for (const [username, unitId] of [
      [names.other, w.other],
      [names.province, w.province],
    ] as const) {
      await t.db.query(
        `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
         VALUES ($1, 'Lưu Trữ Viên', $2, '{archivist}', $3)`,
        [username, unitId, hash],
      );
    }
    const now = app.clock.now();
    const [{ id: retentionId }] = (await t.db.query(`SELECT id FROM retention_periods LIMIT 1`)) as {
      id: string;
    }[];
    const by = w.users.archivist.id;
    /** An archival record of `unitId` with objects: [last result or null (never checked), a failure event?]. */
    const record = async (unitId: string, objects: ('ok' | 'mismatch' | null)[]) => {
      const [f] = (await t.db.query(
        `INSERT INTO case_files (unit_id, year, file_code, title, retention_id, person_in_charge_id, status,
           start_date, end_date, created_by, created_at, updated_at)
         VALUES ($1, 2025, $2, 'Hồ sơ', $3, $4, 'archived', '2025-01-01', '2025-12-31', $4, $5, $5) RETURNING id`,
        [unitId, `F.${randomUUID().slice(0, 8)}`, retentionId, by, now],
      )) as { id: string }[];
      const [tr] = (await t.db.query(
        `INSERT INTO archive_transfers (unit_id, submitted_by, submitted_at) VALUES ($1, $2, $3) RETURNING id`,
        [unitId, by, now],
      )) as { id: string }[];
      const [r] = (await t.db.query(
        `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal,
           retain_until, metadata, accepted_by, accepted_at)
         VALUES ($1, $2, 'outgoing', $3, $4, 1, '2035-12-31', '{}', $5, $6) RETURNING id`,
        [f!.id, tr!.id, randomUUID(), unitId, by, now],
      )) as { id: string }[];
      for (const result of objects) {
        const sha = randomUUID().replace(/-/g, '').padEnd(64, '0');
        const [o] = (await t.db.query(
          `INSERT INTO archival_objects (record_id, kind, key, sha256, size, media_type, retain_until,
             legal_hold, created_at, last_checked_at, last_check_result)
           VALUES ($1, 'pdf-revision', $2, $3, 100, 'application/pdf', '2035-12-31', false, $4, $5, $6)
           RETURNING id`,
          [r!.id, `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`, sha, now, result ? now : null, result],
        )) as { id: string }[];
        if (result === 'mismatch') {
          await t.db.query(
            `INSERT INTO fixity_events (object_id, sha256, event, detail, occurred_at)
             VALUES ($1, $2, 'mismatch', '{"repaired": false}', $3)`,
            [o!.id, sha, now],
          );
        }
      }
      return r!.id;
    };
    ownRecord = await record(w.own, ['ok', 'mismatch']);
    childRecord = await record(w.child, [null]);
    otherRecord = await record(w.other, ['mismatch']);
  });
  after(() => app.close());
  let ownRecord: string;
  let childRecord: string;
  let otherRecord: string;

  async function coverage(username: string) {
    const r = await app.server.json('POST', '/api/auth/login', { json: { username, password: PASSWORD } });
    const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const res = await app.server.json('GET', '/api/archive/fixity?days=7', { headers: { cookie } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as {
      scope: string;
      totalObjects: number;
      totalBytes: number;
      checkedWithinDays: number;
      neverChecked: number;
      failing: number;
      lastFailures: { recordId: string }[];
    };
  }

  it("shows a district's archivist and auditor their district and the commune below it, nothing of the other", async () => {
    for (const username of [w.users.archivist.username, w.users.auditor.username]) {
      const c = await coverage(username);
      expect(c, username).to.include({
        scope: 'units',
        totalObjects: 3,
        totalBytes: 300,
        checkedWithinDays: 2,
        neverChecked: 1,
        failing: 1,
      });
      expect(c.lastFailures.map((f) => f.recordId)).to.deep.equal([ownRecord]);
    }
    const other = await coverage(names.other);
    expect(other).to.include({ scope: 'units', totalObjects: 1, failing: 1, neverChecked: 0 });
    expect(other.lastFailures.map((f) => f.recordId)).to.deep.equal([otherRecord]);
    expect(childRecord).to.be.a('string');
  });

  it('shows the province archive and an admin every unit', async () => {
    for (const username of [names.province, w.users.admin.username]) {
      const c = await coverage(username);
      expect(c, username).to.include({ scope: 'province', totalObjects: 4, failing: 2, neverChecked: 1 });
      expect(c.lastFailures.map((f) => f.recordId).sort()).to.deep.equal([ownRecord, otherRecord].sort());
    }
  });
});
