import { expect } from 'chai';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { readPkcs12 } from '../../../signing/pki/read-pkcs12';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { a4Draft, pdfsig } from '../../signing/sign/sign-fixture';
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
} from './signing-app';

/**
 * Two-step signing by a leader whose key stays on their device: prepare answers the signed attributes,
 * the test signs them with a real key (node crypto), complete embeds the signature — across a restart
 * of the server (a new app on the same database and object store), with expiry at the server clock.
 */
describe('two-step (external) leader signing over HTTP', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  let key: crypto.KeyObject;
  let credentialId: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    world = await seedWorld(t.db);
    await addAccount(t.db, world, 'bl.leader2', ['leader'], 'Võ Văn Kiệt', 'Phó Chủ tịch');
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    for (const u of ['bl.specialist', 'bl.leader', 'bl.leader2', 'bl.admin'])
      tokens[u] = await tokenFor(app, u);
    // The leader's own key, as a USB token would hold it: the server only ever sees the certificate.
    const issued = app.dev!.issue(
      [
        ['C', 'VN'],
        ['O', 'Ủy ban nhân dân huyện Bến Lức'],
        ['CN', 'Trần Văn Đức'],
      ],
      state.clock.now(),
    );
    key = readPkcs12(issued.pkcs12, app.dev!.pin).key;
    const added = await app.json('POST', '/api/signing/credentials', {
      token: tokens['bl.admin'],
      json: {
        kind: 'external',
        userId: world.users.leader.id,
        label: 'USB token',
        certificatePem: issued.certificate.toPem() + issued.chain.map((c) => c.toPem()).join(''),
      },
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    expect(added.body).to.include({ kind: 'external', ownerKind: 'user', userId: world.users.leader.id });
    credentialId = added.body.id;
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const post = (user: string, p: string, json: unknown = {}, pin?: string) =>
    app.json('POST', p, { token: tokens[user], json, headers: pin ? { 'x-signing-pin': pin } : {} });

  async function inReview(subject: string): Promise<string> {
    const fileId = await uploadPdf(app, tokens['bl.specialist']!, await a4Draft());
    const created = await post('bl.specialist', '/api/outgoing', {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject,
      recipients: [],
      fileId,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect((await post('bl.specialist', `/api/outgoing/${created.body.id}/submit`)).status).to.equal(200);
    return created.body.id;
  }

  const signValue = (toBeSigned: string) =>
    crypto.sign('sha256', Buffer.from(toBeSigned, 'base64'), key).toString('base64');

  it('prepares, survives a restart of the server, and completes with the device’s signature', async () => {
    const id = await inReview('Về việc tổ chức hội nghị');
    const prepared = await post('bl.leader', `/api/outgoing/${id}/sign/prepare`, { credentialId });
    expect(prepared.status, JSON.stringify(prepared.body)).to.equal(200);
    expect(prepared.body).to.include({ documentId: id, digestAlgorithm: 'sha256' });
    expect(prepared.body.signatureAlgorithm).to.deep.equal({ scheme: 'rsa-pkcs1', hash: 'sha256' });
    const tbs = Buffer.from(prepared.body.toBeSigned, 'base64');
    expect(tbs[0]).to.equal(0x31); // DER SET OF Attribute (RFC 5652 §5.4)
    expect(crypto.createHash('sha256').update(tbs).digest('base64')).to.equal(prepared.body.digest);
    expect(new Date(prepared.body.expiresAt).getTime() - state.clock.now().getTime()).to.equal(900_000);

    // The document has not changed yet.
    const before = await app.json('GET', `/api/outgoing/${id}`, { token: tokens['bl.leader'] });
    expect(before.body.document.status).to.equal('in_review');

    await app.close();
    state.clock.advance(5 * 60_000);
    app = await startSigningApp(t.db, state);

    const wrong = await post('bl.leader', `/api/outgoing/${id}/sign/complete`, {
      sessionId: prepared.body.sessionId,
      signature: crypto.sign('sha256', Buffer.from('something else'), key).toString('base64'),
    });
    expect([wrong.status, wrong.body.error.code]).to.deep.equal([400, 'EXTERNAL_SIGNATURE_INVALID']);

    const foreign = await post('bl.leader2', `/api/outgoing/${id}/sign/complete`, {
      sessionId: prepared.body.sessionId,
      signature: signValue(prepared.body.toBeSigned),
    });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([404, 'SIGNING_SESSION_NOT_FOUND']);

    const done = await post('bl.leader', `/api/outgoing/${id}/sign/complete`, {
      sessionId: prepared.body.sessionId,
      signature: signValue(prepared.body.toBeSigned),
    });
    expect(done.status, JSON.stringify(done.body)).to.equal(200);
    expect(done.body).to.include({ status: 'signed', signerUserId: world.users.leader.id });

    const res = await app.fetch(`/api/outgoing/${id}/pdf`, {
      headers: { authorization: `Bearer ${tokens['bl.leader']}` },
    });
    const pdf = Buffer.from(await res.arrayBuffer());
    const file = path.join(state.dir, 'two-step.pdf');
    fs.writeFileSync(file, pdf);
    const sig = pdfsig(file);
    expect([sig.valid, sig.total], sig.report).to.deep.equal([1, 1]);
    // Intact, cryptographically valid and chained to the development root; a B-T signature carries no
    // revocation data of its own (the seal's B-LT adds it), so offline it is INDETERMINATE, not FAILED.
    const v = await validatePdf(pdf, {
      trustAnchors: [app.dev!.pki.root.certificate],
      at: state.clock.now(),
    });
    expect(v.signatures[0]).to.include({ intact: true, valid: true });
    expect(v.signatures[0]!.indication).to.not.equal('TOTAL_FAILED');

    const again = await post('bl.leader', `/api/outgoing/${id}/sign/complete`, {
      sessionId: prepared.body.sessionId,
      signature: signValue(prepared.body.toBeSigned),
    });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'SIGNING_SESSION_USED']);
    const events: { type: string; payload: { twoStep?: boolean } }[] = await t.db.query(
      `SELECT type, payload FROM audit_events WHERE payload->>'documentId' = $1 AND type LIKE 'SIGN%' OR
         (type = 'DOCUMENT_SIGNED' AND payload->>'documentId' = $1) ORDER BY seq`,
      [id],
    );
    expect(events.map((e) => e.type)).to.deep.equal(['SIGNING_SESSION_PREPARED', 'DOCUMENT_SIGNED']);
    expect(events[1]!.payload.twoStep).to.equal(true);
  });

  it('expires: completing after the session lifetime answers 410 and changes nothing', async () => {
    const id = await inReview('Về việc báo cáo quý I');
    const prepared = await post('bl.leader', `/api/outgoing/${id}/sign/prepare`, { credentialId });
    expect(prepared.status).to.equal(200);
    state.clock.advance(15 * 60_000 + 1000);
    const late = await post('bl.leader', `/api/outgoing/${id}/sign/complete`, {
      sessionId: prepared.body.sessionId,
      signature: signValue(prepared.body.toBeSigned),
    });
    expect([late.status, late.body.error.code]).to.deep.equal([410, 'SIGNING_SESSION_EXPIRED']);
    const view = await app.json('GET', `/api/outgoing/${id}`, { token: tokens['bl.leader'] });
    expect(view.body.document.status).to.equal('in_review');
    expect(view.body.versions).to.have.length(1);
  });

  it('refuses a session whose document changed meanwhile, and keys of the wrong kind for each route', async () => {
    const id = await inReview('Về việc tuyển dụng');
    const prepared = await post('bl.leader', `/api/outgoing/${id}/sign/prepare`, { credentialId });
    await post('bl.leader', `/api/outgoing/${id}/return`, { comment: 'Sửa lại tiêu đề' });
    // A revision with other content (a byte-identical one would keep the prepared signature valid).
    const other = await PDFDocument.load(await a4Draft());
    other.getPage(0).drawText('Tieu de da sua', { x: 200, y: 600, size: 12 });
    const revised = await uploadPdf(app, tokens['bl.specialist']!, Buffer.from(await other.save()));
    await post('bl.specialist', `/api/outgoing/${id}/submit`, { revisedFileId: revised });
    const stale = await post('bl.leader', `/api/outgoing/${id}/sign/complete`, {
      sessionId: prepared.body.sessionId,
      signature: signValue(prepared.body.toBeSigned),
    });
    expect([stale.status, stale.body.error.code]).to.deep.equal([409, 'SIGNING_SESSION_STALE']);

    const serverHeld = await post('bl.leader', `/api/outgoing/${id}/sign`, { credentialId }, '123456');
    expect([serverHeld.status, serverHeld.body.error?.code], JSON.stringify(serverHeld.body)).to.deep.equal([
      409,
      'SIGNING_KEY_EXTERNAL',
    ]);
    const dev = (await app.json('GET', '/api/signing/my-credentials', { token: tokens['bl.leader2'] }))
      .body[0];
    const twoStepWithP12 = await post('bl.leader2', `/api/outgoing/${id}/sign/prepare`, {
      credentialId: dev.id,
    });
    expect([twoStepWithP12.status, twoStepWithP12.body.error.code]).to.deep.equal([
      409,
      'SIGNING_KEY_NOT_EXTERNAL',
    ]);
    const othersKey = await post('bl.leader2', `/api/outgoing/${id}/sign/prepare`, { credentialId });
    expect([othersKey.status, othersKey.body.error.code]).to.deep.equal([
      404,
      'SIGNING_CREDENTIAL_NOT_FOUND',
    ]);
  });
});
