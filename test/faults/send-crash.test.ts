import { expect } from 'chai';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createObjectStore } from '../../storage/objects/create-object-store';
import type { ObjectStore } from '../../storage/objects/object-store';
import { createApiToken } from '../../workflows/accounts/create-api-token';
import { AUDIT_CHAIN_LOCK } from '../../workflows/audit/append-audit-event';
import { readAuditAnchors } from '../../workflows/audit/audit-anchor';
import { loadAuditKey, useAuditKey } from '../../workflows/audit/audit-key';
import { verifyAuditChain } from '../../workflows/audit/verify-audit-chain';
import { systemClock } from '../../workflows/context';
import { sealedDocument } from '../server/exchange/support/exchange-world';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { pdfBytes } from '../workflows/exchange/exchange-pdf';
import { generateProvince, type ProvinceWorld } from '../workflows/exchange/province-world';
import { ctxOf } from '../workflows/fixtures';
import { startServerProcess, type ServerProcess } from './support/server-process';

/**
 * Issue 5, "a server killed in the middle of sending to 200 recipients (after a restart every recipient
 * has the document exactly once)". The real server (server/main.ts) runs as a child process on a test
 * database; a clerk sends a document to a group of 200 communes over HTTP and the process is SIGKILLed
 * while the request is in flight, at four different moments:
 *   1. right after the request was written (the server may not even have read it);
 *   2. inside the sending transaction: the test holds the audit chain's advisory lock, which every audited
 *      write takes, so the send waits at its last step with its 200 incoming rows inserted but not
 *      committed; the kill comes once PostgreSQL shows exactly that;
 *   3. the same wait, but the lock is released and the process killed at once (racing the commit);
 *   4. after a delay in the middle of the transaction's usual duration, with nothing held;
 *   5. as soon as the commit is visible, before the client read any answer (the clerk never learns).
 * Then the server is started again and the clerk retries the send. Whatever the moment, the database
 * holds all of the send or none of it, and after the retry each of the 200 units has the document
 * exactly once: one incoming row, one 01 status event, one validation entry in one job, counted.
 */
describe('fault: the server killed in the middle of sending to 200 recipients', function () {
  this.timeout(300_000);
  let tdb: TestDatabase;
  let dir: string;
  let objects: ObjectStore;
  let server: ServerProcess | undefined;
  let w: ProvinceWorld;
  let token: string;
  let admin: pg.Client;

  const start = async () => {
    server = await startServerProcess({
      databaseUrl: tdb.url,
      dataDir: dir,
      objectsDir: path.join(dir, 'objects'),
    });
    return server;
  };

  const count = async (sql: string, params: unknown[]) =>
    (await admin.query<{ n: number }>(sql, params)).rows[0]!.n;

  /** Sends the POST and resolves once its bytes are written to the socket; the answer is never awaited. */
  const sendWithoutWaiting = (documentId: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${server!.url}/api/outgoing/${documentId}/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      req.on('error', () => undefined); // the server dies under it
      req.on('finish', () => resolve());
      req.on('socket', (s) => s.on('error', () => undefined));
      req.end();
      setTimeout(() => reject(new Error('request not written in 10 s')), 10_000).unref();
    });

  /** The server's backend that is inside a send: waiting for the audit lock with status events written. */
  const sendingBackend = async (): Promise<number | undefined> => {
    const rows = await admin.query<{ pid: number }>(
      `SELECT a.pid FROM pg_stat_activity a
       WHERE a.datname = current_database() AND a.application_name = 'vanban-server'
         AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND NOT l.granted)
         AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
                       AND l.relation = 'incoming_documents'::regclass)
         AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
                       AND l.relation = 'status_events'::regclass)`,
    );
    return rows.rows[0]?.pid;
  };

  const until = async <T>(
    what: string,
    probe: () => Promise<T | undefined | false>,
    ms = 20_000,
  ): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.output() ?? ''}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  /** After a kill, PostgreSQL ends the dead server's sessions (rolling back what they had open). */
  const deadSessionsGone = () =>
    until('the killed server’s sessions to end', async () =>
      (await count(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'vanban-server'`,
        [],
      )) === 0
        ? true
        : undefined,
    );

  /** What the database holds of one document's send: all or nothing, never part. */
  const snapshot = async (documentId: string) => ({
    incoming: await count(`SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`, [
      documentId,
    ]),
    recipients: await count(
      `SELECT count(DISTINCT recipient_unit_id)::int AS n FROM incoming_documents WHERE outgoing_id = $1`,
      [documentId],
    ),
    arrivals: await count(
      `SELECT count(*)::int AS n FROM status_events WHERE outgoing_id = $1 AND code = '01'`,
      [documentId],
    ),
    eventsPerIncoming: await count(
      `SELECT COALESCE(max(n), 0)::int AS n FROM (SELECT count(*) AS n FROM status_events WHERE outgoing_id = $1
         GROUP BY incoming_id) e`,
      [documentId],
    ),
    validationEntries: await count(
      `SELECT count(*)::int AS n FROM jobs j, jsonb_array_elements_text(j.payload->'incomingIds') x
       WHERE j.kind = 'incoming.validate' AND x::uuid IN (SELECT id FROM incoming_documents WHERE outgoing_id = $1)`,
      [documentId],
    ),
    validationJobs: await count(
      `SELECT count(*)::int AS n FROM jobs j WHERE j.kind = 'incoming.validate' AND EXISTS (
         SELECT 1 FROM jsonb_array_elements_text(j.payload->'incomingIds') x
         WHERE x::uuid IN (SELECT id FROM incoming_documents WHERE outgoing_id = $1))`,
      [documentId],
    ),
    delivered: await count(
      `SELECT COALESCE(sum((payload->>'delivered')::int), 0)::int AS n FROM audit_events
       WHERE type = 'DOCUMENT_SENT' AND payload->>'documentId' = $1`,
      [documentId],
    ),
    status: (
      await admin.query<{ status: string }>(`SELECT status FROM outgoing_documents WHERE id = $1`, [
        documentId,
      ])
    ).rows[0]!.status,
  });

  const NOTHING = {
    incoming: 0,
    recipients: 0,
    arrivals: 0,
    eventsPerIncoming: 0,
    validationEntries: 0,
    validationJobs: 0,
    delivered: 0,
    status: 'sealed',
  };
  const EVERYTHING_ONCE = {
    incoming: 200,
    recipients: 200,
    arrivals: 200,
    eventsPerIncoming: 1,
    validationEntries: 200,
    validationJobs: 1,
    delivered: 200,
    status: 'issued',
  };

  before(async () => {
    tdb = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-crash-'));
    // The test writes audit events too (the province, documents): with the key the server will use
    // (DATA_DIR/audit/hmac.key, created here), as every writer of one trail must.
    useAuditKey(loadAuditKey({ dataDir: dir }));
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
    w = await generateProvince(tdb.db, 200);
    token = (await createApiToken(ctxOf(tdb.db, w.root.clerk, systemClock), { name: 'crash test' })).token;
    admin = new pg.Client({ connectionString: tdb.url, application_name: 'vanban-crash-test' });
    await admin.connect();
    await start();
  });

  after(async () => {
    useAuditKey(undefined);
    await server?.stop();
    await admin?.end();
    await objects?.close();
    await tdb?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const moments: {
    name: string;
    kill: (documentId: string) => Promise<'uncommitted' | 'committed' | 'unknown'>;
  }[] = [
    {
      name: 'right after the request was written',
      kill: async (id) => {
        await sendWithoutWaiting(id);
        await server!.kill();
        return 'unknown';
      },
    },
    {
      name: 'inside the transaction, 200 rows inserted and not committed',
      kill: async (id) => {
        const holder = new pg.Client({ connectionString: tdb.url, application_name: 'vanban-crash-test' });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_CHAIN_LOCK]);
          await sendWithoutWaiting(id);
          await until('the send to wait inside its transaction', sendingBackend);
          await server!.kill();
        } finally {
          await holder.query('COMMIT').catch(() => undefined);
          await holder.end();
        }
        return 'uncommitted';
      },
    },
    {
      name: 'as the transaction is let go to commit',
      kill: async (id) => {
        const holder = new pg.Client({ connectionString: tdb.url, application_name: 'vanban-crash-test' });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_CHAIN_LOCK]);
          await sendWithoutWaiting(id);
          await until('the send to wait inside its transaction', sendingBackend);
          await holder.query('COMMIT');
          await server!.kill();
        } finally {
          await holder.end();
        }
        return 'unknown';
      },
    },
    {
      name: 'after a delay within the usual duration of the send',
      kill: async (id) => {
        await sendWithoutWaiting(id);
        await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 60)));
        await server!.kill();
        return 'unknown';
      },
    },
    {
      name: 'just after the commit, before its answer was read',
      kill: async (id) => {
        await sendWithoutWaiting(id);
        await until('the send to commit', async () =>
          (await count(`SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`, [id])) > 0
            ? true
            : undefined,
        );
        await server!.kill();
        return 'committed';
      },
    },
  ];

  for (const moment of moments) {
    it(`killed ${moment.name}: all or nothing, then exactly once per recipient after a restart and a retry`, async () => {
      const doc = await sealedDocument(tdb.db, objects, systemClock, w.root, await pdfBytes(), {
        subject: 'Về việc triển khai nhiệm vụ đến tất cả Ủy ban nhân dân xã',
        recipients: [{ kind: 'group', groupId: w.groupId }],
      });
      const state = await moment.kill(doc.id);
      await deadSessionsGone();

      const after = await snapshot(doc.id);
      if (state === 'uncommitted') expect(after).to.deep.equal(NOTHING);
      else if (state === 'committed') expect(after).to.deep.equal(EVERYTHING_ONCE);
      else expect([NOTHING, EVERYTHING_ONCE], JSON.stringify(after)).to.deep.include(after);

      await start();
      const retry = await fetch(`${server!.url}/api/outgoing/${doc.id}/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await retry.json()) as { delivered: number; alreadyDelivered: number };
      expect(retry.status, JSON.stringify(body)).to.equal(200);
      expect(body.delivered + body.alreadyDelivered).to.equal(200);
      expect(body.delivered).to.equal(after.incoming === 0 ? 200 : 0);
      expect(await snapshot(doc.id)).to.deep.equal(EVERYTHING_ONCE);
    });
  }

  it('leaves the audit chain intact through every kill', async () => {
    // With the key and anchors the server keeps under its DATA_DIR (issue 10 item 12).
    const result = await verifyAuditChain(tdb.db, {
      key: loadAuditKey({ dataDir: dir, create: false }),
      anchors: readAuditAnchors(dir),
    });
    expect(result.ok, JSON.stringify(result)).to.equal(true);
  });
});
