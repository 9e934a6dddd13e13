import { expect } from 'chai';
import { Federation1764400000000 } from '../../../storage/db/migrations/1764400000000-federation';
import { EdxmlSdkProfile1765100000000 } from '../../../storage/db/migrations/1765100000000-edxml-sdk-profile';
import { recallDocument } from '../../../workflows/exchange/recall-document';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';
import { generateProvince, sealedDocument, type ProvinceWorld } from '../exchange/province-world';

describe('storage/db federation migration', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const jobs = async (kind: string) =>
    (await t.db.query(`SELECT payload, dedupe_key, run_at FROM jobs WHERE kind = $1 ORDER BY id`, [
      kind,
    ])) as {
      payload: Record<string, unknown>;
      dedupe_key: string;
      run_at: Date;
    }[];

  before(async () => {
    w = await generateProvince(t.db, 4);
  });

  it('goes down and up again cleanly (tables, functions and triggers)', async () => {
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const m = new Federation1764400000000();
      await m.down(q);
      expect(await q.query(`SELECT to_regclass('federation_peers') AS t`)).to.deep.equal([{ t: null }]);
      expect(
        await q.query(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%edxml%'`),
      ).to.deep.equal([{ n: 0 }]);
      await m.up(q);
      expect(
        await q.query(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%edxml%'`),
      ).to.deep.equal([{ n: 2 }]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('the edXML SDK profile migration (issue 15) goes down and up again; a profile must be a JSON object', async () => {
    const columns = async (q: import('typeorm').QueryRunner) =>
      (
        (await q.query(
          `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
           WHERE (table_name, column_name) IN (('federation_peers', 'profile'), ('edxml_packages', 'signature_algorithm'),
             ('edxml_packages', 'signature_placement'), ('edxml_packages', 'layout'), ('edxml_incoming', 'signature'),
             ('edxml_incoming', 'sender'), ('edxml_incoming', 'signer_position'))
           ORDER BY 1`,
        )) as { c: string }[]
      ).map((r) => r.c);
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      expect(await columns(q)).to.have.length(7);
      const m = new EdxmlSdkProfile1765100000000();
      await m.down(q);
      expect(await columns(q)).to.deep.equal([]);
      await m.up(q);
      expect(await columns(q)).to.have.length(7);
      await q.query(`SAVEPOINT s`);
      const bad = await q
        .query(
          `INSERT INTO federation_peers (name, organ_patterns, base_url, signing_certificates, created_at, updated_at,
             profile) VALUES ('x', '{*.H01}', 'https://x.test', '{\\x00}', now(), now(), '"sdk"')`,
        )
        .then(
          () => 'inserted',
          (e: { code?: string }) => e.code,
        );
      expect(bad).to.equal('23514'); // check_violation
      await q.query(`ROLLBACK TO SAVEPOINT s`);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('internal deliveries queue no edxml.status (a send to 4 communes: 4 status events, no report job)', async () => {
    const doc = await sealedDocument(t.db, w, clock, { recipients: [{ kind: 'group', groupId: w.groupId }] });
    await sendDocument(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id });
    const [incoming]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
      [doc.id, w.communeIds[0]],
    );
    await registerIncoming(ctxOf(t.db, w.communeA.clerk, clock), { incomingId: incoming!.id });
    expect(await jobs('edxml.status')).to.deep.equal([]);
  });

  it('a status event of an externally received document queues exactly one edxml.status, at the event time; update events none', async () => {
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code, external_document_id,
         document_type, notation, subject, urgency, pdf_sha256, received_at)
       VALUES ($1, $1, '000.00.00.H98', '000.00.00.H98,2026/03/01,3/CV', 'Công văn', '3/CV', 'Thử', 'normal', $2, now())
       RETURNING id`,
      [w.communeIds[0], 'a'.repeat(64)],
    );
    const at = new Date('2026-03-02T02:03:04Z');
    const [ev]: { id: string }[] = await t.db.query(
      `INSERT INTO status_events (incoming_id, code, occurred_at) VALUES ($1, '01', $2) RETURNING id`,
      [row!.id, at],
    );
    await t.db.query(
      `INSERT INTO status_events (incoming_id, code, kind, occurred_at) VALUES ($1, '01', 'update', $2)`,
      [row!.id, at],
    );
    const queued = await jobs('edxml.status');
    expect(queued.map((j) => [j.payload, j.dedupe_key, j.run_at.toISOString()])).to.deep.equal([
      [{ statusEventId: String(ev!.id) }, `edxml.status:${ev!.id}`, at.toISOString()],
    ]);
  });

  it('recalling a document queues one edxml.send of business type 1 per external recipient, once', async () => {
    const doc = await sealedDocument(t.db, w, clock, {
      recipients: [
        { kind: 'unit', unitId: w.communeIds[1]! },
        { kind: 'external', code: '000.00.10.H98', name: 'UBND huyện Một' },
        { kind: 'external', code: ' 000.00.20.H98 ' },
      ],
    });
    await sendDocument(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id });
    await recallDocument(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id, reason: 'Sai sót' });
    await t.db.query(`UPDATE outgoing_documents SET status = 'recalled' WHERE id = $1`, [doc.id]); // no change: no job
    const recalls = (await jobs('edxml.send')).filter((j) => j.payload.businessType === 1);
    expect(recalls.map((j) => [j.payload.to, j.dedupe_key])).to.deep.equal([
      ['000.00.10.H98', `edxml.send:${doc.id}:000.00.10.H98:recall`],
      ['000.00.20.H98', `edxml.send:${doc.id}:000.00.20.H98:recall`],
    ]);
  });

  it('refuses to go down once packages are recorded', async () => {
    await t.db.query(
      `INSERT INTO edxml_packages (direction, kind, via, from_organ_id, document_id, business_type, sha256, size,
         signer_sha256, created_at)
       VALUES ('inbound', 'document', 'import', '000.00.00.H98', 'x', 0, $1, 1, $1, now())`,
      ['b'.repeat(64)],
    );
    const q = t.db.createQueryRunner();
    await q.connect();
    try {
      let message = '';
      try {
        await new Federation1764400000000().down(q);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.match(/1 edXML packages are recorded/);
    } finally {
      await q.release();
    }
  });
});
