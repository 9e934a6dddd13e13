import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { tokensFor } from './validation-support';

const PKITS = path.resolve(__dirname, '../../fixtures/pkits');
const b64 = (dir: 'certs' | 'crls', name: string) =>
  readFileSync(path.join(PKITS, dir, name)).toString('base64');
const pem = (name: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64('certs', name).replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

/**
 * POST /api/validation/certificates over HTTP against a real database: the certificate checker with
 * the auditor's own CRLs (NIST PKITS certificates, test/fixtures/pkits), its verdicts, its refusals.
 */
describe('certificate check API (POST /api/validation/certificates)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let tokens: Awaited<ReturnType<typeof tokensFor>>;

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    tokens = await tokensFor(app.server, world);
  });
  after(async () => app?.close());

  const check = (json: unknown, token = tokens.auditor) =>
    app.server.json('POST', '/api/validation/certificates', {
      json,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const pkits = (leaf: string, extra: Record<string, unknown> = {}) => ({
    certificate: b64('certs', leaf),
    chain: [b64('certs', 'GoodCACert.crt')],
    trustAnchors: [pem('TrustAnchorRootCertificate.crt')],
    crls: [b64('crls', 'TrustAnchorRootCRL.crl'), b64('crls', 'GoodCACRL.crl')],
    at: '2020-01-01T00:00:00Z',
    ...extra,
  });

  it('a valid path with the auditor’s CRLs: TOTAL_PASSED, the path, every check passed, revocation from the offline CRLs', async () => {
    const r = await check(pkits('ValidCertificatePathTest1EE.crt'));
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ indication: 'TOTAL_PASSED', validationTime: '2020-01-01T00:00:00.000Z' });
    expect(r.body.summary).to.deep.equal({ vi: 'Chứng thư số hợp lệ', en: 'The certificate is valid' });
    expect(r.body.path.map((p: { role: string }) => p.role)).to.deep.equal([
      'end-entity',
      'intermediate',
      'trust-anchor',
    ]);
    expect(r.body.path[0]).to.include({ revocation: 'good', revocationSource: 'offline' });
    expect(r.body.policies).to.deep.equal(['2.16.840.1.101.3.2.1.48.1']);
    expect(r.body.checks.every((c: { passed: boolean }) => c.passed)).to.equal(true);
    expect(r.body.checks.map((c: { check: string }) => c.check)).to.include.members([
      'chain',
      'signature',
      'validity',
      'basicConstraints',
      'nameConstraints',
      'policies',
      'revocation',
    ]);
  });

  it('a PEM bundle as the certificate (leaf first) brings its intermediates: the same path without `chain`', async () => {
    const r = await check(
      pkits('ValidCertificatePathTest1EE.crt', {
        certificate: pem('ValidCertificatePathTest1EE.crt') + pem('GoodCACert.crt'),
        chain: undefined,
      }),
    );
    expect(r.body).to.include({ indication: 'TOTAL_PASSED' });
    expect(r.body.path).to.have.length(3);
  });

  it('a revoked certificate: TOTAL_FAILED / REVOKED, its revocation check failed with the time, in both languages', async () => {
    const r = await check(pkits('InvalidRevokedEETest3EE.crt'));
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    const failed = r.body.checks.filter((c: { passed: boolean }) => !c.passed);
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ check: 'revocation', certificate: 0 });
    expect(failed[0].vi).to.contain('bị thu hồi lúc 2010-01-01');
    expect(failed[0].en).to.contain('revoked at 2010-01-01');
  });

  it('a stale CRL (nextUpdate before the validation time) does not count: INDETERMINATE / TRY_LATER', async () => {
    const r = await check(
      pkits('InvalidOldCRLnextUpdateTest11EE.crt', {
        chain: [b64('certs', 'OldCRLnextUpdateCACert.crt')],
        crls: [b64('crls', 'TrustAnchorRootCRL.crl'), b64('crls', 'OldCRLnextUpdateCACRL.crl')],
      }),
    );
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(r.body.path[0].revocation).to.equal('unknown');
  });

  it('only the server’s anchors (the shipped Vietnamese roots): no path, INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const r = await check(pkits('ValidCertificatePathTest1EE.crt', { trustAnchors: undefined }));
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND' });
    expect(r.body.checks).to.deep.equal([
      {
        check: 'chain',
        certificate: -1,
        passed: false,
        vi: 'không có đường dẫn chứng thực tới một chứng thư gốc tin cậy',
        en: 'no certification path to a configured trust anchor',
      },
    ]);
  });

  it('inputs that are not what they claim are 400 with a code and both languages, never 500', async () => {
    const notCrl = await check(
      pkits('ValidCertificatePathTest1EE.crt', { crls: [b64('certs', 'GoodCACert.crt')] }),
    );
    expect([notCrl.status, notCrl.body.error.code]).to.deep.equal([400, 'REVOCATION_EVIDENCE_INVALID']);
    expect(notCrl.body.error.messageVi).to.contain('crls[0]');
    const notOcsp = await check(
      pkits('ValidCertificatePathTest1EE.crt', { ocsps: [b64('crls', 'GoodCACRL.crl')] }),
    );
    expect([notOcsp.status, notOcsp.body.error.code]).to.deep.equal([400, 'REVOCATION_EVIDENCE_INVALID']);
    const junk = await check(
      pkits('ValidCertificatePathTest1EE.crt', { certificate: Buffer.from('xin chào').toString('base64') }),
    );
    expect(junk.status).to.equal(400);
    expect(junk.body.error.code).to.be.oneOf(['CERTIFICATE_INPUT_INVALID', 'CERT_MALFORMED']);
    const notBase64 = await check(pkits('ValidCertificatePathTest1EE.crt', { crls: ['không phải base64!'] }));
    expect([notBase64.status, notBase64.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    const badPolicy = await check(
      pkits('ValidCertificatePathTest1EE.crt', { policy: { userInitialPolicySet: ['x'] } }),
    );
    expect([badPolicy.status, badPolicy.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
  });

  it('the policy inputs: requiring a policy the path does not have is CHAIN_CONSTRAINTS_FAILURE on policies', async () => {
    const r = await check(
      pkits('ValidCertificatePathTest1EE.crt', {
        policy: { userInitialPolicySet: ['2.16.840.1.101.3.2.1.48.2'], initialExplicitPolicy: true },
      }),
    );
    expect(r.body).to.include({ indication: 'INDETERMINATE', subIndication: 'CHAIN_CONSTRAINTS_FAILURE' });
    expect(
      r.body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { check: string }) => c.check),
    ).to.deep.equal(['policies']);
  });

  it('auditors and admins only: a specialist is refused (403), no credentials 401', async () => {
    expect((await check(pkits('ValidCertificatePathTest1EE.crt'), tokens.admin)).status).to.equal(200);
    const specialist = await check(pkits('ValidCertificatePathTest1EE.crt'), tokens.specialist);
    expect(specialist.status).to.equal(403);
    expect((await check(pkits('ValidCertificatePathTest1EE.crt'), '')).status).to.equal(401);
  });
});
