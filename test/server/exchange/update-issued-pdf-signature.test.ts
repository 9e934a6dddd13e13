import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { Certificate } from '../../../signing/pki/certificate';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  uploadPdf,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';
import { runJobs } from './support/exchange-world';

/**
 * Issue 10 item 9: an issued, sealed document is updated (edXML business type 2) only with a PDF that
 * carries the issuing unit's valid organisation signature, like the original; an unsigned PDF, one signed
 * only by a person, one sealed by another unit, and a tampered seal are refused with
 * UPDATE_SIGNATURE_REQUIRED and nothing is stored. Real database, object store, development CA and
 * validation processes.
 */
describe('update of an issued document keeps the organisation signature (issue 10 item 9)', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  const tokens: Record<string, string> = {};
  let documentId: string;

  const call = (user: string, method: string, p: string, json: unknown = {}, pin?: string) =>
    app.json(method, p, { token: tokens[user], json, headers: pin ? { 'x-signing-pin': pin } : {} });
  const credential = async (user: string, kind: 'user' | 'unit') =>
    (
      (await app.json('GET', '/api/signing/my-credentials', { token: tokens[user] })).body as {
        ownerKind: string;
        id: string;
        devPin?: string;
      }[]
    ).find((c) => c.ownerKind === kind)!;

  /** The signing service signs `pdf` as `user` (role org with the unit seal, or leader). */
  async function signed(user: string, pdf: Buffer, role: 'org' | 'leader'): Promise<Buffer> {
    const c = await credential(user, role === 'org' ? 'unit' : 'user');
    const res = await app.fetch(
      `/api/signing/sign?${new URLSearchParams({ credentialId: c.id, role, ...(role === 'org' ? { level: 'B-LTA' } : {}) })}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens[user]}`,
          'content-type': 'application/pdf',
          'x-signing-pin': c.devPin ?? '123456',
        },
        body: new Uint8Array(pdf),
      },
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status, bytes.toString('utf8').slice(0, 500)).to.equal(200);
    return bytes;
  }

  const update = async (pdf: Buffer) => {
    const res = await app.fetch(
      `/api/outgoing/${documentId}/update/pdf?reason=${encodeURIComponent('Đính chính số liệu')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens['bl.clerk']}`, 'content-type': 'application/pdf' },
        body: new Uint8Array(pdf),
      },
    );
    return { status: res.status, body: (await res.json()) as any };
  };
  const versions = async () =>
    (
      (await t.db.query(`SELECT step FROM document_versions WHERE document_id = $1 ORDER BY seq`, [
        documentId,
      ])) as { step: string }[]
    ).map((v) => v.step);

  before(async () => {
    world = await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state, {
      config: { validation: { devRootPath: path.join(state.pkiDir, 'root-ca.pem') } },
    });
    // A clerk of another unit (Cần Đước), with that unit's own seal.
    const [{ password_hash }] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [
      world.users.clerk.id,
    ]);
    await t.db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash) VALUES ($1, $2, $3, $4::text[], $5)`,
      ['cd.clerk', 'Lý Thị Hoa', world.other, ['clerk'], password_hash],
    );
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk', 'cd.clerk'])
      tokens[u] = await tokenFor(app, u);

    // An issued document: draft → submit → leader signs → clerk numbers and seals → sent.
    const fileId = await uploadPdf(app, tokens['bl.specialist']!, await a4Draft(), 'Quyết định.pdf');
    const created = await call('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: 'Về việc phê duyệt kế hoạch năm 2026',
      recipients: [{ kind: 'unit', unitId: world.child }],
      fileId,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    documentId = created.body.id;
    expect((await call('bl.specialist', 'POST', `/api/outgoing/${documentId}/submit`)).status).to.equal(200);
    const leader = await credential('bl.leader', 'user');
    const s = await call(
      'bl.leader',
      'POST',
      `/api/outgoing/${documentId}/sign`,
      { credentialId: leader.id },
      leader.devPin ?? '123456',
    );
    expect(s.status, JSON.stringify(s.body)).to.equal(200);
    const seal = await credential('bl.clerk', 'unit');
    const n = await call(
      'bl.clerk',
      'POST',
      `/api/outgoing/${documentId}/number-and-seal`,
      { credentialId: seal.id, level: 'B-LTA' },
      seal.devPin,
    );
    expect(n.status, JSON.stringify(n.body)).to.equal(200);
    const sent = await call('bl.clerk', 'POST', `/api/outgoing/${documentId}/send`);
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect(sent.body.document.status).to.equal('issued');
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  it('refuses an unsigned PDF, a personal signature only, another unit’s seal and a tampered seal; stores nothing', async () => {
    const corrected = await a4Draft();
    const before = (await app.objects.list({ limit: 1000 })).objects.length;

    const unsigned = await update(corrected);
    expect(unsigned.status).to.equal(422);
    expect(unsigned.body.error.code).to.equal('UPDATE_SIGNATURE_REQUIRED');
    expect(unsigned.body.error.message).to.contain('not signed');
    expect(unsigned.body.error.messageVi).to.contain('chưa được ký');

    const leaderOnly = await update(await signed('bl.leader', corrected, 'leader'));
    expect(leaderOnly.status).to.equal(422);
    expect(leaderOnly.body.error.code).to.equal('UPDATE_SIGNATURE_REQUIRED');
    expect(leaderOnly.body.error.details.signatures).to.have.length(1);
    expect(leaderOnly.body.error.details.signatures[0]).to.include({ sealOfUnit: false });

    const otherUnit = await update(await signed('cd.clerk', corrected, 'org'));
    expect(otherUnit.status).to.equal(422);
    expect(otherUnit.body.error.message).to.contain(
      'no signature is made with a seal credential of this unit',
    );

    // The unit's own seal, then one byte of the signed content changed.
    const sealed = await signed('bl.clerk', corrected, 'org');
    const tampered = Buffer.from(sealed);
    const at = tampered.indexOf('/MediaBox');
    tampered[at + 1] = 'm'.charCodeAt(0);
    const broken = await update(tampered);
    expect(broken.status).to.equal(422);
    expect(
      broken.body.error.details.signatures.some((s: any) => s.sealOfUnit && s.indication !== 'TOTAL_PASSED'),
    ).to.equal(true);

    expect((await app.objects.list({ limit: 1000 })).objects.length).to.equal(before);
    expect(await versions()).to.deep.equal(['drafted', 'signed', 'sealed']);
  });

  it('accepts the corrected PDF sealed by the unit: a new revision reaches the recipient', async () => {
    const sealed = await signed('bl.clerk', await a4Draft(), 'org');
    const r = await update(sealed);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ revision: 2, recipients: 1 });
    expect(await versions()).to.deep.equal(['drafted', 'signed', 'sealed', 'updated']);
    const incoming: { pdf_sha256: string }[] = await t.db.query(
      `SELECT i.pdf_sha256 FROM incoming_documents i WHERE i.outgoing_id = $1`,
      [documentId],
    );
    expect(incoming.map((i) => i.pdf_sha256)).to.deep.equal([r.body.document.pdfSha256]);
    // Validation on arrival runs again: the recipient sees a signed verdict, not UNSIGNED.
    const root = Certificate.from(fs.readFileSync(path.join(state.pkiDir, 'root-ca.pem')));
    await runJobs(t.db, app.objects, state.clock, [root]);
    const [verdict]: { validation: { indication: string } | null }[] = await t.db.query(
      `SELECT validation FROM incoming_documents WHERE outgoing_id = $1`,
      [documentId],
    );
    expect(verdict!.validation?.indication).to.equal('TOTAL_PASSED');
  });
});
