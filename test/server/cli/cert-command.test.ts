import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import {
  children,
  integerFromUnsigned,
  nullValue,
  octetString,
  oid,
  readTlv,
  sequence,
} from '../../../signing/cms/der';
import { OID } from '../../../signing/cms/oids';
import type { Certificate } from '../../../signing/pki/certificate';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { OcspResponder } from '../../../signing/pki/ocsp-responder';
import { PKI_TIME, tempDir, testPki } from '../../signing/pki/dev-pki-fixture';

const ROOT = path.resolve(__dirname, '../../..');
const PKITS = path.join(ROOT, 'test/fixtures/pkits');
const cert = (name: string) => path.join(PKITS, 'certs', name);
const crl = (name: string) => path.join(PKITS, 'crls', name);
const AT = '2020-01-01T00:00:00Z';

/** Runs the CLI as the bin shim does (ts-node), in a child process; resolves with code and output. */
function vanban(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register', 'server/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

interface JsonReport {
  status: string;
  indication: string;
  subIndication?: string;
  path: { role: string; revocation: string; revocationSource?: string; revokedAt?: string }[];
  checks: { check: string; certificate: number; passed: boolean; vi: string; en: string }[];
  problem?: { code: string };
}

const pkitsArgs = (leaf: string, ...rest: string[]) => [
  'cert',
  'verify',
  cert(leaf),
  '--trust',
  cert('TrustAnchorRootCertificate.crt'),
  '--crl',
  crl('TrustAnchorRootCRL.crl'),
  '--at',
  AT,
  ...rest,
];

describe('vanban cert verify (child process)', function () {
  this.timeout(120_000);

  it('a valid path with its CRLs: exit 0, every check passed, revocation from the offline CRLs, in both languages', async () => {
    const r = await vanban(
      pkitsArgs(
        'ValidCertificatePathTest1EE.crt',
        '--chain',
        cert('GoodCACert.crt'),
        '--crl',
        crl('GoodCACRL.crl'),
      ),
    );
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('Chứng thư số hợp lệ / The certificate is valid (TOTAL_PASSED)');
    expect(r.out).to.contain('chưa thu hồi / not revoked (offline)');
    expect(r.out).to.match(/ĐẠT \/ PASS \[1\] basicConstraints: là CA \(basicConstraints\) \/ a CA/);
    expect(r.out).to.not.contain('FAIL');
  });

  it('--json of a revoked end entity: exit 1, TOTAL_FAILED/REVOKED, the revocation check of certificate 0 failed', async () => {
    const r = await vanban(
      pkitsArgs(
        'InvalidRevokedEETest3EE.crt',
        '--chain',
        cert('GoodCACert.crt'),
        '--crl',
        crl('GoodCACRL.crl'),
        '--json',
      ),
    );
    expect(r.code, r.err).to.equal(1);
    const report = JSON.parse(r.out) as JsonReport;
    expect(report).to.include({ status: 'CHECKED', indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(report.path.map((p) => p.role)).to.deep.equal(['end-entity', 'intermediate', 'trust-anchor']);
    expect(report.path[0]).to.include({ revocation: 'revoked', revocationSource: 'offline' });
    const failed = report.checks.filter((c) => !c.passed);
    expect(failed.map((c) => [c.check, c.certificate])).to.deep.equal([['revocation', 0]]);
    expect(failed[0].vi).to.contain('bị thu hồi');
  });

  it('without the CA’s CRL: exit 2 INDETERMINATE/TRY_LATER; a policy the path does not have, required: exit 2 CHAIN_CONSTRAINTS_FAILURE', async () => {
    const missing = await vanban(
      pkitsArgs('ValidCertificatePathTest1EE.crt', '--chain', cert('GoodCACert.crt'), '--json'),
    );
    expect(missing.code, missing.err).to.equal(2);
    expect(JSON.parse(missing.out)).to.include({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });

    const policy = await vanban(
      pkitsArgs(
        'ValidCertificatePathTest1EE.crt',
        '--chain',
        cert('GoodCACert.crt'),
        '--crl',
        crl('GoodCACRL.crl'),
        '--policy',
        '2.16.840.1.101.3.2.1.48.2',
        '--explicit-policy',
        '--json',
      ),
    );
    expect(policy.code, policy.err).to.equal(2);
    const report = JSON.parse(policy.out) as JsonReport;
    expect(report.subIndication).to.equal('CHAIN_CONSTRAINTS_FAILURE');
    expect(report.checks.filter((c) => !c.passed).map((c) => c.check)).to.deep.equal(['policies']);
  });

  it('an input that is not what it claims: exit 4 with the code, in Vietnamese and English', async () => {
    const notCrl = await vanban(
      pkitsArgs(
        'ValidCertificatePathTest1EE.crt',
        '--chain',
        cert('GoodCACert.crt'),
        '--crl',
        cert('GoodCACert.crt'),
      ),
    );
    expect(notCrl.code).to.equal(4);
    expect(notCrl.err).to.contain('Lỗi [REVOCATION_EVIDENCE_INVALID]');
    expect(notCrl.err).to.contain('Error [REVOCATION_EVIDENCE_INVALID]');
    const noLeaf = await vanban(pkitsArgs('does-not-exist.crt', '--json'));
    expect(noLeaf.code).to.equal(4);
    expect((JSON.parse(noLeaf.out) as JsonReport).problem?.code).to.equal('CERTIFICATE_INPUT_INVALID');
  });

  it('an OCSP response held offline decides the leaf (dev PKI, RFC 6960 responder signed by the issuing CA)', async () => {
    const pki = await testPki('ec-p256');
    const dir = tempDir('cert-verify');
    const write = (name: string, bytes: Buffer | string) => {
      const f = path.join(dir, name);
      writeFileSync(f, bytes);
      return f;
    };
    const issuer = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    const ocsp = new OcspResponder(issuer, pki.issuingCa.certificate, pki.issuingCa.key).respond(
      ocspRequest(pki.leader.certificate, pki.issuingCa.certificate),
      PKI_TIME,
    );
    const rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
    const args = [
      'cert',
      'verify',
      write('leader.pem', pki.leader.certificate.toPem()),
      '--chain',
      write('ca.pem', pki.issuingCa.certificate.toPem()),
      '--trust',
      write('root.pem', pki.root.certificate.toPem()),
      '--crl',
      write('root.crl', rootCrl),
      '--at',
      new Date(PKI_TIME.getTime() + 3600_000).toISOString(),
      '--json',
    ];
    const withOcsp = await vanban([...args, '--ocsp', write('leader.ocsp', ocsp)]);
    expect(withOcsp.code, withOcsp.err).to.equal(0);
    const report = JSON.parse(withOcsp.out) as JsonReport;
    expect(report.path[0]).to.include({ revocation: 'good', revocationSource: 'offline' });
    // A response signed by a key the issuer did not authorise (the leader's own) decides nothing.
    const forged = new OcspResponder(issuer, pki.leader.certificate, pki.leader.key).respond(
      ocspRequest(pki.leader.certificate, pki.issuingCa.certificate),
      PKI_TIME,
    );
    const unauthorised = await vanban([...args, '--ocsp', write('forged.ocsp', forged)]);
    expect(unauthorised.code, unauthorised.err).to.equal(2);
    expect(JSON.parse(unauthorised.out)).to.include({
      indication: 'INDETERMINATE',
      subIndication: 'TRY_LATER',
    });
  });
});

/** OCSPRequest for one certificate (RFC 6960 §4.1.1), CertID with SHA-1. */
function ocspRequest(certificate: Certificate, issuer: Certificate): Buffer {
  const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
  const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest();
  let hex = certificate.serialNumber.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const certId = sequence(
    sequence(oid(OID.sha1), nullValue()),
    octetString(sha1(issuer.subjectDer)),
    octetString(sha1(key.content.subarray(1))),
    integerFromUnsigned(Buffer.from(hex, 'hex')),
  );
  return sequence(sequence(sequence(sequence(certId))));
}
