import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { runCli } from '../../../server/cli/main';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import { appendAuditEvent } from '../../../workflows/audit/append-audit-event';
import { anchorAuditHead, readAuditAnchors, useAuditAnchorsDir } from '../../../workflows/audit/audit-anchor';
import { auditHash } from '../../../workflows/audit/audit-hash';
import { auditKeyOf, useAuditKey } from '../../../workflows/audit/audit-key';
import { tempDir, testPki } from '../../signing/pki/dev-pki-fixture';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';

/**
 * `vanban audit verify` against the four ways of tampering with the trail that issue 10 item 12 names,
 * done as a database superuser can (triggers bypassed): an edit of one row, the newest rows deleted, a
 * row edited and the chain recomputed after it (SHA-256 as before the key, or a guessed key), and a chain
 * recomputed from the first row as an unkeyed one. The key (AUDIT_HMAC_KEY) and the anchors (DATA_DIR/
 * audit, with an RFC 3161 token from a development TSA in the object store) are outside the database.
 */
describe('vanban audit verify', function () {
  this.timeout(60_000);
  const clock = { now: () => new Date('2025-03-01T08:00:00+07:00') };
  const keyHex = randomBytes(32).toString('hex');
  const key = auditKeyOf(Buffer.from(keyHex, 'hex'));
  const saved = { ...process.env };
  const opened: TestDatabase[] = [];
  const root = tempDir('audit-cli');

  after(async () => {
    // The command set both for the process: later specs verify without them.
    useAuditKey(undefined);
    useAuditAnchorsDir(undefined);
    for (const k of ['DATABASE_URL', 'DATA_DIR', 'AUDIT_HMAC_KEY']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    for (const t of opened) await t.drop();
  });

  /** A database with `unkeyed` events from before the key, then `keyed` keyed ones, anchored; env set. */
  const trail = async (o: { unkeyed?: number; keyed?: number } = {}) => {
    const t = await createTestDatabase();
    opened.push(t);
    const dataDir = fs.mkdtempSync(path.join(root, 'data-'));
    const append = (db: DataSource, i: number) =>
      db.transaction((m) =>
        appendAuditEvent(m, { clock }, { type: 'API_TOKEN_REVOKED', payload: { tokenId: `t${i}` } }),
      );
    let i = 0;
    useAuditKey(undefined);
    for (let n = 0; n < (o.unkeyed ?? 0); n++) await append(t.db, ++i);
    useAuditKey(key);
    for (let n = 0; n < (o.keyed ?? 5); n++) await append(t.db, ++i);
    const pki = await testPki();
    const objects = await createObjectStore({ kind: 'local', root: path.join(dataDir, 'objects') });
    const anchor = await anchorAuditHead({
      db: t.db,
      dataDir,
      clock,
      objects,
      timestampClient: new DevTimestampClient(pki.timestampAuthority, () => clock.now()),
    });
    await objects.close();
    process.env.DATABASE_URL = t.url;
    process.env.DATA_DIR = dataDir;
    process.env.AUDIT_HMAC_KEY = keyHex;
    return { t, dataDir, anchor: anchor!, append: () => append(t.db, ++i) };
  };

  const run = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['node', 'vanban', 'audit', 'verify'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  /** As a superuser would: the append-only trigger off for the change. */
  const behindTrigger = (db: DataSource, sql: string, params: unknown[] = []) =>
    db.transaction(async (m) => {
      await m.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await m.query(sql, params);
      await m.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    });

  /** Rewrites rows from `from` on with new links: SHA-256 (`key` undefined) or HMAC under `key`. */
  const recompute = async (
    db: DataSource,
    from: number,
    with_: ReturnType<typeof auditKeyOf> | undefined,
  ) => {
    const rows = (await db.query(`SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq`, [from])) as {
      seq: string;
      type: string;
      actor_user_id: string | null;
      actor_username: string | null;
      unit_id: string | null;
      occurred_at: Date;
      ip: string | null;
      user_agent: string | null;
      request_id: string | null;
      payload: unknown;
    }[];
    const [prev] = (await db.query(`SELECT hash FROM audit_events WHERE seq = $1`, [from - 1])) as {
      hash: string;
    }[];
    let prevHash = prev?.hash ?? '0'.repeat(64);
    for (const r of rows) {
      const hash = auditHash(
        {
          seq: Number(r.seq),
          prevHash,
          type: r.type,
          actorUserId: r.actor_user_id,
          actorUsername: r.actor_username,
          unitId: r.unit_id,
          occurredAt: r.occurred_at,
          ip: r.ip,
          userAgent: r.user_agent,
          requestId: r.request_id,
          payload: r.payload,
        },
        with_,
      );
      await behindTrigger(
        db,
        `UPDATE audit_events SET prev_hash = $2, hash = $3, key_id = $4 WHERE seq = $1`,
        [
          r.seq,
          prevHash,
          `${hash.slice(0, 63)}${hash.endsWith('0') ? '1' : '0'}`, // a free value first (hash is unique)
          with_?.id ?? null,
        ],
      );
      await behindTrigger(db, `UPDATE audit_events SET hash = $2 WHERE seq = $1`, [r.seq, hash]);
      prevHash = hash;
    }
  };

  it('reports an intact keyed, anchored chain with its length and exits 0', async () => {
    const { anchor, dataDir } = await trail();
    expect(anchor.tokenSha256).to.match(/^[0-9a-f]{64}$/);
    expect(readAuditAnchors(dataDir)).to.have.length(1);
    const r = await run();
    expect(r.code, r.err).to.equal(0);
    expect(r.out)
      .to.match(/audit trail intact: 5 sự kiện/)
      .and.to.contain('keyed from 1')
      .and.to.contain('anchors 1');
  });

  it('1. a row edited behind the trigger: HASH_MISMATCH at that row, exit 1', async () => {
    const { t } = await trail();
    await behindTrigger(t.db, `UPDATE audit_events SET payload = '{"tokenId":"giả"}' WHERE seq = 3`);
    const r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include('AUDIT_CHAIN_BROKEN');
    expect(r.err).to.include('Audit trail broken at row 3: the row was altered');
    expect(r.err).to.include('bản ghi số 3');
  });

  it('2. the newest rows deleted: TRUNCATED after the last row left, exit 1', async () => {
    const { t } = await trail();
    await behindTrigger(t.db, `DELETE FROM audit_events WHERE seq >= 4`);
    const r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include('Audit trail broken at row 4: the newest rows were deleted');
  });

  it('3. a row edited and the chain recomputed after it, without the key: detected at that row, exit 1', async () => {
    const { t } = await trail();
    await behindTrigger(t.db, `UPDATE audit_events SET payload = '{"tokenId":"giả"}' WHERE seq = 3`);
    await recompute(t.db, 3, undefined); // unkeyed SHA-256, as the chain was before the key
    let r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include('Audit trail broken at row 3: an unkeyed row after the keyed chain began');
    await recompute(t.db, 3, auditKeyOf(randomBytes(32))); // a key of the attacker's
    r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include('Audit trail broken at row 3: the row is keyed with another key');
  });

  it('4. the whole chain recomputed as an unkeyed one from its first row: the anchor tells, exit 1', async () => {
    const { t } = await trail();
    await behindTrigger(t.db, `UPDATE audit_events SET payload = '{"tokenId":"giả"}' WHERE seq = 2`);
    await recompute(t.db, 1, undefined);
    const r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include(
      'Audit trail broken at row 5: it does not match the head copy kept outside the database',
    );
  });

  it('an existing unkeyed chain stays valid: the keyed chain starts at the first keyed event, and no unkeyed one may follow', async () => {
    const { t, append } = await trail({ unkeyed: 3, keyed: 2 });
    let r = await run();
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('audit trail intact: 5').and.to.contain('keyed from 4');
    useAuditKey(undefined);
    await append(); // a writer without the key
    useAuditKey(key);
    r = await run();
    expect(r.code).to.equal(1);
    expect(r.err).to.include('Audit trail broken at row 6: an unkeyed row after the keyed chain began');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_events`))[0].n).to.equal(6);
  });
});
