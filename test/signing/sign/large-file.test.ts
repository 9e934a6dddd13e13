import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { tempDir } from '../pki/dev-pki-fixture';
import { expectQpdfClean, pdfsig } from './sign-fixture';

const BIG = 200 * 1024 * 1024;

/** A one-page PDF with a 200 MB content stream, written in 4 MiB steps. */
function writeBigPdf(file: string): void {
  const fd = fs.openSync(file, 'w');
  let pos = 0;
  const offsets: number[] = [];
  const put = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    fs.writeSync(fd, buf);
    pos += buf.length;
  };
  const obj = (body: string) => {
    offsets.push(pos);
    put(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
  put('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  obj('<< /Type /Catalog /Pages 2 0 R >>');
  obj('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>');
  offsets.push(pos);
  put(`4 0 obj\n<< /Length ${BIG} >>\nstream\n`);
  const chunk = Buffer.alloc(4 * 1024 * 1024, '% filler comment line, never drawn\n');
  for (let done = 0; done < BIG; done += chunk.length)
    put(chunk.subarray(0, Math.min(chunk.length, BIG - done)));
  put('\nendstream\nendobj\n');
  const xref = pos;
  let t = `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) t += `${String(o).padStart(10, '0')} 00000 n \n`;
  put(`${t}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  fs.closeSync(fd);
}

describe('signPdf on a 200 MB file', () => {
  const dir = tempDir('sign-large');

  it('signs with a visible seal from path to path, the process peak RSS staying under 256 MB', () => {
    const input = path.join(dir, 'big.pdf');
    const output = path.join(dir, 'big-signed.pdf');
    writeBigPdf(input);
    const out = execFileSync(
      process.execPath,
      ['-r', 'ts-node/register', path.join(__dirname, 'sign-large-file.ts'), input, output],
      {
        cwd: path.resolve(__dirname, '../../..'),
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
        encoding: 'utf8',
      },
    );
    const { peak } = JSON.parse(out.trim().split('\n').pop()!) as { peak: number };
    expect(peak, `peak RSS ${Math.round(peak / 1048576)} MB`).to.be.lessThan(256 * 1024 * 1024);
    expect(fs.statSync(output).size).to.be.greaterThan(BIG);
    const sig = pdfsig(output);
    expect(sig.valid, sig.report).to.equal(1);
    expectQpdfClean(output);
  });
});
