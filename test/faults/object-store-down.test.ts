import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../../server/app';
import { createObjectStore } from '../../storage/objects/create-object-store';
import type { ObjectStore } from '../../storage/objects/object-store';
import { useTestDatabase } from '../support/postgres';
import { TestServer } from '../server/support/http-client';
import {
  sealedDocument,
  seedExchangeWorld,
  type ExchangeWorld,
} from '../server/exchange/support/exchange-world';
import { pdfBytes } from '../workflows/exchange/exchange-pdf';
import { FixedClock } from '../workflows/fixtures';
import { startS3Server, type S3Server } from './support/s3rver-process';

/**
 * Issue 5, "the object store down during a send (the send fails cleanly and can be retried; nothing is
 * half-sent)". The app runs on the S3 protocol (s3rver in its own process, killed for real) and, in the
 * second part, on the local store whose directory disappears. Sending first checks that the sealed PDF
 * is in the store, so with the store down the send answers 503 OBJECT_STORE_UNAVAILABLE before any row
 * is written; downloads and PDF updates fail the same way; once the store is back, the retry delivers to
 * every recipient exactly once and the files download intact.
 */
describe('fault: the object store down during a send', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let dir: string;
  let s3: S3Server | undefined;
  let objects: ObjectStore;
  let server: TestServer;
  let w: ExchangeWorld;
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));

  const counts = async (documentId: string) =>
    (
      (await t.db.query(
        `SELECT (SELECT count(*)::int FROM incoming_documents WHERE outgoing_id = $1::uuid) AS incoming,
                (SELECT count(*)::int FROM status_events WHERE outgoing_id = $1::uuid) AS events,
                (SELECT count(*)::int FROM jobs WHERE payload->>'pdfSha256' = o.pdf_sha256) AS jobs,
                (SELECT count(*)::int FROM audit_events WHERE type = 'DOCUMENT_SENT' AND payload->>'documentId' = $1::text)
                  AS audits,
                o.status
         FROM outgoing_documents o WHERE o.id = $1::uuid`,
        [documentId],
      )) as { incoming: number; events: number; jobs: number; audits: number; status: string }[]
    )[0]!;

  const send = (documentId: string) =>
    server.json('POST', `/api/outgoing/${documentId}/send`, { headers: w.bearer(w.actors.province.clerk) });

  const recipients = () => [
    { kind: 'unit' as const, unitId: w.own },
    { kind: 'unit' as const, unitId: w.child },
    { kind: 'unit' as const, unitId: w.other },
  ];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-store-down-'));
    s3 = await startS3Server(path.join(dir, 's3'));
    objects = await createObjectStore(
      {
        kind: 's3',
        endPoint: '127.0.0.1',
        port: s3.port,
        useSSL: false,
        accessKey: 'S3RVER',
        secretKey: 'S3RVER',
        bucket: 'vanban-fault',
        region: 'us-east-1',
        objectLock: false,
      },
      { spoolDir: path.join(dir, 'spool') },
    );
    const app = createApp({
      db: t.db,
      objects,
      clock,
      logger: pino({ level: 'silent' }),
      config: { bodyLimitBytes: 1024 * 1024, trustProxy: false, cookieSecure: false, devMode: true },
    });
    server = await TestServer.start(app);
    w = await seedExchangeWorld(t.db, clock);
  });

  after(async () => {
    await server?.close();
    await objects?.close();
    await s3?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('S3 down: the send fails with 503 and writes nothing; after the store returns the retry delivers once', async () => {
    const pdf = await pdfBytes();
    const p = w.actors.province;
    const earlier = await sealedDocument(t.db, objects, clock, p, await pdfBytes('DA GUI'), {
      recipients: recipients(),
    });
    expect((await send(earlier.id)).status).to.equal(200);
    const [{ id: delivered }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
      [earlier.id, w.own],
    );
    const doc = await sealedDocument(t.db, objects, clock, p, pdf, { recipients: recipients() });

    const port = s3!.port;
    await s3!.kill();
    const down = await send(doc.id);
    expect(down.status, JSON.stringify(down.body)).to.equal(503);
    expect(down.body.error.code).to.equal('OBJECT_STORE_UNAVAILABLE');
    expect(down.body.error.messageVi).to.match(/Kho lưu trữ/);
    expect(down.headers.get('retry-after')).to.equal('5');
    expect(await counts(doc.id)).to.deep.equal({
      incoming: 0,
      events: 0,
      jobs: 0,
      audits: 0,
      status: 'sealed',
    });

    // Reading what was delivered before: the record answers, its file fails cleanly.
    const h = w.bearer(w.actors.own.clerk);
    expect((await server.json('GET', `/api/incoming/${delivered}`, { headers: h })).status).to.equal(200);
    const file = await server.json('GET', `/api/incoming/${delivered}/pdf`, { headers: h });
    expect(file.status).to.equal(503);
    expect(file.body.error.code).to.equal('OBJECT_STORE_UNAVAILABLE');
    // A corrected PDF: refused (without the unit's organisation signature, issue 10 item 9) before the
    // store is needed; the update changes nothing.
    const upd = await server.fetch(`/api/outgoing/${earlier.id}/update/pdf?reason=x`, {
      method: 'POST',
      headers: { ...w.bearer(p.clerk), 'content-type': 'application/pdf' },
      body: new Uint8Array(await pdfBytes('DINH CHINH')),
    });
    expect(upd.status).to.equal(422);
    const rev: { revision: number }[] = await t.db.query(
      `SELECT revision FROM outgoing_documents WHERE id = $1`,
      [earlier.id],
    );
    expect(rev[0]!.revision).to.equal(1);

    s3 = await startS3Server(path.join(dir, 's3'), port);
    const retry = await send(doc.id);
    expect(retry.status, JSON.stringify(retry.body)).to.equal(200);
    expect(retry.body).to.include({ delivered: 3, alreadyDelivered: 0 });
    expect(await counts(doc.id)).to.deep.equal({
      incoming: 3,
      events: 3,
      jobs: 1,
      audits: 1,
      status: 'issued',
    });
    expect((await send(doc.id)).body).to.include({ delivered: 0, alreadyDelivered: 3 });
    expect((await counts(doc.id)).incoming).to.equal(3);

    const [{ id }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
      [doc.id, w.own],
    );
    const res = await server.fetch(`/api/incoming/${id}/pdf`, { headers: h });
    expect(res.status).to.equal(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).to.equal(true);
  });

  it('local store gone: the same clean 503 and the same single delivery once it is back', async () => {
    const local = path.join(dir, 'local');
    const store = await createObjectStore({ kind: 'local', root: local });
    const app = createApp({
      db: t.db,
      objects: store,
      clock,
      logger: pino({ level: 'silent' }),
      config: { bodyLimitBytes: 1024 * 1024, trustProxy: false, cookieSecure: false, devMode: true },
    });
    const localServer = await TestServer.start(app);
    try {
      const doc = await sealedDocument(t.db, store, clock, w.actors.province, await pdfBytes(), {
        recipients: recipients(),
      });
      fs.renameSync(local, `${local}.gone`);
      const h = { headers: w.bearer(w.actors.province.clerk) };
      const down = await localServer.json('POST', `/api/outgoing/${doc.id}/send`, h);
      expect(down.status).to.equal(503);
      expect(down.body.error.code).to.equal('OBJECT_STORE_UNAVAILABLE');
      expect((await counts(doc.id)).incoming).to.equal(0);
      fs.renameSync(`${local}.gone`, local);
      const retry = await localServer.json('POST', `/api/outgoing/${doc.id}/send`, h);
      expect(retry.status).to.equal(200);
      expect(await counts(doc.id)).to.deep.equal({
        incoming: 3,
        events: 3,
        jobs: 1,
        audits: 1,
        status: 'issued',
      });
    } finally {
      await localServer.close();
      await store.close();
    }
  });

  it('refuses to send a document whose sealed PDF is missing from a working store (409), sending nothing', async () => {
    const doc = await sealedDocument(t.db, objects, clock, w.actors.province, await pdfBytes(), {
      recipients: recipients(),
    });
    await objects.delete(doc.pdfSha256);
    const r = await send(doc.id);
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('DOCUMENT_CONTENT_MISSING');
    expect(r.body.error.details).to.deep.equal({ documentId: doc.id, part: 'pdf', sha256: doc.pdfSha256 });
    expect((await counts(doc.id)).incoming).to.equal(0);
  });
});
