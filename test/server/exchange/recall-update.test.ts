import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';
import { pdfBytes } from '../../workflows/exchange/exchange-pdf';
import { startApp, type RunningApp } from '../support/world';
import { runJobs, sealedDocument, seedExchangeWorld, type ExchangeWorld } from './support/exchange-world';

/**
 * Recall (edXML business type 1), update (type 2) and replace (type 3) of an issued document reach every
 * recipient, over HTTP, and the sender sees each recipient's answer.
 */
describe('HTTP exchange: recall, update and replace of an issued document', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;

  type A = ExchangeWorld['actors']['own']['clerk'];
  const call = (method: string, path: string, actor: A, json?: unknown) =>
    app.server.json(method, path, { json, headers: w.bearer(actor) });
  const incomingOf = async (documentId: string, unitId: string) =>
    (
      (await t.db.query(
        `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
        [documentId, unitId],
      )) as { id: string }[]
    )[0]!.id;

  /** A document sent to own, child and other; own registered it, child refused it. */
  const issued = async (extra: { external?: boolean } = {}) => {
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
      subject: 'Về việc triển khai kế hoạch chuyển đổi số năm 2026',
      recipients: [
        { kind: 'unit', unitId: w.own },
        { kind: 'unit', unitId: w.child },
        { kind: 'unit', unitId: w.other },
        ...(extra.external ? [{ kind: 'external' as const, code: '000.00.00.G12', name: 'Bộ Nội vụ' }] : []),
      ],
    });
    expect((await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk)).status).to.equal(200);
    const own = await incomingOf(doc.id, w.own);
    const child = await incomingOf(doc.id, w.child);
    const other = await incomingOf(doc.id, w.other);
    app.clock.advance(60_000);
    expect((await call('POST', `/api/incoming/${own}/register`, w.actors.own.clerk)).status).to.equal(200);
    const refused = await call('POST', `/api/incoming/${child}/refuse`, w.actors.child.clerk, {
      reason: 'Gửi nhầm nơi nhận',
    });
    expect(refused.status).to.equal(200);
    app.clock.advance(60_000);
    return { doc, own, child, other };
  };

  before(async () => {
    app = await startApp(t.db);
    app.clock.set('2026-03-02T08:00:00+07:00');
    w = await seedExchangeWorld(t.db, app.clock);
  });
  after(async () => app?.close());

  it('updates the subject at every recipient still holding the document, keeping number and state', async () => {
    const { doc, own, child, other } = await issued({ external: true });
    const clerk = w.actors.province.clerk;
    const up = await call('POST', `/api/outgoing/${doc.id}/update`, clerk, {
      reason: 'Đính chính trích yếu',
      subject: 'Về việc triển khai Kế hoạch chuyển đổi số năm 2026 (đính chính)',
    });
    expect(up.status, JSON.stringify(up.body)).to.equal(200);
    expect(up.body).to.deep.include({ revision: 2, recipients: 2, external: ['000.00.00.G12'] });
    expect(up.body.document.status).to.equal('issued');

    const d = await call('GET', `/api/incoming/${own}`, w.actors.own.clerk);
    expect(d.body).to.include({
      subject: 'Về việc triển khai Kế hoạch chuyển đổi số năm 2026 (đính chính)',
      revision: 2,
      statusCode: '03',
      incomingNumber: 1,
    });
    const last = d.body.events[d.body.events.length - 1];
    expect(last).to.deep.include({
      code: '01',
      kind: 'update',
      label: { vi: 'Đã nhận bản cập nhật', en: 'Update arrived' },
      note: 'Đính chính trích yếu',
    });
    // The refused copy stays as it was.
    const c = await call('GET', `/api/incoming/${child}`, w.actors.child.clerk);
    expect(c.body).to.include({
      revision: 1,
      statusCode: '02',
      subject: 'Về việc triển khai kế hoạch chuyển đổi số năm 2026',
    });
    // Search follows the corrected subject.
    const found = await call('GET', '/api/incoming?q=dinh%20chinh', w.actors.other.clerk);
    expect(found.body.items.map((i: { id: string }) => i.id)).to.deep.equal([other]);

    const track = await call('GET', `/api/outgoing/${doc.id}/recipients`, clerk);
    expect(track.body.document.revision).to.equal(2);
    const kinds = Object.fromEntries(
      track.body.recipients.map((r: { incomingId: string; events: { kind: string }[] }) => [
        r.incomingId,
        r.events.map((e) => e.kind).join(','),
      ]),
    );
    expect(kinds[own]).to.equal('status,status,update');
    expect(kinds[child]).to.equal('status,status');
    expect(kinds[other]).to.equal('status,update');
    expect(track.body.external).to.deep.equal([
      {
        code: '000.00.00.G12',
        name: 'Bộ Nội vụ',
        delivery: 'queued',
        attempts: 0,
        lastError: null,
        failure: null,
        deliveredAt: null,
        statusCode: null,
        status: null,
        recallCode: null,
        recall: null,
        events: [],
      },
    ]);
    const jobs: { payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT payload FROM jobs WHERE kind = 'edxml.send' AND payload->>'documentId' = $1 AND payload->>'businessType' = '2'`,
      [doc.id],
    );
    expect(jobs.map((j) => j.payload)).to.deep.equal([
      {
        documentId: doc.id,
        to: '000.00.00.G12',
        businessType: 2,
        revision: 2,
        reason: 'Đính chính trích yếu',
      },
    ]);

    const same = await call('POST', `/api/outgoing/${doc.id}/update`, clerk, {
      reason: 'Lần nữa',
      subject: 'Về việc triển khai Kế hoạch chuyển đổi số năm 2026 (đính chính)',
    });
    expect(same.status).to.equal(400);
    expect(same.body.error.code).to.equal('DOCUMENT_INVALID');
    expect((await call('POST', `/api/outgoing/${doc.id}/update`, clerk, { subject: 'x' })).status).to.equal(
      400,
    );
    expect(
      (
        await call('POST', `/api/outgoing/${doc.id}/update`, w.actors.province.leader, {
          reason: 'x',
          subject: 'y',
        })
      ).status,
    ).to.equal(403);
    expect(
      (
        await call('POST', `/api/outgoing/${doc.id}/update`, w.actors.other.clerk, {
          reason: 'x',
          subject: 'y',
        })
      ).status,
    ).to.equal(404);
  });

  // The accepted update (a PDF sealed by the unit: new revision, validation on arrival again, a signed
  // verdict) is in update-issued-pdf-signature.test.ts, where the server has a development CA.
  it('refuses to update the PDF with one lacking the unit’s organisation signature (issue 10 item 9); refused requests store nothing', async () => {
    const { doc, own } = await issued();
    await runJobs(t.db, app.objects, app.clock, []);
    expect((await call('GET', `/api/incoming/${own}`, w.actors.own.clerk)).body.validation.state).to.equal(
      'done',
    );
    const objectsBefore = (await app.objects.list({ limit: 1000 })).objects.length;

    const res = await app.server.fetch(
      `/api/outgoing/${doc.id}/update/pdf?reason=${encodeURIComponent('Thay tệp đính chính số liệu')}`,
      {
        method: 'POST',
        headers: { ...w.bearer(w.actors.province.clerk), 'content-type': 'application/pdf' },
        body: new Uint8Array(await pdfBytes('BAN DINH CHINH')),
      },
    );
    const body = (await res.json()) as { error: { code: string; details: { signatures: unknown[] } } };
    expect(res.status, JSON.stringify(body)).to.equal(422);
    expect(body.error.code).to.equal('UPDATE_SIGNATURE_REQUIRED');
    expect(body.error.details.signatures).to.deep.equal([]);
    const versions: { step: string }[] = await t.db.query(
      `SELECT step FROM document_versions WHERE document_id = $1 ORDER BY seq`,
      [doc.id],
    );
    expect(versions.map((v) => v.step)).to.not.include('updated');
    expect((await call('GET', `/api/incoming/${own}`, w.actors.own.clerk)).body.validation.state).to.equal(
      'done',
    );
    expect((await app.objects.list({ limit: 1000 })).objects.length).to.equal(objectsBefore);

    // Refused before anything is stored: another unit's clerk, or a document not issued.
    const foreign = await app.server.fetch(`/api/outgoing/${doc.id}/update/pdf?reason=x`, {
      method: 'POST',
      headers: { ...w.bearer(w.actors.other.clerk), 'content-type': 'application/pdf' },
      body: new Uint8Array(await pdfBytes('KHONG DUOC LUU')),
    });
    expect(foreign.status).to.equal(404);
    expect((await app.objects.list({ limit: 1000 })).objects.length).to.equal(objectsBefore);

    const notPdf = await app.server.fetch(`/api/outgoing/${doc.id}/update/pdf?reason=x`, {
      method: 'POST',
      headers: { ...w.bearer(w.actors.province.clerk), 'content-type': 'application/pdf' },
      body: 'not a pdf at all',
    });
    expect(notPdf.status).to.equal(400);
    expect(((await notPdf.json()) as { error: { code: string } }).error.code).to.equal('UPLOAD_NOT_PDF');
  });

  it('recalls: every recipient that did not refuse gets the request (13) and answers 15 or 16; the sender sees each', async () => {
    const { doc, own, child, other } = await issued();
    const recall = await call('POST', `/api/outgoing/${doc.id}/recall`, w.actors.province.leader, {
      reason: 'Văn bản ban hành chưa đúng thẩm quyền',
    });
    expect(recall.status, JSON.stringify(recall.body)).to.equal(200);
    expect(recall.body.recipients).to.equal(2);
    expect(recall.body.document.status).to.equal('recalled');

    const d = await call('GET', `/api/incoming/${own}`, w.actors.own.clerk);
    expect(d.body).to.deep.include({
      recallCode: '13',
      recall: { vi: 'Yêu cầu thu hồi', en: 'Recall requested' },
      recallReason: 'Văn bản ban hành chưa đúng thẩm quyền',
    });
    expect(d.body.actions).to.include('answerRecall');
    expect(
      (await call('GET', '/api/incoming?recallPending=true', w.actors.own.clerk)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).to.deep.equal([own]);

    const noNote = await call('POST', `/api/incoming/${own}/recall-answer`, w.actors.own.clerk, {
      accept: false,
    });
    expect(noNote.status).to.equal(400);
    expect(noNote.body.error.details.issues[0].path).to.equal('note');
    const refuse = await call('POST', `/api/incoming/${own}/recall-answer`, w.actors.own.clerk, {
      accept: false,
      note: 'Văn bản đã được triển khai thực hiện',
    });
    expect(refuse.status).to.equal(200);
    expect(refuse.body.recallCode).to.equal('16');
    const accept = await call('POST', `/api/incoming/${other}/recall-answer`, w.actors.other.clerk, {
      accept: true,
    });
    expect(accept.body.recallCode).to.equal('15');
    const twice = await call('POST', `/api/incoming/${other}/recall-answer`, w.actors.other.clerk, {
      accept: true,
    });
    expect(twice.status).to.equal(409);

    const track = await call('GET', `/api/outgoing/${doc.id}/recipients`, w.actors.province.clerk);
    const byId = Object.fromEntries(
      track.body.recipients.map((r: { incomingId: string }) => [r.incomingId, r]),
    );
    expect(byId[own].recallCode).to.equal('16');
    expect(byId[own].recall.vi).to.equal('Từ chối thu hồi');
    expect(byId[own].events.map((e: { code: string }) => e.code)).to.deep.equal(['01', '03', '13', '16']);
    expect(byId[own].events[3].note).to.equal('Văn bản đã được triển khai thực hiện');
    expect(byId[other].events.map((e: { code: string }) => e.code)).to.deep.equal(['01', '13', '15']);
    expect(byId[child].recallCode).to.equal(null);

    expect((await call('POST', `/api/outgoing/${doc.id}/send`, w.actors.province.clerk)).status).to.equal(
      409,
    );
    const late = await call('POST', `/api/outgoing/${doc.id}/update`, w.actors.province.clerk, {
      reason: 'x',
      subject: 'y',
    });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('DOCUMENT_STATE_INVALID');
  });

  it('replaces: sending the replacing document marks every copy of the old one superseded', async () => {
    const { doc, own } = await issued();
    const p = w.actors.province;
    const next = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
      subject: 'Thay thế văn bản về chuyển đổi số',
      replacesId: doc.id,
      recipients: [{ kind: 'unit', unitId: w.own }],
    });
    expect((await call('POST', `/api/outgoing/${next.id}/send`, p.clerk)).status).to.equal(200);
    const d = await call('GET', `/api/incoming/${own}`, w.actors.own.clerk);
    expect(d.body.supersededById).to.equal(next.id);
    const track = await call('GET', `/api/outgoing/${doc.id}/recipients`, p.clerk);
    expect(track.body.document.status).to.equal('replaced');
  });
});
