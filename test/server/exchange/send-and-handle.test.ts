import { expect } from 'chai';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { testPki } from '../../signing/pki/dev-pki-fixture';
import { a4Draft, LEADER_TIME, SEAL_TIME, signers } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { startApp, type RunningApp } from '../support/world';
import { runJobs, sealedDocument, seedExchangeWorld, type ExchangeWorld } from './support/exchange-world';

/**
 * The whole chain over HTTP against PostgreSQL and the object store: a sealed document of the province is
 * sent to a district and a commune, arrives (01) with its validation verdict, is registered (03),
 * forwarded (04), assigned (05) and completed (06) at the district, and the sender follows every status
 * of every recipient with its time.
 */
describe('HTTP exchange: send → arrival → register → assign → complete', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;
  let pki: DevPki;
  let signedPdf: Buffer;

  const call = (
    method: string,
    path: string,
    actor: ExchangeWorld['actors']['own']['clerk'],
    json?: unknown,
  ) => app.server.json(method, path, { json, headers: w.bearer(actor) });

  before(async () => {
    app = await startApp(t.db);
    app.clock.set(new Date(SEAL_TIME.getTime() + 3600_000));
    w = await seedExchangeWorld(t.db, app.clock);
    pki = await testPki('ec-p256');
    const signed = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
    });
    signedPdf = Buffer.from(signed.bytes!);
  });
  after(async () => app?.close());

  it('carries one document through every status, and the sender sees each one per recipient with its time', async () => {
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, signedPdf, {
      urgency: 'urgent',
      recipients: [
        { kind: 'unit', unitId: w.own },
        { kind: 'unit', unitId: w.child },
      ],
    });

    const sent = await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect(sent.body.delivered).to.equal(2);
    expect(sent.body.alreadyDelivered).to.equal(0);
    expect(sent.body.document.status).to.equal('issued');
    expect(sent.body.document.numberAndNotation).to.equal('01/QĐ-UBND');

    // Arrival at the district: in the clerk's inbox, flagged urgent, verdict pending until the job runs.
    const own = w.actors.own;
    const inbox = await call('GET', '/api/incoming', own.clerk);
    expect(inbox.status).to.equal(200);
    expect(inbox.body.items).to.have.length(1);
    const item = inbox.body.items[0];
    expect(item).to.include({
      notation: '01/QĐ-UBND',
      statusCode: '01',
      urgent: true,
      validation: 'pending',
    });
    expect(item.status).to.deep.equal({ vi: 'Đã đến', en: 'Arrived' });
    expect(item.sender).to.deep.include({ unitId: w.province, code: '000.00.00.H41' });
    const id = item.id as string;

    let detail = await call('GET', `/api/incoming/${id}`, own.clerk);
    expect(detail.status).to.equal(200);
    expect(detail.body.validation).to.deep.equal({ state: 'pending' });
    expect(detail.body.actions).to.deep.equal(['register', 'refuse']);
    expect(detail.body.sender.signerName).to.equal('Người dùng la.leader');

    expect(await runJobs(t.db, app.objects, app.clock, [pki.root.certificate])).to.include('done');
    detail = await call('GET', `/api/incoming/${id}`, own.clerk);
    expect(detail.body.validation.state).to.equal('done');
    expect(detail.body.validation.indication).to.not.equal('TOTAL_FAILED');
    expect(detail.body.validation.signatures[0].fieldName).to.equal('chu_ky_lanh_dao');
    // The time the signature claims (its /M, a PDF date: no CMS signing-time in PAdES), as ISO 8601.
    const claimed = new Date(Math.floor(LEADER_TIME.getTime() / 1000) * 1000).toISOString();
    expect(detail.body.validation.signatures[0].claimedSigningTime).to.equal(claimed);
    expect(detail.body.validation.signatures[0].claimedSigningTimeRaw).to.match(
      /^D:\d{14}(Z|[+-]\d{2}'\d{2}'?)$/,
    );
    // A verdict stored before the times were normalised (raw PDF date, no raw field) reads the same.
    const raw = detail.body.validation.signatures[0].claimedSigningTimeRaw as string;
    await t.db.query(
      `UPDATE incoming_documents
          SET validation = jsonb_set(validation #- '{signatures,0,claimedSigningTimeRaw}',
                                     '{signatures,0,claimedSigningTime}', to_jsonb($2::text))
        WHERE id = $1`,
      [id, raw],
    );
    const old = (await call('GET', `/api/incoming/${id}`, own.clerk)).body.validation.signatures[0];
    expect([old.claimedSigningTime, old.claimedSigningTimeRaw]).to.deep.equal([claimed, raw]);
    expect((await call('GET', '/api/incoming', own.clerk)).body.items[0].validation).to.equal(
      detail.body.validation.indication,
    );

    app.clock.advance(10 * 60_000);
    const registered = await call('POST', `/api/incoming/${id}/register`, own.clerk);
    expect(registered.status, JSON.stringify(registered.body)).to.equal(200);
    expect(registered.body).to.include({
      statusCode: '03',
      incomingNumber: 1,
      incomingNumberText: '01',
      year: 2026,
    });

    app.clock.advance(10 * 60_000);
    expect((await call('POST', `/api/incoming/${id}/forward`, own.clerk)).body.statusCode).to.equal('04');
    // A leader may also answer it with a reply (issue 14 item 5).
    expect((await call('GET', `/api/incoming/${id}`, own.leader)).body.actions).to.deep.equal([
      'assign',
      'reply',
    ]);

    const assignees = await call('GET', '/api/incoming/assignees', own.leader);
    expect(assignees.status).to.equal(200);
    expect(assignees.body.items.map((u: { username: string }) => u.username).sort()).to.deep.equal([
      'bl.specialist',
      'bl.staff',
    ]);
    app.clock.advance(10 * 60_000);
    const assigned = await call('POST', `/api/incoming/${id}/assign`, own.leader, {
      assigneeUserIds: [own.specialist.userId],
      deadline: '2026-03-10',
    });
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
    expect(assigned.body).to.include({ statusCode: '05', deadline: '2026-03-10' });

    // The assignee sees it among their assignments; a specialist not assigned does not see it at all.
    const mine = await call('GET', '/api/incoming', own.specialist);
    expect(mine.body.items.map((i: { id: string }) => i.id)).to.deep.equal([id]);
    expect(mine.body.items[0].assignedToMe).to.equal(true);
    expect((await call('GET', '/api/incoming', own.staff)).body.items).to.deep.equal([]);
    expect((await call('GET', `/api/incoming/${id}`, own.staff)).status).to.equal(404);
    expect((await call('POST', `/api/incoming/${id}/complete`, own.staff, { note: 'x' })).status).to.equal(
      403,
    );

    app.clock.advance(24 * 3600_000);
    const done = await call('POST', `/api/incoming/${id}/complete`, own.specialist, {
      note: 'Đã triển khai đến các phòng, ban',
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body).to.include({ statusCode: '06', handlingResult: 'early' });

    detail = await call('GET', `/api/incoming/${id}`, own.leader);
    expect(detail.body.events.map((e: { code: string }) => e.code)).to.deep.equal([
      '01',
      '03',
      '04',
      '05',
      '06',
    ]);
    expect(detail.body.events[4]).to.deep.include({
      note: 'Đã triển khai đến các phòng, ban',
      actor: { userId: own.specialist.userId, fullName: 'Nguyễn Thị Hương' },
    });
    expect(detail.body.assignees).to.deep.equal([
      { id: own.specialist.userId, fullName: 'Nguyễn Thị Hương', title: null },
    ]);
    expect(detail.body.actions).to.deep.equal([]);

    // The sender's tracking: both recipients, every event with its time, labels in Vietnamese.
    const track = await call('GET', `/api/outgoing/${doc.id}/recipients`, p.clerk);
    expect(track.status, JSON.stringify(track.body)).to.equal(200);
    expect(track.body.document).to.include({
      numberAndNotation: '01/QĐ-UBND',
      urgent: true,
      status: 'issued',
    });
    expect(track.body.summary).to.deep.equal({ total: 2, byStatus: { '01': 1, '06': 1 } });
    const byUnit = Object.fromEntries(
      track.body.recipients.map((r: { unit: { id: string } }) => [r.unit.id, r]),
    ) as Record<string, any>;
    expect(byUnit[w.own].statusCode).to.equal('06');
    expect(byUnit[w.own].status.vi).to.equal('Hoàn thành');
    expect(byUnit[w.own].incomingNumber).to.equal(1);
    expect(byUnit[w.own].urgent).to.equal(true);
    const times = byUnit[w.own].events.map((e: { at: string }) => Date.parse(e.at));
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    expect(new Set(times).size).to.equal(5);
    expect(
      byUnit[w.own].events.map((e: { code: string; label: { vi: string } }) => `${e.code} ${e.label.vi}`),
    ).to.deep.equal([
      '01 Đã đến',
      '03 Đã tiếp nhận, vào sổ',
      '04 Chờ phân công',
      '05 Đang xử lý',
      '06 Hoàn thành',
    ]);
    expect(byUnit[w.child].statusCode).to.equal('01');
    expect(byUnit[w.child].events).to.have.length(1);
  });

  it('streams the PDF from the object store with the Vietnamese file name (RFC 5987) and an ASCII fallback', async () => {
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, signedPdf, {
      notation: 'TB-VP',
      recipients: [{ kind: 'unit', unitId: w.own }],
    });
    expect((await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk)).status).to.equal(200);
    const [{ id }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const res = await app.server.fetch(`/api/incoming/${id}/pdf`, { headers: w.bearer(w.actors.own.clerk) });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    expect(res.headers.get('content-disposition')).to.equal(
      `attachment; filename="02-TB-VP.pdf"; filename*=UTF-8''02-TB-VP.pdf`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(signedPdf)).to.equal(true);

    const vi = await sealedDocument(t.db, app.objects, app.clock, p, signedPdf, {
      recipients: [{ kind: 'unit', unitId: w.own }],
    });
    await call('POST', `/api/outgoing/${vi.id}/send`, p.clerk);
    const [{ id: viId }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [vi.id],
    );
    const inline = await app.server.fetch(`/api/incoming/${viId}/pdf?disposition=inline`, {
      headers: w.bearer(w.actors.own.leader),
    });
    expect(inline.headers.get('content-disposition')).to.equal(
      `inline; filename="03-QD-UBND.pdf"; filename*=UTF-8''03-Q%C4%90-UBND.pdf`,
    );
    expect(inline.headers.get('etag')).to.equal(`"${vi.pdfSha256}"`);
    await inline.arrayBuffer();
    // Another unit's record does not exist for them, the file neither.
    expect(
      (await app.server.fetch(`/api/incoming/${viId}/pdf`, { headers: w.bearer(w.actors.other.clerk) }))
        .status,
    ).to.equal(404);
  });

  it('lists the signed attachments and streams each one with its own Vietnamese name', async () => {
    const p = w.actors.province;
    const annex = await a4Draft();
    const doc = await sealedDocument(
      t.db,
      app.objects,
      app.clock,
      p,
      signedPdf,
      { notation: 'KH-UBND', recipients: [{ kind: 'unit', unitId: w.own }] },
      { attachments: [{ name: 'Phụ lục 1: Danh sách đơn vị', bytes: annex }] },
    );
    expect((await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk)).status).to.equal(200);
    const [{ id }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const detail = await call('GET', `/api/incoming/${id}`, w.actors.own.clerk);
    expect(detail.body.attachments).to.deep.equal([
      { index: 0, name: 'Phụ lục 1: Danh sách đơn vị', size: annex.length },
    ]);
    const res = await app.server.fetch(`/api/incoming/${id}/attachments/0`, {
      headers: w.bearer(w.actors.own.clerk),
    });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.equal(
      `attachment; filename="Phu luc 1 Danh sach don vi.pdf"; ` +
        `filename*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c%201%20Danh%20s%C3%A1ch%20%C4%91%C6%A1n%20v%E1%BB%8B.pdf`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(annex)).to.equal(true);
    const missing = await call('GET', `/api/incoming/${id}/attachments/1`, w.actors.own.clerk);
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('ATTACHMENT_NOT_FOUND');
  });

  it('refuses a transition out of order with 409 INCOMING_STATE_INVALID and changes nothing', async () => {
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, signedPdf, {
      recipients: [{ kind: 'unit', unitId: w.other }],
    });
    await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
    const [{ id }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const early = await call('POST', `/api/incoming/${id}/forward`, w.actors.other.clerk);
    expect(early.status).to.equal(409);
    expect(early.body.error.code).to.equal('INCOMING_STATE_INVALID');
    expect(early.body.error.messageVi).to.match(/trạng thái 01/);
    const noReason = await call('POST', `/api/incoming/${id}/refuse`, w.actors.other.clerk, { reason: '  ' });
    expect(noReason.status).to.equal(400);
    const events: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM status_events WHERE incoming_id = $1`,
      [id],
    );
    expect(events[0]!.n).to.equal(1);
    // A second send of the same document (a retry) creates nothing more.
    const again = await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
    expect(again.body).to.include({ delivered: 0, alreadyDelivered: 1 });
  });
});
