import { expect } from 'chai';
import { outgoingRepository } from '../../../workflows/documents/outgoing-repository';
import { listRecipientStatus } from '../../../workflows/exchange/recipient-status';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';
import { codeOf, generateProvince, sealedDocument, type ProvinceWorld } from './province-world';

describe('workflows/exchange sendDocument', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: ProvinceWorld['root']['clerk']) => ctxOf(t.db, a, clock);
  const count = async (sql: string, params: unknown[]) =>
    ((await t.db.query(sql, params)) as { n: number }[])[0]!.n;

  before(async () => {
    w = await generateProvince(t.db, 200);
  });

  it('sends to a group of 200 communes: exactly 200 incoming records, each with status 01; a retry creates none', async () => {
    const doc = await sealedDocument(t.db, w, clock, { recipients: [{ kind: 'group', groupId: w.groupId }] });
    const first = await sendDocument(as(w.root.clerk), { documentId: doc.id });
    expect(first.delivered).to.equal(200);
    expect(first.alreadyDelivered).to.equal(0);
    expect(first.document.status).to.equal('issued');
    expect(
      await count(`SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`, [doc.id]),
    ).to.equal(200);
    expect(
      await count(
        `SELECT count(DISTINCT recipient_unit_id)::int AS n FROM incoming_documents WHERE outgoing_id = $1`,
        [doc.id],
      ),
    ).to.equal(200);
    expect(
      await count(`SELECT count(*)::int AS n FROM status_events WHERE outgoing_id = $1 AND code = '01'`, [
        doc.id,
      ]),
    ).to.equal(200);

    const retry = await sendDocument(as(w.root.clerk), { documentId: doc.id });
    expect(retry.delivered).to.equal(0);
    expect(retry.alreadyDelivered).to.equal(200);
    expect(
      await count(`SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`, [doc.id]),
    ).to.equal(200);
    expect(
      await count(`SELECT count(*)::int AS n FROM status_events WHERE outgoing_id = $1`, [doc.id]),
    ).to.equal(200);
  });

  it('delivers exactly once when two clerks send the same document at the same moment', async () => {
    const doc = await sealedDocument(t.db, w, clock, { recipients: [{ kind: 'group', groupId: w.groupId }] });
    const results = await Promise.all(
      [1, 2, 3].map(() => sendDocument(as(w.root.clerk), { documentId: doc.id })),
    );
    expect(results.map((r) => r.delivered).reduce((a, b) => a + b)).to.equal(200);
    expect(
      await count(`SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`, [doc.id]),
    ).to.equal(200);
  });

  it('sends nothing at all when one recipient is unknown (the whole send rolls back) and can be retried', async () => {
    const doc = await sealedDocument(t.db, w, clock, {
      recipients: [
        { kind: 'group', groupId: w.groupId },
        { kind: 'unit', unitId: '00000000-0000-4000-8000-000000000000' },
      ],
    });
    let err: { code?: string; details?: Record<string, unknown> } = {};
    try {
      await sendDocument(as(w.root.clerk), { documentId: doc.id });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).to.equal('RECIPIENT_UNKNOWN');
    expect(err.details).to.deep.equal({ unitId: '00000000-0000-4000-8000-000000000000' });
    expect(
      await count(`SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`, [doc.id]),
    ).to.equal(0);
    expect((await outgoingRepository.findById(t.db, doc.id))!.status).to.equal('sealed');
    expect(
      await codeOf(
        (async () => {
          const d = await sealedDocument(t.db, w, clock, {
            recipients: [{ kind: 'group', groupId: 'nope' }],
          });
          await sendDocument(as(w.root.clerk), { documentId: d.id });
        })(),
      ),
    ).to.equal('RECIPIENT_UNKNOWN');
  });

  it('routes a recipient dissolved before the send to its successor, keeping the unit it was addressed to', async () => {
    const [gone, heir] = [w.communeIds[10]!, w.communeIds[11]!];
    await t.db.query(`UPDATE units SET valid_to = '2025-07-01', successor_id = $2 WHERE id = $1`, [
      gone,
      heir,
    ]);
    const doc = await sealedDocument(t.db, w, clock, {
      recipients: [
        { kind: 'unit', unitId: gone },
        { kind: 'unit', unitId: w.communeIds[12]! },
      ],
    });
    const sent = await sendDocument(as(w.root.clerk), { documentId: doc.id });
    expect(sent.delivered).to.equal(2);
    const rows: { recipient_unit_id: string; addressed_unit_id: string }[] = await t.db.query(
      `SELECT recipient_unit_id, addressed_unit_id FROM incoming_documents WHERE outgoing_id = $1 ORDER BY addressed_unit_id = $2 DESC`,
      [doc.id, gone],
    );
    expect(rows[0]).to.deep.equal({ recipient_unit_id: heir, addressed_unit_id: gone });
    expect(rows).to.have.length(2);
  });

  it('refuses a recipient that ended without successor with RECIPIENT_DISSOLVED', async () => {
    const gone = w.communeIds[20]!;
    await t.db.query(`UPDATE units SET valid_to = '2025-07-01' WHERE id = $1`, [gone]);
    const doc = await sealedDocument(t.db, w, clock, { recipients: [{ kind: 'unit', unitId: gone }] });
    expect(await codeOf(sendDocument(as(w.root.clerk), { documentId: doc.id }))).to.equal(
      'RECIPIENT_DISSOLVED',
    );
    await t.db.query(`UPDATE units SET valid_to = NULL WHERE id = $1`, [gone]);
  });

  it('queues one edXML job per external organisation, never twice on retry, and flags urgent deliveries', async () => {
    const doc = await sealedDocument(t.db, w, clock, {
      urgency: 'flash',
      recipients: [
        { kind: 'external', code: '000.00.00.G12', name: 'Bộ Nội vụ' },
        { kind: 'unit', unitId: w.communeIds[30]! },
      ],
    });
    const sent = await sendDocument(as(w.root.clerk), { documentId: doc.id });
    expect(sent.external).to.deep.equal(['000.00.00.G12']);
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const jobs: { kind: string; payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT kind, payload FROM jobs WHERE payload->>'documentId' = $1 ORDER BY kind`,
      [doc.id],
    );
    expect(jobs.map((j) => j.kind)).to.deep.equal(['edxml.send', 'incoming.urgent_notice']);
    expect(jobs[0]!.payload).to.include({ to: '000.00.00.G12' });
    const flagged: { urgent: boolean }[] = await t.db.query(
      `SELECT urgent FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    expect(flagged).to.deep.equal([{ urgent: true }]);
    expect(
      await codeOf(
        (async () => {
          const d = await sealedDocument(t.db, w, clock, { recipients: [{ kind: 'external', code: 'ABC' }] });
          await sendDocument(as(w.root.clerk), { documentId: d.id });
        })(),
      ),
    ).to.equal('RECIPIENT_UNKNOWN');
  });

  it("answers DOCUMENT_NOT_FOUND when another unit's clerk sends or reads the document", async () => {
    const doc = await sealedDocument(t.db, w, clock, {
      recipients: [{ kind: 'unit', unitId: w.communeIds[40]! }],
    });
    expect(await codeOf(sendDocument(as(w.communeA.clerk), { documentId: doc.id }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
    expect(await codeOf(listRecipientStatus(as(w.communeA.clerk), { documentId: doc.id }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
    expect(await codeOf(sendDocument(as(w.root.leader), { documentId: doc.id }))).to.equal('FORBIDDEN');
  });

  it('replacing a document (business type 3) marks the old one replaced and every incoming copy superseded', async () => {
    const old = await sealedDocument(t.db, w, clock, { recipients: [{ kind: 'group', groupId: w.groupId }] });
    await sendDocument(as(w.root.clerk), { documentId: old.id });
    const replacement = await sealedDocument(t.db, w, clock, {
      recipients: [{ kind: 'group', groupId: w.groupId }],
      replacesId: old.id,
    });
    await sendDocument(as(w.root.clerk), { documentId: replacement.id });
    expect((await outgoingRepository.findById(t.db, old.id))!.status).to.equal('replaced');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1 AND superseded_by_id = $2`,
        [old.id, replacement.id],
      ),
      // 199: commune 10 was merged into commune 11 earlier in this suite, and both are in the group.
    ).to.equal(199);
  });
});
