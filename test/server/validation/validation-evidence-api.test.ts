import { expect } from 'chai';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { PKI_TIME, testPki } from '../../signing/pki/dev-pki-fixture';
import { draftPdf, signPdf } from '../../signing/validate/signed-pdf-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { storeIncoming, tokenOf, tokensFor, userIn } from './validation-support';

/**
 * POST /api/validation/documents/:sha256 with `crls` (issue 9 item 11): revocation evidence the
 * auditor holds, used beside what the file embeds. The stored document carries only the root's CRL.
 */
describe('validation API with offline revocation evidence', function () {
  this.timeout(300_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let auditor: string;
  let sha256: string;
  let issuingCrl: Buffer;
  let rootCrl: Buffer;

  before(async () => {
    const pki = await testPki('ec-p256');
    rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
    issuingCrl = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME);
    const pdf = await signPdf(await draftPdf(), {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls: [rootCrl],
    });
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    app.clock.set(new Date(PKI_TIME.getTime() + 24 * 3600_000));
    auditor = (await tokensFor(app.server, world)).auditor;
    await userIn(t.db, world.province, 'ev.admin', ['admin']);
    const added = await app.server.json('POST', '/api/admin/trust/anchors', {
      json: { pem: pki.root.certificate.toPem() },
      headers: { authorization: `Bearer ${await tokenOf(app.server, 'ev.admin')}` },
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    sha256 = await storeIncoming(t.db, app.objects, world.own, pdf, 1);
  });
  after(async () => app?.close());

  const validate = (json: unknown) =>
    app.server.json('POST', `/api/validation/documents/${sha256}`, {
      json,
      headers: { authorization: `Bearer ${auditor}` },
    });

  it('without evidence the signer’s status is unknown (TRY_LATER); with the issuing CA’s CRL: TOTAL_PASSED, source "offline"', async () => {
    const without = await validate({ offline: true });
    expect(without.status, JSON.stringify(without.body)).to.equal(200);
    expect(without.body.report.validation.signatures[0].subIndication).to.equal('TRY_LATER');

    const withCrl = await validate({ offline: true, crls: [issuingCrl.toString('base64')] });
    expect(withCrl.status, JSON.stringify(withCrl.body)).to.equal(200);
    const s = withCrl.body.report.validation.signatures[0];
    expect(s.indication).to.equal('TOTAL_PASSED');
    expect(s.chain[0]).to.include({ revocation: 'good', revocationSource: 'offline' });
  });

  it('evidence is checked like the file’s: another issuer’s CRL decides nothing; an item that is no CRL is 400', async () => {
    const wrong = await validate({ offline: true, crls: [rootCrl.toString('base64')] });
    expect(wrong.body.report.validation.signatures[0].chain[0].revocation).to.equal('unknown');
    const junk = await validate({ crls: [Buffer.from('không phải CRL').toString('base64')] });
    expect([junk.status, junk.body.error.code]).to.deep.equal([400, 'REVOCATION_EVIDENCE_INVALID']);
    expect(junk.body.error.messageVi).to.contain('crls[0]');
  });
});
