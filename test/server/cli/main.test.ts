import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { a4Draft, expectQpdfClean, pdfsig, pdftext } from '../../signing/sign/sign-fixture';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs the CLI the way the bin shim does, through ts-node; resolves with code and output. */
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

describe('vanban CLI', () => {
  const dir = tempDir('cli');
  const pkiDir = path.join(dir, 'pki');
  let passwords: Record<string, string>;

  before(async () => {
    const r = await vanban(['pki', 'init', '--dir', pkiDir, '--key', 'ec-p256']);
    expect(r.code, r.err).to.equal(0);
    passwords = Object.fromEntries(
      [...r.out.matchAll(/^\s+(\w+)\s+\S+\.p12\s+mật khẩu\/password: (\S+)/gm)].map((m) => [m[1], m[2]]),
    );
  });

  it('pki init writes the root, issuing CA, leader and organisation PKCS#12 files and a CRL, and prints the passwords', () => {
    for (const f of [
      'root-ca.p12',
      'issuing-ca.p12',
      'leader.p12',
      'organisation.p12',
      'issuing-ca.crl',
      'chain.pem',
    ]) {
      expect(existsSync(path.join(pkiDir, f)), f).to.equal(true);
    }
    const manifest = JSON.parse(readFileSync(path.join(pkiDir, 'manifest.json'), 'utf8'));
    expect(passwords.leader).to.equal(manifest.identities.leader.password);
    expect(passwords.organisation).to.equal(manifest.identities.organisation.password);
    expect(manifest.identities.leader.subject).to.contain('Nguyễn Văn An');
  });

  it('signs as leader, then seals with number and date at B-LTA using the dev TSA', async () => {
    const draft = path.join(dir, 'draft.pdf');
    writeFileSync(draft, await a4Draft());
    const leader = path.join(dir, 'leader.pdf');
    const r1 = await vanban([
      'sign',
      draft,
      '-o',
      leader,
      '--p12',
      path.join(pkiDir, 'leader.p12'),
      '--password',
      passwords.leader,
      '--as',
      'leader',
      '--title',
      'Giám đốc',
    ]);
    expect(r1.code, r1.err).to.equal(0);
    expect(r1.out).to.contain('Đã ký / Signed');
    const sealed = path.join(dir, 'sealed.pdf');
    const r2 = await vanban([
      'sign', leader, '-o', sealed, '--p12', path.join(pkiDir, 'organisation.p12'), '--password', passwords.organisation,
      '--as', 'org', '--level', 'B-LTA', '--tsa', 'dev', '--pki', pkiDir, '--fill', 'number=21/QĐ-UBND,date=Long An, ngày 3 tháng 3 năm 2026',
    ]); // prettier-ignore
    expect(r2.code, r2.err).to.equal(0);
    const sig = pdfsig(sealed);
    expect(sig.valid, sig.report).to.equal(2);
    expect(sig.total).to.equal(3); // + the document timestamp
    expectQpdfClean(sealed);
    expect(
      readFileSync(sealed).subarray(0, readFileSync(leader).length).equals(readFileSync(leader)),
    ).to.equal(true);
    expect(pdftext(sealed))
      .to.contain('21/QĐ-UBND')
      .and.to.contain('Long An, ngày 3 tháng 3 năm 2026')
      // The template's signature block prints the title: the stamp does not repeat it (issue 14 item 16).
      .and.not.to.contain('GIÁM ĐỐC');
  });

  it('a wrong password exits 1 with the error in Vietnamese and English and writes nothing', async () => {
    const out = path.join(dir, 'never.pdf');
    const r = await vanban([
      'sign',
      path.join(__dirname, '../../fixtures/corpus/pyhanko/minimal.pdf'),
      '-o',
      out,
      '--p12',
      path.join(pkiDir, 'leader.p12'),
      '--password',
      'sai',
      '--as',
      'leader',
    ]);
    expect(r.code).to.equal(1);
    expect(r.err)
      .to.contain('Lỗi [P12_BAD_PASSWORD]: Sai mật khẩu')
      .and.to.contain('Error [P12_BAD_PASSWORD]');
    expect(existsSync(out)).to.equal(false);
  });

  it('an encrypted input exits 1 with PDF_ENCRYPTED and writes nothing', async () => {
    const out = path.join(dir, 'never2.pdf');
    const r = await vanban([
      'sign',
      path.join(__dirname, '../../fixtures/corpus/pyhanko/minimal-aes256.pdf'),
      '-o',
      out,
      '--p12',
      path.join(pkiDir, 'leader.p12'),
      '--password',
      passwords.leader,
      '--as',
      'leader',
    ]);
    expect(r.code).to.equal(1);
    expect(r.err).to.contain('[PDF_ENCRYPTED]');
    expect(existsSync(out)).to.equal(false);
  });

  it('bad usage exits 2: an unknown role, B-T without --tsa', async () => {
    const base = [
      'sign',
      path.join(__dirname, '../../fixtures/corpus/pyhanko/minimal.pdf'),
      '-o',
      path.join(dir, 'x.pdf'),
      '--p12',
      path.join(pkiDir, 'leader.p12'),
      '--password',
      passwords.leader,
    ];
    expect((await vanban([...base, '--as', 'boss'])).code).to.equal(2);
    const r = await vanban([...base, '--as', 'leader', '--level', 'B-T']);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('--tsa');
  });
});
