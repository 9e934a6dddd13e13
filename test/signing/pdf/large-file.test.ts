import { expect } from 'chai';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FileSource,
  PdfReader,
  PdfRef,
  PdfStream,
  hashByteRanges,
  type ByteSource,
} from '../../../signing/pdf';
import { qpdfCheck, typicalUpdate } from './update-fixture';

const BIG = 200 * 1024 * 1024;

/** Write a one-page PDF with a 200 MB unfiltered stream, in 4 MiB steps. */
function writeBigPdf(file: string): void {
  const fd = fs.openSync(file, 'w');
  let pos = 0;
  const offsets: number[] = [];
  const put = (b: Buffer | string): void => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    fs.writeSync(fd, buf);
    pos += buf.length;
  };
  put('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const obj = (body: string): void => {
    offsets.push(pos);
    put(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
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

/** A ByteSource that records the largest single read: proves nothing loads the whole file. */
class MeasuredSource implements ByteSource {
  largestRead = 0;
  constructor(private readonly inner: FileSource) {}
  get length(): number {
    return this.inner.length;
  }
  get fd(): number | undefined {
    return this.inner.fd;
  }
  read(offset: number, length: number): Buffer {
    const b = this.inner.read(offset, length);
    this.largestRead = Math.max(this.largestRead, b.length);
    return b;
  }
  close(): void {
    this.inner.close();
  }
}

describe('signing/pdf on a 200 MB file', function () {
  this.timeout(180_000);
  let dir: string;
  let big: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-pdf-big-'));
    big = path.join(dir, 'big.pdf');
    writeBigPdf(big);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads, updates and hashes it through a file handle with small reads and bounded memory', async () => {
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const source = new MeasuredSource(FileSource.open(big));
    const reader = PdfReader.open(source);
    const out = path.join(dir, 'big-updated.pdf');
    let prepared;
    try {
      expect(reader.pages()).to.have.length(1);
      const content = reader.getObject(PdfRef.of(4)) as PdfStream;
      expect(content.encodedLength).to.equal(BIG); // found through /Length, without reading the data
      prepared = (await typicalUpdate(reader, 1).writeToFile(out)).signature!;
    } finally {
      reader.close();
    }
    // No read by the reader ever asked for more than a few MiB.
    expect(source.largestRead).to.be.at.most(4 * 1024 * 1024);

    const digest = await hashByteRanges(out, prepared.byteRange, 'sha256');
    const rssAfter = process.memoryUsage().rss;
    // Loose: loading the file whole would add at least 200 MB.
    expect(rssAfter - rssBefore).to.be.lessThan(128 * 1024 * 1024);

    // Independent digest with a read stream over the same ranges.
    const h = crypto.createHash('sha256');
    const br = prepared.byteRange;
    for (const [start, len] of [
      [br[0], br[1]],
      [br[2], br[3]],
    ]) {
      for await (const c of fs.createReadStream(out, { start, end: start + len - 1 })) h.update(c as Buffer);
    }
    expect(h.digest().equals(digest)).to.equal(true);

    expect(fs.statSync(out).size).to.equal(prepared.fileLength);
    const again = PdfReader.open(out);
    try {
      expect(again.revisions).to.have.length(2);
      expect(again.acroForm().signatureFields.map((f) => f.fullName)).to.include('VanBanSig1');
    } finally {
      again.close();
    }
    expect(qpdfCheck(out).clean).to.equal(true);
  });
});
