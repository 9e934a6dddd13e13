import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { PKI_TIME, tempDir, testPki } from '../../signing/pki/dev-pki-fixture';
import { draftPdf, signPdf } from '../../signing/validate/signed-pdf-fixture';

const ROOT = path.resolve(__dirname, '../../..');

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

/**
 * `vanban validate --crl FILE` (issue 9 item 11): revocation evidence the auditor holds, beside what
 * the file embeds, checked like embedded evidence and reported as `offline`. The document carries
 * only the root's CRL, so its signer's status is known only from the auditor's CRL.
 */
describe('vanban validate with offline revocation evidence (child process)', function () {
  this.timeout(180_000);
  const dir = tempDir('validate-evidence');
  const write = (name: string, bytes: Buffer | string) => {
    const f = path.join(dir, name);
    writeFileSync(f, bytes);
    return f;
  };
  let args: string[];
  let issuingCrl: string;
  let rootCrl: string;

  before(async () => {
    const pki = await testPki('ec-p256');
    const root = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
    const issuing = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    const pdf = await signPdf(await draftPdf(), {
      identity: pki.leader,
      fieldName: 'lanh_dao',
      crls: [root],
    });
    issuingCrl = write('issuing.crl', issuing.issue(PKI_TIME));
    rootCrl = write('root.crl', root);
    args = [
      'validate',
      write('signed.pdf', pdf),
      '--trust',
      write('root.pem', pki.root.certificate.toPem()),
      '--at',
      new Date(PKI_TIME.getTime() + 24 * 3600_000).toISOString(),
      '--offline',
      '--json',
    ];
  });

  it('without the issuing CA’s CRL: exit 2, the signer’s revocation unknown; with it (--crl): exit 0, source "offline"', async () => {
    const without = await vanban(args);
    expect(without.code, without.err).to.equal(2);
    const before = JSON.parse(without.out);
    expect(before.validation.signatures[0].subIndication).to.equal('TRY_LATER');
    expect(before.validation.signatures[0].chain[0].revocation).to.equal('unknown');

    const withCrl = await vanban([...args, '--crl', issuingCrl]);
    expect(withCrl.code, withCrl.err + withCrl.out.slice(0, 2000)).to.equal(0);
    const after = JSON.parse(withCrl.out);
    expect(after.validation.signatures[0].indication).to.equal('TOTAL_PASSED');
    expect(after.validation.signatures[0].chain[0]).to.include({
      revocation: 'good',
      revocationSource: 'offline',
    });
  });

  it('a CRL of another issuer decides nothing (checked like embedded evidence); a file that is no CRL is a usage error', async () => {
    const wrong = await vanban([...args, '--crl', rootCrl]);
    expect(wrong.code, wrong.err).to.equal(2);
    expect(JSON.parse(wrong.out).validation.signatures[0].chain[0].revocation).to.equal('unknown');

    const notCrl = await vanban([...args, '--crl', args[1]]);
    expect(notCrl.code).to.equal(2);
    expect(notCrl.err).to.contain('Lỗi [CLI_USAGE]');
    expect(notCrl.err).to.contain('is not a readable CRL');
  });
});
