import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { expectQpdfClean, pdfsig, pdftext, a4Draft } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../support/world';
import {
  addAccount,
  signingAppState,
  startSigningApp,
  tokenFor,
  uploadPdf,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';

/**
 * The Decree 30 chain over HTTP on a real database, object store and development CA: upload → draft →
 * submit → return → resubmit → leader signs (PKCS#12, wrong PIN first) → clerk numbers and seals at
 * B-LTA with the attachment → the stored PDF checked with pdfsig, pdftotext and qpdf.
 */
describe('outgoing documents over HTTP: draft to sealed', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  const tokens: Record<string, string> = {};

  before(async () => {
    world = await seedWorld(t.db);
    await t.db.query(`UPDATE users SET title = 'Chủ tịch' WHERE id = $1`, [world.users.leader.id]);
    await addAccount(t.db, world, 'bl.clerk2', ['clerk'], 'Phan Thị Thu Trang');
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk', 'bl.clerk2', 'bl.admin', 'bl.staff']) {
      tokens[u] = await tokenFor(app, u);
    }
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const as = (user: string) => ({
    get: (p: string) => app.json('GET', p, { token: tokens[user] }),
    post: (p: string, json: unknown = {}, pin?: string) =>
      app.json('POST', p, { token: tokens[user], json, headers: pin ? { 'x-signing-pin': pin } : {} }),
  });
  const pdfOf = async (user: string, p: string) => {
    const res = await app.fetch(p, { headers: { authorization: `Bearer ${tokens[user]}` } });
    expect(res.status, p).to.equal(200);
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const write = (name: string, bytes: Buffer) => {
    const p = path.join(state.dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  async function draft(subject: string): Promise<string> {
    const fileId = await uploadPdf(app, tokens['bl.specialist']!, await a4Draft(), `${subject}.pdf`);
    const created = await as('bl.specialist').post('/api/outgoing', {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject,
      recipients: [{ kind: 'unit', unitId: world.child }],
      fileId,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.id;
  }

  async function signed(subject: string, leaderCredential: string, pin: string): Promise<string> {
    const id = await draft(subject);
    expect((await as('bl.specialist').post(`/api/outgoing/${id}/submit`)).status).to.equal(200);
    const r = await as('bl.leader').post(`/api/outgoing/${id}/sign`, { credentialId: leaderCredential }, pin);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return id;
  }

  it('walks upload → submit → return → resubmit → sign (wrong PIN refused) → number and seal at B-LTA; pdfsig, qpdf and the text agree', async () => {
    const specialist = as('bl.specialist');
    const annexBytes = await onePager('Phu luc: danh sach don vi');
    const draftFile = await uploadPdf(
      app,
      tokens['bl.specialist']!,
      await a4Draft(),
      'Dự thảo quyết định.pdf',
    );
    const annexFile = await uploadPdf(app, tokens['bl.specialist']!, annexBytes, 'Danh sách đơn vị.pdf');
    const created = await specialist.post('/api/outgoing', {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: 'Về việc ban hành Quy chế làm việc của Ủy ban nhân dân huyện',
      urgency: 'urgent',
      recipients: [{ kind: 'unit', unitId: world.child }],
      fileId: draftFile,
      attachments: [{ fileId: annexFile, name: 'Phụ lục I - Danh sách đơn vị' }],
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;
    expect(created.body).to.include({ status: 'draft', numberAndNotation: 'QĐ-UBND' });

    const view0 = await specialist.get(`/api/outgoing/${id}`);
    expect(view0.body.allowedActions).to.deep.equal(['edit', 'delete', 'edit_attachments', 'submit']);
    // The draft is the drafter's own: another specialist of the unit does not see it.
    expect((await as('bl.staff').get(`/api/outgoing/${id}`)).status).to.equal(404);

    expect((await specialist.post(`/api/outgoing/${id}/submit`)).body.status).to.equal('in_review');
    const leaderView = await as('bl.leader').get(`/api/outgoing/${id}`);
    expect(leaderView.body.allowedActions).to.deep.equal(['return', 'sign']);
    // The leader sees who drafted it, in the list to sign and in the detail; no signer named yet.
    const drafter = { id: world.users.specialist.id, fullName: 'Nguyễn Thị Hương' };
    expect(leaderView.body.document).to.deep.include({
      drafter,
      unitName: 'Ủy ban nhân dân huyện Bến Lức',
      signer: null,
      signedBy: null,
    });
    const toSign = await as('bl.leader').get('/api/outgoing?box=to_sign');
    expect(toSign.body.items.find((d: { id: string }) => d.id === id)).to.deep.include({ drafter });
    const returned = await as('bl.leader').post(`/api/outgoing/${id}/return`, {
      comment: 'Bổ sung căn cứ pháp lý',
    });
    expect(returned.body).to.include({ status: 'returned', reviewComment: 'Bổ sung căn cứ pháp lý' });
    const revisedFile = await uploadPdf(app, tokens['bl.specialist']!, await a4Draft(), 'Dự thảo sửa.pdf');
    const resubmitted = await specialist.post(`/api/outgoing/${id}/submit`, { revisedFileId: revisedFile });
    expect(resubmitted.body.status).to.equal('in_review');

    // The leader's credentials: a development credential is issued on first use, with its demo PIN.
    const mine = await as('bl.leader').get('/api/signing/my-credentials');
    expect(mine.status).to.equal(200);
    const personal = mine.body.find((c: { ownerKind: string }) => c.ownerKind === 'user');
    expect(personal).to.include({ kind: 'pkcs12', dev: true, devPin: '123456' });
    expect(personal.subject).to.contain('CN=Trần Văn Đức').and.to.contain('title=Chủ tịch');

    const versionsBefore = (await specialist.get(`/api/outgoing/${id}`)).body.versions;
    const wrong = await as('bl.leader').post(
      `/api/outgoing/${id}/sign`,
      { credentialId: personal.id },
      '000000',
    );
    expect(wrong.status).to.equal(422);
    expect(wrong.body.error.code).to.equal('SIGNING_PIN_INCORRECT');
    expect(wrong.body.error.messageVi).to.equal('Mã PIN không đúng. Còn 4 lần thử trước khi khóa 15 phút.');
    const unchanged = await specialist.get(`/api/outgoing/${id}`);
    expect(unchanged.body.document.status).to.equal('in_review');
    expect(unchanged.body.versions).to.deep.equal(versionsBefore);
    const noPin = await as('bl.leader').post(`/api/outgoing/${id}/sign`, { credentialId: personal.id });
    expect([noPin.status, noPin.body.error.code]).to.deep.equal([400, 'SIGNING_PIN_MISSING']);

    state.clock.advance(20 * 60_000);
    const signedRes = await as('bl.leader').post(
      `/api/outgoing/${id}/sign`,
      { credentialId: personal.id },
      '123456',
    );
    expect(signedRes.status, JSON.stringify(signedRes.body)).to.equal(200);
    expect(signedRes.body).to.include({ status: 'signed', signerUserId: world.users.leader.id });
    const leaderRef = { id: world.users.leader.id, fullName: 'Trần Văn Đức' };
    expect(signedRes.body).to.deep.include({ signer: leaderRef, signedBy: leaderRef });
    const leaderPdf = (await pdfOf('bl.clerk', `/api/outgoing/${id}/pdf`)).bytes;
    const leaderSig = pdfsig(write('leader.pdf', leaderPdf));
    expect([leaderSig.valid, leaderSig.total], leaderSig.report).to.deep.equal([1, 1]);

    // The clerk: the unit's seal credential (issued on first use in development).
    const seals = (await as('bl.clerk').get('/api/signing/my-credentials')).body;
    const seal = seals.find((c: { ownerKind: string }) => c.ownerKind === 'unit');
    expect(seal.subject).to.contain('CN=Ủy ban nhân dân huyện Bến Lức');
    state.clock.advance(60 * 60_000);
    const sealedRes = await as('bl.clerk').post(
      `/api/outgoing/${id}/number-and-seal`,
      { credentialId: seal.id, level: 'B-LTA' },
      seal.devPin,
    );
    expect(sealedRes.status, JSON.stringify(sealedRes.body)).to.equal(200);
    expect(sealedRes.body).to.include({
      status: 'sealed',
      number: 1,
      year: 2026,
      numberAndNotation: '01/QĐ-UBND',
    });

    const view = await as('bl.clerk').get(`/api/outgoing/${id}`);
    expect(view.body.versions.map((v: { step: string }) => v.step)).to.deep.equal([
      'drafted',
      'revised',
      'signed',
      'sealed',
      'attachment_signed',
    ]);
    expect(view.body.allowedActions).to.deep.equal(['send']);

    const { res, bytes: sealed } = await pdfOf('bl.clerk', `/api/outgoing/${id}/pdf`);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    expect(res.headers.get('content-disposition')).to.equal(
      `attachment; filename="01-QD-UBND.pdf"; filename*=UTF-8''01-Q%C4%90-UBND.pdf`,
    );
    const sealedPath = write('sealed.pdf', sealed);
    const sig = pdfsig(sealedPath);
    // Leader and seal valid; the third is the B-LTA document timestamp (poppler does not verify RFC 3161).
    expect([sig.valid, sig.total], sig.report).to.deep.equal([2, 3]);
    // The team validator checks the document timestamp too, offline, against the development root.
    const validation = await validatePdf(sealed, {
      trustAnchors: [app.dev!.pki.root.certificate],
      at: new Date(state.clock.now().getTime() + 60_000),
    });
    expect(validation.signatures.map((s) => [s.fieldName, s.indication])).to.deep.equal([
      ['chu_ky_lanh_dao', 'TOTAL_PASSED'],
      ['chu_ky_co_quan', 'TOTAL_PASSED'],
      ['dau_thoi_gian', 'TOTAL_PASSED'],
    ]);
    expectQpdfClean(sealedPath);
    const text = pdftext(sealedPath);
    expect(text).to.contain('Số: 01/QĐ-UBND');
    expect(text).to.contain('Bến Lức, ngày 03 tháng 3 năm 2026');
    // The template's signature block prints the title: the stamp does not repeat it (issue 14 item 16).
    expect(text).not.to.contain('CHỦ TỊCH');
    expect(
      sealed.subarray(0, leaderPdf.length).equals(leaderPdf),
      'the leader-signed bytes are a prefix',
    ).to.equal(true);

    const seqOf = (step: string) => view.body.versions.find((v: { step: string }) => v.step === step).seq;
    const v3 = (await pdfOf('bl.clerk', `/api/outgoing/${id}/versions/${seqOf('signed')}/pdf`)).bytes;
    expect(v3.equals(leaderPdf)).to.equal(true);
    const annex = await pdfOf('bl.clerk', `/api/outgoing/${id}/attachments/0/pdf?disposition=inline`);
    expect(annex.res.headers.get('content-disposition')).to.match(
      /^inline; filename="01-QD-UBND - Phu luc I/,
    );
    const annexPath = write('annex.pdf', annex.bytes);
    const annexSig = pdfsig(annexPath);
    expect([annexSig.valid, annexSig.total], annexSig.report).to.deep.equal([1, 1]);
    expect(annex.bytes.subarray(0, annexBytes.length).equals(annexBytes)).to.equal(true);
    expect(pdftext(annexPath)).to.contain('Số: 01/QĐ-UBND');

    const audit: { type: string; payload: { role?: string } }[] = await t.db.query(
      `SELECT type, payload FROM audit_events WHERE payload->>'documentId' = $1 ORDER BY seq`,
      [id],
    );
    expect(audit.filter((e) => e.type === 'DOCUMENT_SIGNED').map((e) => e.payload.role)).to.deep.equal([
      'leader',
      'org',
      'attachment',
    ]);
    expect((await verifyAuditChain(t.db)).ok).to.equal(true);
    expect(app.logLines.join('\n')).not.to.contain('123456');
  });

  it('numbers concurrently by two clerks without a duplicate or a gap, and a failing seal (revoked certificate) gives its number back', async () => {
    const leader = (await as('bl.leader').get('/api/signing/my-credentials')).body.find(
      (c: { ownerKind: string }) => c.ownerKind === 'user',
    );
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await signed(`Công văn số ${i}`, leader.id, '123456'));
    const seal = (await as('bl.clerk').get('/api/signing/my-credentials')).body.find(
      (c: { ownerKind: string }) => c.ownerKind === 'unit',
    );
    const results = await Promise.all(
      ids.map((id, i) =>
        as(i % 2 ? 'bl.clerk2' : 'bl.clerk').post(
          `/api/outgoing/${id}/number-and-seal`,
          { credentialId: seal.id, level: 'B-LT' },
          '123456',
        ),
      ),
    );
    for (const r of results) expect(r.status, JSON.stringify(r.body)).to.equal(200);
    // The first test sealed number 1.
    expect(results.map((r) => r.body.number).sort((a, b) => a - b)).to.deep.equal([2, 3, 4, 5, 6, 7]);
    for (const [i, id] of ids.entries()) {
      const text = pdftext(write(`c${i}.pdf`, (await pdfOf('bl.clerk', `/api/outgoing/${id}/pdf`)).bytes));
      expect(text).to.contain(`Số: 0${results[i]!.body.number}/QĐ-UBND`);
    }

    // The unit's seal certificate is revoked: sealing fails, nothing is numbered.
    const victim = await signed('Thông báo', leader.id, '123456');
    const revoked = await as('bl.admin').post(`/api/dev-pki/credentials/${seal.id}/revoke`, {
      reason: 'keyCompromise',
    });
    expect(revoked.status, JSON.stringify(revoked.body)).to.equal(200);
    const next = async () =>
      Number(
        (await t.db.query(`SELECT next_number FROM registers WHERE unit_id = $1`, [world.own]))[0]
          .next_number,
      );
    const before = await next();
    const failed = await as('bl.clerk').post(
      `/api/outgoing/${victim}/number-and-seal`,
      { credentialId: seal.id },
      '123456',
    );
    expect([failed.status, failed.body.error.code]).to.deep.equal([422, 'CERT_REVOKED']);
    expect(await next()).to.equal(before);
    const still = await as('bl.clerk').get(`/api/outgoing/${victim}`);
    expect(still.body.document).to.include({ status: 'signed', number: null });
    expect(still.body.versions.map((v: { step: string }) => v.step)).to.deep.equal(['drafted', 'signed']);

    // A new seal credential (the revoked one deactivated) takes the very next number.
    expect((await as('bl.admin').post(`/api/signing/credentials/${seal.id}/deactivate`)).status).to.equal(
      200,
    );
    const fresh = (await as('bl.clerk').get('/api/signing/my-credentials')).body.find(
      (c: { ownerKind: string }) => c.ownerKind === 'unit',
    );
    expect(fresh.id).to.not.equal(seal.id);
    const ok = await as('bl.clerk').post(
      `/api/outgoing/${victim}/number-and-seal`,
      { credentialId: fresh.id },
      '123456',
    );
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.number).to.equal(before);
    const numbers: { number: number }[] = await t.db.query(
      `SELECT number FROM outgoing_documents WHERE unit_id = $1 AND number IS NOT NULL ORDER BY number`,
      [world.own],
    );
    expect(numbers.map((n) => n.number)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses another user’s file id, a clerk’s credential for the leader step, and a leader credential for the seal', async () => {
    const foreign = await uploadPdf(app, tokens['bl.staff']!, await a4Draft());
    const r = await as('bl.specialist').post('/api/outgoing', {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Thử tệp của người khác',
      recipients: [],
      fileId: foreign,
    });
    expect([r.status, r.body.error.code]).to.deep.equal([404, 'FILE_NOT_FOUND']);

    const id = await draft('Kế hoạch');
    await as('bl.specialist').post(`/api/outgoing/${id}/submit`);
    const seal = (await as('bl.clerk').get('/api/signing/my-credentials')).body.find(
      (c: { ownerKind: string }) => c.ownerKind === 'unit',
    );
    const bySeal = await as('bl.leader').post(
      `/api/outgoing/${id}/sign`,
      { credentialId: seal.id },
      '123456',
    );
    expect([bySeal.status, bySeal.body.error.code]).to.deep.equal([404, 'SIGNING_CREDENTIAL_NOT_FOUND']);
    const byClerk = await as('bl.clerk').post(
      `/api/outgoing/${id}/sign`,
      { credentialId: seal.id },
      '123456',
    );
    expect(byClerk.status).to.equal(403);
  });
});

async function onePager(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(text, { x: 70, y: 700, size: 12 });
  return Buffer.from(await doc.save());
}
