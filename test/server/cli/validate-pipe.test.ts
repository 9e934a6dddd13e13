/**
 * Issue 9 item 12: `vanban validate --json | …` writes the whole report through a pipe. A pipe
 * holds 64 KiB; a reader slower than the command used to get the report cut there, because the
 * command exited before Node had written the rest.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PdfDict, PdfNumber, PdfString } from '../../../signing/pdf';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { PKI_TIME, tempDir, testPki } from '../../signing/pki/dev-pki-fixture';
import { appendRevision, draftPdf, signPdf } from '../../signing/validate/signed-pdf-fixture';

const ROOT = path.resolve(__dirname, '../../..');

describe('vanban validate --json through a pipe (issue 9 item 12)', function () {
  this.timeout(300_000);

  it('a report over 64 KiB arrives whole when the reader starts only after the command has written it', async () => {
    const pki = await testPki('rsa-2048');
    const crls = [new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(PKI_TIME)];
    const signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
    // A later revision of 1500 new objects: each is a change the report lists (well over 64 KiB).
    const big = appendRevision(signed, (update) => {
      for (let i = 0; i < 1500; i++)
        update.add(new PdfDict({ Ghi: PdfString.fromText(`muc ${i}`), N: PdfNumber.of(i) }));
    });
    const dir = tempDir('cli-validate-pipe');
    const file = path.join(dir, 'big.pdf');
    fs.writeFileSync(file, big);

    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register',
        'server/cli/main.ts',
        'validate',
        file,
        '--json',
        '--offline',
        '--at',
        new Date(PKI_TIME.getTime() + 3600_000).toISOString(),
        // Written after the JSON report, with a note on stderr: the signal that the report was written.
        '--html',
        path.join(dir, 'report.html'),
      ],
      { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    // The reader holds back (its buffer fills, then the pipe): the command's writes past 64 KiB queue.
    child.stdout.pause();
    let err = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stderr.on('data', (d) => {
        err += d;
        if (err.includes('HTML report')) resolve();
      });
      child.on('exit', () => resolve());
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    const out = Buffer.concat(chunks).toString('utf8');
    expect(out.length, err).to.be.greaterThan(64 * 1024);
    const report = JSON.parse(out) as { validation: { signatures: { changes?: unknown }[] } };
    expect(report.validation.signatures).to.have.length(1);
    // Untrusted (no --trust): INDETERMINATE, exit 2.
    expect(code, err).to.equal(2);
  });
});
