import { expect } from 'chai';
import { createDraft } from '../../../workflows/documents/create-draft';
import { createUnitGroup } from '../../../workflows/exchange/create-unit-group';
import { useTestDatabase } from '../../support/postgres';
import { pdfBytes } from '../../workflows/exchange/exchange-pdf';
import { ctxOf } from '../../workflows/fixtures';
import { startApp, type RunningApp } from '../support/world';
import { sealedDocument, seedExchangeWorld, type ExchangeWorld } from './support/exchange-world';

/**
 * Issue 10 item 10: references that confirmed what the caller may not see. A unit group of another
 * unit named as recipients (its members would then show in tracking) answers 404 UNIT_GROUP_NOT_FOUND;
 * another user's draft answers 404 DOCUMENT_NOT_FOUND to submit and attachment changes, not 409.
 */
describe('references to what the caller may not see (issue 10 item 10)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;

  before(async () => {
    app = await startApp(t.db);
    app.clock.set('2026-03-02T08:00:00+07:00');
    w = await seedExchangeWorld(t.db, app.clock);
  });
  after(async () => app?.close());

  it("a sibling district's group as recipients: send answers 404 UNIT_GROUP_NOT_FOUND and delivers nothing", async () => {
    const group = await createUnitGroup(ctxOf(t.db, w.actors.own.admin, app.clock), {
      name: 'Xã thuộc huyện Bến Lức',
      unitIds: [w.child],
    });
    const o = w.actors.other;
    const doc = await sealedDocument(
      t.db,
      app.objects,
      app.clock,
      { specialist: o.leader, leader: o.leader, clerk: o.clerk },
      await pdfBytes(),
      { recipients: [{ kind: 'group', groupId: group.id }] },
    );
    const sent = await app.server.json('POST', `/api/outgoing/${doc.id}/send`, {
      headers: w.bearer(o.clerk),
    });
    expect([sent.status, sent.body.error?.code], JSON.stringify(sent.body)).to.deep.equal([
      404,
      'UNIT_GROUP_NOT_FOUND',
    ]);
    expect(JSON.stringify(sent.body)).to.not.include(w.child);
    const delivered: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    expect(delivered[0]!.n).to.equal(0);
    // The owner's own unit may still send to it.
    const mine = await sealedDocument(
      t.db,
      app.objects,
      app.clock,
      { specialist: w.actors.own.specialist, leader: w.actors.own.leader, clerk: w.actors.own.clerk },
      await pdfBytes(),
      { recipients: [{ kind: 'group', groupId: group.id }] },
    );
    const ok = await app.server.json('POST', `/api/outgoing/${mine.id}/send`, {
      headers: w.bearer(w.actors.own.clerk),
    });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
  });

  it("another specialist of the same unit: submit and attachment changes on a colleague's draft answer 404 DOCUMENT_NOT_FOUND, the draft unchanged", async () => {
    const pdf = await app.objects.put(await pdfBytes(), { contentType: 'application/pdf' });
    const draft = await createDraft(ctxOf(t.db, w.actors.own.specialist, app.clock), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Về việc báo cáo tình hình',
      pdf: { sha256: pdf.sha256, size: pdf.size },
      recipients: [{ kind: 'unit', unitId: w.province }],
      attachments: [{ name: 'Phụ lục 1', sha256: pdf.sha256, size: pdf.size }],
    });
    const staff = w.bearer(w.actors.own.staff);
    const attempts = [
      await app.server.json('POST', `/api/outgoing/${draft.id}/submit`, { json: {}, headers: staff }),
      await app.server.json('POST', `/api/outgoing/${draft.id}/attachments`, {
        json: { fileId: '00000000-0000-4000-8000-000000000001' },
        headers: staff,
      }),
      await app.server.json('DELETE', `/api/outgoing/${draft.id}/attachments/0`, { headers: staff }),
      await app.server.json('GET', `/api/outgoing/${draft.id}`, { headers: staff }),
    ];
    for (const r of attempts)
      expect([r.status, r.body.error?.code], JSON.stringify(r.body)).to.deep.equal([
        404,
        'DOCUMENT_NOT_FOUND',
      ]);
    const [row]: { status: string; n: number }[] = await t.db.query(
      `SELECT status, jsonb_array_length(attachments)::int AS n FROM outgoing_documents WHERE id = $1`,
      [draft.id],
    );
    expect(row).to.deep.equal({ status: 'draft', n: 1 });
    // The drafter still can.
    const own = await app.server.json('POST', `/api/outgoing/${draft.id}/submit`, {
      json: {},
      headers: w.bearer(w.actors.own.specialist),
    });
    expect([own.status, own.body.status]).to.deep.equal([200, 'in_review']);
  });
});
