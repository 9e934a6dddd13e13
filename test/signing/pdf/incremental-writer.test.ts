import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodedError } from '../../../signing/errors';
import {
  IncrementalUpdate,
  PdfDict,
  PdfNumber,
  PdfReader,
  PdfRef,
  PdfString,
  embedSignatureSync,
  type Revision,
} from '../../../signing/pdf';
import { MINIMAL_BODIES, syntheticPdf } from './synthetic-pdf';
import { fixedId, qpdfCheck, typicalUpdate } from './update-fixture';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');

describe('signing/pdf incremental writer', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-pdf-writer-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string, Revision['kind']][] = [
    ['classic xref table', 'pyhanko/minimal.pdf', 'table'],
    ['xref stream', 'pyhanko/minimal-xref.pdf', 'stream'],
    ['object streams', 'pyhanko/uncompressed-objstream-sample.pdf', 'stream'],
    ['object streams, signed twice', 'pyhanko/minimal-signed-twice-both-created.pdf', 'stream'],
    ['hybrid (table + /XRefStm)', 'pyhanko/minimal-hybrid-xref.pdf', 'table'],
    ['Word-style hybrid', 'pyhanko/minimal-hybrid-xref-mswordstyle.pdf', 'table'],
    ['a third-party producer', 'node-signpdf/w3dummy.pdf', 'table'],
    ['a PAdES-LTA file with 7 revisions', 'pyhanko/pades-lta-dss-indirect-arrs-test-2.pdf', 'table'],
  ];

  for (const [label, rel, kind] of cases) {
    it(`appends three chained updates to ${label} that qpdf accepts, never touching earlier bytes`, () => {
      const original = fs.readFileSync(path.join(CORPUS, rel));
      expect(qpdfCheck(path.join(CORPUS, rel)).clean, 'corpus file itself').to.equal(true);
      let current: Buffer = original;
      const before = PdfReader.open(original).revisions.length;
      for (let n = 1; n <= 3; n++) {
        const reader = PdfReader.open(current);
        const written = typicalUpdate(reader, n).toBuffer();
        const out = written.data;
        // The original bytes are a prefix of the output (ISO 32000-2 §7.5.6).
        expect(out.subarray(0, current.length).equals(current)).to.equal(true);
        const signature = written.signature!;
        embedSignatureSync(out, signature, crypto.randomBytes(3000));
        const file = path.join(dir, `${path.basename(rel, '.pdf')}-${n}.pdf`);
        fs.writeFileSync(file, out);
        const check = qpdfCheck(file);
        expect(check.clean, check.output).to.equal(true);

        const after = PdfReader.open(out);
        expect(after.repaired, after.repairs.join()).to.equal(false);
        expect(after.revisions).to.have.length(before + n);
        const last = after.revisions[after.revisions.length - 1];
        expect(last.kind).to.equal(kind);
        expect(last.endOffset).to.equal(out.length);
        expect(after.revisions[after.revisions.length - 2].endOffset).to.be.at.most(current.length);
        // The new revision's ID keeps the first element.
        const oldId = PdfReader.open(current).trailer.get('ID');
        const newId = after.trailer.get('ID') as PdfString[];
        if (Array.isArray(oldId)) expect(newId[0].bytes.equals((oldId[0] as PdfString).bytes)).to.equal(true);
        expect(newId[1].bytes.equals(Buffer.alloc(16, n))).to.equal(true);
        // The signature field is there with a byte range covering the whole file but /Contents.
        const sig = after.acroForm().signatureFields.find((f) => f.fullName === `VanBanSig${n}`)!.signature!;
        expect(sig.byteRange).to.deep.equal([...signature.byteRange]);
        expect(sig.byteRange![2] + sig.byteRange![3]).to.equal(out.length);
        const info = after.resolve(after.trailer.get('Info')) as PdfDict;
        expect((info.get('Producer') as PdfString).text()).to.equal(`VanBan – bản cập nhật ${n}`);
        // The catalog as of the previous revision does not have this update's field.
        const rootRef = after.rootRef!;
        const oldCatalog = after.getObjectAt(rootRef, after.revisions.length - 2) as PdfDict;
        const prevIndex = after.revisions.length - 2;
        const oldForm = after.resolveAt(oldCatalog.get('AcroForm'), prevIndex);
        const oldFields =
          oldForm instanceof PdfDict ? (after.resolveAt(oldForm.get('Fields'), prevIndex) as unknown[]) : [];
        const newFields = after.resolve(
          (after.resolve(after.catalog.get('AcroForm')) as PdfDict).get('Fields'),
        ) as unknown[];
        expect(newFields.length).to.equal((oldFields?.length ?? 0) + 1);
        current = out;
      }
    });
  }

  it('writes the same bytes to a file (copied from a file handle in chunks) as to a Buffer', async () => {
    const src = path.join(CORPUS, 'pyhanko/minimal-xref.pdf');
    const fromBuffer = typicalUpdate(PdfReader.open(fs.readFileSync(src)), 1).toBuffer();
    const reader = PdfReader.open(src);
    try {
      const out = path.join(dir, 'to-file.pdf');
      const written = await typicalUpdate(reader, 1).writeToFile(out);
      expect(fs.readFileSync(out).equals(fromBuffer.data)).to.equal(true);
      expect(written.signature!.byteRange).to.deep.equal(fromBuffer.signature!.byteRange);
      expect(written.length).to.equal(fromBuffer.data.length);
    } finally {
      reader.close();
    }
  });

  it('adds an end-of-line when the original does not end with one, leaving the original a prefix', () => {
    const pdf = syntheticPdf(MINIMAL_BODIES);
    const noEol = pdf.subarray(0, pdf.length - 1); // drop the final '\n' after %%EOF
    const u = new IncrementalUpdate(PdfReader.open(noEol), { newId: fixedId(1) });
    u.add(new PdfDict({ A: PdfNumber.of(1) }));
    const { data, updateOffset } = u.toBuffer();
    expect(data.subarray(0, noEol.length).equals(noEol)).to.equal(true);
    expect(data[noEol.length]).to.equal(0x0a);
    expect(updateOffset).to.equal(noEol.length + 1);
    const r = PdfReader.open(data);
    expect(r.revisions).to.have.length(2);
    expect(r.getObject(PdfRef.of(4))).to.be.instanceOf(PdfDict);
  });

  it('allocates new object numbers from /Size and keeps generation numbers of changed objects', () => {
    const r = PdfReader.open(fs.readFileSync(path.join(CORPUS, 'pyhanko/minimal.pdf')));
    const size = r.size;
    const u = new IncrementalUpdate(r);
    const a = u.add(null);
    const b = u.allocate();
    u.set(b, PdfNumber.of(7));
    expect([a.num, b.num]).to.deep.equal([size, size + 1]);
    const out = PdfReader.open(u.toBuffer().data);
    expect(out.trailer.getNumber('Size')).to.equal(size + 2);
    expect((out.getObject(b) as PdfNumber).value).to.equal(7);
  });

  it('refuses references to objects that do not exist', () => {
    const r = PdfReader.open(fs.readFileSync(path.join(CORPUS, 'pyhanko/minimal.pdf')));
    const u = new IncrementalUpdate(r);
    expect(() => u.set(PdfRef.of(999), null))
      .to.throw(CodedError)
      .with.property('code', 'PDF_INVALID_UPDATE');
    u.add(new PdfDict({ Dangling: PdfRef.of(999) }));
    expect(() => u.toBuffer())
      .to.throw(CodedError)
      .with.property('code', 'PDF_INVALID_UPDATE');
  });

  it('refuses encrypted files', () => {
    const r = PdfReader.open(fs.readFileSync(path.join(CORPUS, 'pyhanko/minimal-aes256.pdf')));
    expect(() => new IncrementalUpdate(r))
      .to.throw(CodedError)
      .with.property('code', 'PDF_ENCRYPTED');
  });

  it('refuses repaired files unless told otherwise, then writes a file that no longer needs repair', () => {
    for (const f of ['minimal-startxref-obo1', 'minimal-startxref-hopeless']) {
      const file = path.join(CORPUS, `pyhanko/${f}.pdf`);
      const r = PdfReader.open(fs.readFileSync(file));
      expect(() => new IncrementalUpdate(r), f)
        .to.throw(CodedError)
        .with.property('code', 'PDF_REPAIRED_REFUSED');
      const out = typicalUpdate(r, 1, { allowRepaired: true }).toBuffer().data;
      const again = PdfReader.open(out);
      expect(again.pages(), f).to.have.length(1);
      expect(
        again.acroForm().signatureFields.map((x) => x.fullName),
        f,
      ).to.include('VanBanSig1');
    }
  });

  it('writes an xref stream onto a classic file when asked, readable by qpdf', () => {
    const r = PdfReader.open(fs.readFileSync(path.join(CORPUS, 'pyhanko/minimal.pdf')));
    const out = typicalUpdate(r, 1, { xrefKind: 'stream' }).toBuffer().data;
    const file = path.join(dir, 'forced-stream.pdf');
    fs.writeFileSync(file, out);
    expect(qpdfCheck(file).clean).to.equal(true);
    expect(PdfReader.open(out).revisions.map((x) => x.kind)).to.deep.equal(['table', 'stream']);
  });
});

describe('signing/pdf on linearized files (qpdf --linearize)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-pdf-lin-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const objectStreams of ['disable', 'generate']) {
    it(`treats the first-page and main xref sections as one revision and appends after them (object streams: ${objectStreams})`, () => {
      const lin = path.join(dir, `lin-${objectStreams}.pdf`);
      execFileSync('qpdf', [
        '--linearize',
        `--object-streams=${objectStreams}`,
        path.join(CORPUS, 'node-signpdf/issue-158-test.pdf'),
        lin,
      ]);
      const data = fs.readFileSync(lin);
      const r = PdfReader.open(data);
      expect(r.revisions).to.have.length(1);
      expect(r.revisions[0].xrefOffset).to.be.lessThan(1024); // the first-page section, near the start
      expect(r.revisions[0].endOffset).to.equal(data.length);
      expect(r.pages()).to.have.length(4);
      const out = path.join(dir, `lin-${objectStreams}-updated.pdf`);
      fs.writeFileSync(out, typicalUpdate(r, 1).toBuffer().data);
      const check = qpdfCheck(out);
      expect(check.clean, check.output).to.equal(true);
      expect(PdfReader.open(out).revisions).to.have.length(2);
    });
  }
});
