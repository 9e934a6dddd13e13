import { expect } from 'chai';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { addDocumentTimestamp, addDss, draftPdf, signPdf } from './signed-pdf-fixture';

const MINUTE = 60_000;
const AT = new Date(PKI_TIME.getTime() + 24 * 60 * MINUTE);

describe('signing/validate timestamps and long-term data', function () {
  this.timeout(60_000);
  let pki: DevPki;
  let rootCrl: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
  });

  const validate = (pdf: Buffer) =>
    validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT, revocation: { offline: true } });

  describe('a signer revoked two hours after signing', () => {
    let revokedCrl: Buffer;
    before(() => {
      const issuer = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
      issuer.revoke(
        pki.leader.certificate.serialNumber,
        new Date(PKI_TIME.getTime() + 120 * MINUTE),
        'keyCompromise',
      );
      revokedCrl = issuer.issue(new Date(PKI_TIME.getTime() + 180 * MINUTE));
    });

    it('with a signature timestamp before the revocation (B-T): TOTAL_PASSED, the timestamp is the proof of existence', async () => {
      const signed = await signPdf(await draftPdf(), {
        identity: pki.leader,
        fieldName: 'lanh_dao',
        crls: [revokedCrl, rootCrl],
        timestampClient: new DevTimestampClient(
          pki.timestampAuthority,
          () => new Date(PKI_TIME.getTime() + MINUTE),
        ),
      });
      const s = (await validate(signed)).signatures[0];
      expect(s.timestamps).to.have.length(1);
      expect(s.timestamps[0]).to.deep.include({
        kind: 'signature',
        intact: true,
        valid: true,
        trusted: true,
      });
      expect(s.chain[0].revocation).to.equal('revoked');
      expect(s).to.deep.include({ indication: 'TOTAL_PASSED', trusted: true });
    });

    it('without a timestamp: TOTAL_FAILED REVOKED (nothing proves the signature predates the revocation)', async () => {
      const signed = await signPdf(await draftPdf(), {
        identity: pki.leader,
        fieldName: 'lanh_dao',
        crls: [revokedCrl, rootCrl],
      });
      expect((await validate(signed)).signatures[0]).to.deep.include({
        indication: 'TOTAL_FAILED',
        subIndication: 'REVOKED',
      });
    });
  });

  it('B-LT then B-LTA: revocation from the DSS, a document timestamp, and the signature sees only LTA_UPDATES', async () => {
    const crl = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME);
    const signed = await signPdf(await draftPdf(), { identity: pki.organisation, fieldName: 'co_quan' });
    const lt = addDss(signed, [pki.issuingCa.certificate.der], [crl, rootCrl]);
    const lta = addDocumentTimestamp(lt, pki.timestampAuthority, new Date(PKI_TIME.getTime() + 5 * MINUTE));
    const r = await validate(lta);
    expect(r.signatures).to.have.length(2);
    const [sig, ts] = r.signatures;
    expect(sig.reasons).to.deep.equal([]);
    expect(sig).to.deep.include({ indication: 'TOTAL_PASSED', modificationLevel: 'LTA_UPDATES' });
    expect(sig.chain[0]).to.deep.include({ revocation: 'good', revocationSource: 'dss' });
    expect(ts).to.deep.include({ kind: 'document-timestamp', indication: 'TOTAL_PASSED', intact: true });
    expect(ts.timestamps[0].genTime).to.equal(new Date(PKI_TIME.getTime() + 5 * MINUTE).toISOString());
    expect(r.lastRevisionCovered).to.equal(true);
  });

  it('a document timestamp whose imprint does not match the revision: TOTAL_FAILED HASH_FAILURE', async () => {
    const signed = await signPdf(await draftPdf(), { identity: pki.organisation, fieldName: 'co_quan' });
    const lta = addDocumentTimestamp(signed, pki.timestampAuthority, PKI_TIME);
    const copy = Buffer.from(lta);
    const at = copy.indexOf('(D:2026') + 5; // a date digit in the original /Info
    expect(at).to.be.greaterThan(0);
    copy[at] ^= 0x01;
    const ts = (await validate(copy)).signatures.find((s) => s.kind === 'document-timestamp')!;
    expect(ts).to.deep.include({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
  });
});
