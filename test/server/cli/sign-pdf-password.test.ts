import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { a4Draft } from '../../signing/sign/sign-fixture';

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

describe('vanban sign --pdf-password (encrypted PDFs)', function () {
  this.timeout(120_000);
  const dir = tempDir('cli-pdf-password');
  const pkiDir = path.join(dir, 'pki');
  const encrypted = path.join(dir, 'encrypted.pdf');
  let leaderPassword: string;

  before(async () => {
    const r = await vanban(['pki', 'init', '--dir', pkiDir, '--key', 'ec-p256']);
    expect(r.code, r.err).to.equal(0);
    leaderPassword = /^\s+leader\s+\S+\.p12\s+mật khẩu\/password: (\S+)/m.exec(r.out)![1];
    const draft = path.join(dir, 'draft.pdf');
    writeFileSync(draft, await a4Draft());
    execFileSync('qpdf', ['--encrypt', 'xem', 'chủ', '256', '--', draft, encrypted]);
  });

  const sign = (out: string, extra: string[]) =>
    vanban([
      'sign',
      encrypted,
      '-o',
      out,
      '--p12',
      path.join(pkiDir, 'leader.p12'),
      '--password',
      leaderPassword,
      '--as',
      'leader',
      ...extra,
    ]);

  it('signs with the owner password: the output stays encrypted and pdfsig finds the signature valid', async () => {
    const out = path.join(dir, 'signed.pdf');
    const r = await sign(out, ['--pdf-password', 'chủ']);
    expect(r.code, r.err).to.equal(0);
    const report = spawnSync('pdfsig', ['-nocert', '-upw', 'xem', out], { encoding: 'utf8' }).stdout;
    expect(report).to.contain('Signature is Valid');
    expect(
      execFileSync('qpdf', ['--show-encryption', '--password=xem', out], { encoding: 'utf8' }),
    ).to.contain('R = 6');
  });

  it('without the flag exits 1 with PDF_ENCRYPTED, with a wrong password with PDF_PASSWORD_INCORRECT; nothing written', async () => {
    const none = path.join(dir, 'none.pdf');
    const r1 = await sign(none, []);
    expect(r1.code).to.equal(1);
    expect(r1.err).to.contain('Lỗi [PDF_ENCRYPTED]').and.contain('Error [PDF_ENCRYPTED]');
    expect(existsSync(none)).to.equal(false);
    const wrong = path.join(dir, 'wrong.pdf');
    const r2 = await sign(wrong, ['--pdf-password', 'sai']);
    expect(r2.code).to.equal(1);
    expect(r2.err).to.contain('[PDF_PASSWORD_INCORRECT]');
    expect(existsSync(wrong)).to.equal(false);
  });
});
