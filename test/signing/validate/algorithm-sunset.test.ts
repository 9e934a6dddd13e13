/**
 * Issue 9 item 6: weak algorithms judged against their sunset dates (ETSI EN 319 102-1 §5.2.8,
 * §5.6.2.5). No proof of existence before the sunset → INDETERMINATE /
 * CRYPTO_CONSTRAINTS_FAILURE_NO_POE; a trusted, strong signature or document timestamp before the
 * sunset → the weak algorithm is accepted; a class with no sunset → CRYPTO_CONSTRAINTS_FAILURE.
 */
import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as crypto from 'node:crypto';
import { OID } from '../../../signing/cms/oids';
import type { DevIdentity, DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { TimestampAuthority } from '../../../signing/pki/timestamp-authority';
import {
  DEFAULT_ALGORITHM_SUNSETS,
  judgeAlgorithms,
  type WeakAlgorithmClass,
} from '../../../signing/validate/algorithm-policy';
import { describeReport } from '../../../signing/validate/report/describe-report';
import { buildValidationReport } from '../../../signing/validate/report/validation-report';
import reportSchema from '../../../signing/validate/report/validation-report.schema.json';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import type { SignatureValidation } from '../../../signing/validate/validation-result';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { addDocumentTimestamp, addDss, draftPdf, signPdf } from './signed-pdf-fixture';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const AT = new Date(PKI_TIME.getTime() + 24 * HOUR);
/** When the timestamps (signature or document) are made. */
const TS_TIME = new Date(PKI_TIME.getTime() + 2 * HOUR);

describe('signing/validate algorithm sunsets (CRYPTO_CONSTRAINTS_FAILURE_NO_POE)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];
  let weakSigner: DevIdentity;
  /** An RSA-1024 signature without a timestamp, and the same signer with a B-T timestamp at TS_TIME. */
  let plain: Buffer;
  let withTimestamp: Buffer;

  const rsa1024Leaf = (cn: string, extra: Partial<Parameters<typeof issueCertificate>[0]> = {}) => {
    const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const certificate = issueCertificate({
      subject: [['CN', cn]],
      publicKey: keys.publicKey,
      issuer: pki.issuingCa.certificate,
      signingKey: pki.issuingCa.key,
      serialNumber: randomSerial(),
      notBefore: new Date(PKI_TIME.getTime() - HOUR),
      notAfter: new Date(PKI_TIME.getTime() + 30 * 24 * HOUR),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      ...extra,
    });
    return { certificate, key: keys.privateKey };
  };

  before(async () => {
    pki = await testPki('rsa-2048');
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME),
    ];
    weakSigner = { ...pki.leader, ...rsa1024Leaf('Khóa RSA-1024') };
    plain = await signPdf(await draftPdf(), { identity: weakSigner, fieldName: 'lanh_dao', crls });
    withTimestamp = await signPdf(await draftPdf(), {
      identity: weakSigner,
      fieldName: 'lanh_dao',
      crls,
      timestampClient: new DevTimestampClient(pki.timestampAuthority, () => TS_TIME),
    });
  });

  const validate = async (
    pdf: Buffer,
    algorithmSunsets?: Partial<Record<WeakAlgorithmClass, Date | null>>,
  ): Promise<readonly SignatureValidation[]> =>
    (
      await validatePdf(pdf, {
        trustAnchors: [pki.root.certificate],
        at: AT,
        revocation: { offline: true },
        algorithmSunsets,
      })
    ).signatures;

  const noPoe = (s: SignatureValidation) => {
    expect(s, s.reasons.join('; ')).to.deep.include({
      indication: 'INDETERMINATE',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
      intact: true,
      valid: false,
    });
    expect(s.crypto?.weakAlgorithm).to.match(/RSA key of 1024 bits/);
    expect(s.crypto?.weakAlgorithmAccepted).to.equal(undefined);
    expect(s.reasons[0]).to.match(/past its sunset .* no proof of existence before it/);
  };

  it('the default policy: SHA-1 and RSA-1024 until 2014-01-01 (NIST SP 800-131A), RSA < 1024 and other curves never', () => {
    expect(DEFAULT_ALGORITHM_SUNSETS.sha1?.toISOString()).to.equal('2014-01-01T00:00:00.000Z');
    expect(DEFAULT_ALGORITHM_SUNSETS['rsa-1024']?.toISOString()).to.equal('2014-01-01T00:00:00.000Z');
    expect(DEFAULT_ALGORITHM_SUNSETS['rsa-short']).to.equal(null);
    expect(DEFAULT_ALGORITHM_SUNSETS['ec-curve']).to.equal(null);
    const sha1 = [{ class: 'sha1' as const, description: 'SHA-1 digest' }];
    const at2013 = new Date('2013-06-01T00:00:00Z');
    const at2020 = new Date('2020-06-01T00:00:00Z');
    expect(judgeAlgorithms([], at2020, undefined)).to.deep.equal({ acceptable: true, weak: undefined });
    expect(judgeAlgorithms(sha1, at2013, undefined)).to.deep.include({
      acceptable: true,
      because: 'before-sunset',
    });
    expect(judgeAlgorithms(sha1, at2020, at2013)).to.deep.include({
      acceptable: true,
      because: 'proof-of-existence',
    });
    expect(judgeAlgorithms(sha1, at2020, new Date('2015-01-01T00:00:00Z'))).to.deep.include({
      acceptable: false,
      sub: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
    });
    expect(judgeAlgorithms(sha1, at2020, undefined)).to.deep.include({
      acceptable: false,
      sub: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
    });
    // The earliest sunset of several weak classes counts; a class with none is never acceptable.
    const both = [...sha1, { class: 'rsa-1024' as const, description: 'RSA key of 1024 bits' }];
    expect(
      judgeAlgorithms(both, at2020, at2013, { 'rsa-1024': new Date('2012-01-01T00:00:00Z') }),
    ).to.deep.include({ acceptable: false, sub: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE' });
    expect(
      judgeAlgorithms([{ class: 'rsa-short', description: 'RSA key of 512 bits' }], at2013, at2013),
    ).to.deep.include({ acceptable: false, sub: 'CRYPTO_CONSTRAINTS_FAILURE', sunset: undefined });
  });

  it('RSA-1024 without a timestamp, validated now: INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE', async () => {
    const [s] = await validate(plain);
    noPoe(s);
    expect(s.crypto?.weakAlgorithmSunset).to.equal('2014-01-01T00:00:00.000Z');
  });

  it('the report: conforms to its JSON Schema (sunset, accepted-by) and says it in Vietnamese and English', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const conforms = ajv.compile(reportSchema);
    const reportOf = async (pdf: Buffer, sunsets?: Partial<Record<WeakAlgorithmClass, Date | null>>) =>
      buildValidationReport({
        file: {
          name: 'weak.pdf',
          sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
          size: pdf.length,
        },
        generatedAt: AT,
        settings: { validationTime: AT.toISOString(), revocation: 'offline', trustAnchors: [] },
        outcome: {
          kind: 'result',
          result: await validatePdf(pdf, {
            trustAnchors: [pki.root.certificate],
            at: AT,
            revocation: { offline: true },
            algorithmSunsets: sunsets,
          }),
        },
      });
    const failed = await reportOf(plain);
    expect(conforms(failed), JSON.stringify(conforms.errors)).to.equal(true);
    expect(describeReport(failed, 'vi').signatures[0].headline).to.equal(
      'Chưa xác định: thuật toán đã hết hạn an toàn, không có bằng chứng thời điểm ký',
    );
    expect(describeReport(failed, 'en').signatures[0].headline).to.equal(
      'Indeterminate: algorithm past its sunset, no proof of existence',
    );
    const accepted = await reportOf(withTimestamp, { 'rsa-1024': new Date(TS_TIME.getTime() + HOUR) });
    expect(conforms(accepted), JSON.stringify(conforms.errors)).to.equal(true);
    expect(JSON.stringify(accepted)).to.include('"weakAlgorithmAccepted":"proof-of-existence"');
    // The schema knows the members: a misspelt acceptance is refused.
    const bad = JSON.parse(JSON.stringify(accepted).replace('"proof-of-existence"', '"poe"')) as unknown;
    expect(conforms(bad)).to.equal(false);
  });

  it('RSA-1024 with a signature timestamp made after the sunset (the default 2014): still _NO_POE', async () => {
    const [s] = await validate(withTimestamp);
    expect(s.timestamps[0]).to.deep.include({ intact: true, valid: true, trusted: true });
    noPoe(s);
  });

  it('a signature timestamp before the sunset is the proof of existence: TOTAL_PASSED, the weakness reported', async () => {
    const [s] = await validate(withTimestamp, { 'rsa-1024': new Date(TS_TIME.getTime() + HOUR) });
    expect(s, s.reasons.join('; ')).to.deep.include({
      indication: 'TOTAL_PASSED',
      valid: true,
      trusted: true,
    });
    expect(s.crypto).to.deep.include({
      weakAlgorithm: 'RSA key of 1024 bits',
      weakAlgorithmAccepted: 'proof-of-existence',
      weakAlgorithmSunset: new Date(TS_TIME.getTime() + HOUR).toISOString(),
    });
    expect(s.reasons.join('; ')).to.match(/proof of existence at .* predates its sunset/);
  });

  it('the same timestamp one minute after the sunset proves nothing: _NO_POE', async () => {
    noPoe((await validate(withTimestamp, { 'rsa-1024': new Date(TS_TIME.getTime() - MINUTE) }))[0]);
  });

  it('validated before the sunset, no proof of existence is needed: TOTAL_PASSED (before-sunset)', async () => {
    const [s] = await validate(plain, { 'rsa-1024': new Date(AT.getTime() + HOUR) });
    expect(s, s.reasons.join('; ')).to.deep.include({ indication: 'TOTAL_PASSED' });
    expect(s.crypto?.weakAlgorithmAccepted).to.equal('before-sunset');
  });

  it('a class the policy never accepts: CRYPTO_CONSTRAINTS_FAILURE whatever the timestamp', async () => {
    const [s] = await validate(withTimestamp, { 'rsa-1024': null });
    expect(s).to.deep.include({ indication: 'INDETERMINATE', subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
    expect(s.reasons[0]).to.match(/not acceptable at any time/);
  });

  describe('a document timestamp (B-LTA) as the proof of existence', () => {
    let lta: Buffer;
    before(() => {
      const lt = addDss(plain, [pki.issuingCa.certificate.der], crls);
      lta = addDocumentTimestamp(lt, pki.timestampAuthority, TS_TIME);
    });

    it('before the sunset: the signature passes, the document timestamp too', async () => {
      const [sig, ts] = await validate(lta, { 'rsa-1024': new Date(TS_TIME.getTime() + HOUR) });
      expect(ts, ts.reasons.join('; ')).to.deep.include({
        kind: 'document-timestamp',
        indication: 'TOTAL_PASSED',
      });
      expect(sig, sig.reasons.join('; ')).to.deep.include({ indication: 'TOTAL_PASSED' });
      expect(sig.crypto?.weakAlgorithmAccepted).to.equal('proof-of-existence');
    });

    it('after the sunset: _NO_POE', async () => {
      const [sig, ts] = await validate(lta, { 'rsa-1024': new Date(TS_TIME.getTime() - MINUTE) });
      expect(ts.indication).to.equal('TOTAL_PASSED');
      noPoe(sig);
    });
  });

  it('a timestamp made with a weak key is no proof of existence for a weak signature', async () => {
    const weakTsa = rsa1024Leaf('TSA RSA-1024', {
      extendedKeyUsage: { purposes: [OID.kpTimeStamping], critical: true },
    });
    const authority = new TimestampAuthority(weakTsa.certificate, weakTsa.key, [
      pki.issuingCa.certificate,
      pki.root.certificate,
    ]);
    const signed = await signPdf(await draftPdf(), {
      identity: weakSigner,
      fieldName: 'lanh_dao',
      crls,
      timestampClient: new DevTimestampClient(authority, () => TS_TIME),
    });
    const sunset = { 'rsa-1024': new Date(TS_TIME.getTime() + HOUR) };
    const [s] = await validate(signed, sunset);
    expect(s.timestamps[0]).to.deep.include({ intact: true, valid: true, trusted: true });
    noPoe(s);
    // The control: the same document validated before the sunset passes, so only the POE was missing.
    const [before] = await validate(signed, { 'rsa-1024': new Date(AT.getTime() + HOUR) });
    expect(before.indication, before.reasons.join('; ')).to.equal('TOTAL_PASSED');
  });
});
