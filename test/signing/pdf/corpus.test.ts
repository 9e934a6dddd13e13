import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodedError } from '../../../signing/errors';
import { PdfDict, PdfReader, PdfRef } from '../../../signing/pdf';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');
const files = ['node-signpdf', 'pyhanko'].flatMap((d) =>
  fs
    .readdirSync(path.join(CORPUS, d))
    .filter((f) => f.endsWith('.pdf'))
    .map((f) => path.join(CORPUS, d, f)),
);
const open = (rel: string): PdfReader => PdfReader.open(fs.readFileSync(path.join(CORPUS, rel)));

describe('signing/pdf reader on the corpus', () => {
  it('finds the corpus', () => {
    expect(files.length).to.be.greaterThan(100);
  });

  describe('every corpus file reads or fails with a CodedError', () => {
    for (const file of files) {
      it(path.relative(CORPUS, file), () => {
        let reader: PdfReader;
        try {
          reader = PdfReader.open(fs.readFileSync(file));
          const pages = reader.pages();
          expect(reader.catalog).to.be.instanceOf(PdfDict);
          expect(pages.length).to.be.greaterThan(0);
          reader.acroForm();
        } catch (e) {
          expect(e, String(e)).to.be.instanceOf(CodedError);
          expect((e as CodedError).code).to.match(/^PDF_/);
          return;
        }
        const revs = reader.revisions;
        expect(revs.length).to.be.greaterThan(0);
        revs.forEach((r, i) => expect(r.index).to.equal(i));
        // Revisions end in file order and the last one ends at (or near) the end of the file.
        for (let i = 1; i < revs.length; i++)
          expect(revs[i].endOffset).to.be.greaterThan(revs[i - 1].endOffset);
        expect(reader.source.length - revs[revs.length - 1].endOffset).to.be.lessThan(64);
      });
    }
  });

  it('reads the same revisions through a file path as through a Buffer', () => {
    const file = path.join(CORPUS, 'pyhanko/pades-lta-dss-indirect-arrs-test-2.pdf');
    const a = PdfReader.open(file);
    const b = PdfReader.open(fs.readFileSync(file));
    try {
      expect(a.revisions.map((r) => [r.xrefOffset, r.endOffset, r.entries.size])).to.deep.equal(
        b.revisions.map((r) => [r.xrefOffset, r.endOffset, r.entries.size]),
      );
      expect(a.acroForm().signatureFields.map((f) => f.signature?.byteRange)).to.deep.equal(
        b.acroForm().signatureFields.map((f) => f.signature?.byteRange),
      );
    } finally {
      a.close();
    }
  });

  it('reads through an open FileHandle and a numeric descriptor without closing them', async () => {
    const file = path.join(CORPUS, 'pyhanko/minimal-two-pages.pdf');
    const fh = await fs.promises.open(file, 'r');
    try {
      expect(PdfReader.open(fh).pages()).to.have.length(2);
      expect(PdfReader.open(fh.fd).pages()).to.have.length(2);
      expect((await fh.stat()).size).to.be.greaterThan(0); // still open
    } finally {
      await fh.close();
    }
  });

  it('lists the revisions of a PAdES-LTA file with each signature covering its own revision', () => {
    const r = open('pyhanko/pades-lta-dss-indirect-arrs-test-2.pdf');
    expect(r.revisions).to.have.length(7);
    expect(r.revisions.every((x) => x.kind === 'table')).to.equal(true);
    const sigs = r.acroForm().signatureFields.map((f) => f.signature!);
    expect(sigs).to.have.length(3);
    const ends = r.revisions.map((x) => x.endOffset);
    for (const s of sigs) {
      const br = s.byteRange!;
      expect(br[0]).to.equal(0);
      // The signed range ends exactly where a revision ends (ETSI EN 319 142-1 §5.1).
      expect(ends).to.include(br[2] + br[3]);
      expect(s.contents!.length * 2 + 2).to.equal(br[2] - br[1]);
    }
    expect(sigs.map((s) => s.type)).to.include('DocTimeStamp');
  });

  it('reads xref streams with object streams and hybrid files', () => {
    expect(open('pyhanko/minimal-xref.pdf').revisions[0].kind).to.equal('stream');
    const hybrid = open('pyhanko/minimal-hybrid-xref.pdf');
    expect(hybrid.revisions.map((x) => x.kind)).to.deep.equal(['table', 'hybrid']);
    const objstm = open('pyhanko/uncompressed-objstream-sample.pdf');
    const compressed = [...objstm.revisions[0].entries.values()].filter((e) => e.type === 'compressed');
    expect(compressed.length).to.be.greaterThan(0);
    expect(objstm.pages()[0].mediaBox).to.have.length(4);
  });

  it('repairs off-by-N startxref values and says so', () => {
    for (const [f, delta] of [
      ['minimal-startxref-obo1', 1],
      ['minimal-startxref-obo2', -1],
      ['minimal-startxref-obo4', -1],
      ['minimal-startxref-obo5', -2],
      ['minimal-startxref-obo6', 3],
    ] as const) {
      const r = open(`pyhanko/${f}.pdf`);
      expect(r.repaired, f).to.equal(true);
      expect(r.repairs.join(), f).to.contain(`off by ${delta}`);
      expect(r.pages()).to.have.length(1);
    }
    expect(open('pyhanko/minimal.pdf').repaired).to.equal(false);
  });

  it('rebuilds the cross-reference table by scanning when startxref is hopeless', () => {
    for (const f of ['minimal-startxref-hopeless', 'minimal-startxref-hopeless3']) {
      const r = open(`pyhanko/${f}.pdf`);
      expect(r.repaired).to.equal(true);
      expect(r.revisions[0].kind).to.equal('rebuilt');
      expect(r.repairs.join()).to.contain('rebuilt by scanning');
      expect(r.pages()).to.have.length(1);
    }
  });

  it('reads malformed but recoverable tables (space padding, missing spaces, empty subsection)', () => {
    for (const f of ['malformed-xref-space-padded', 'minimal-badxref', 'minimal-broken-xref-size']) {
      const r = open(`pyhanko/${f}.pdf`);
      expect(r.pages().length, f).to.equal(1);
    }
  });

  it('reports a broken object stream with a clear error', () => {
    for (const f of ['broken-objstream1', 'broken-objstream6']) {
      expect(() => open(`pyhanko/${f}.pdf`).pages(), f)
        .to.throw(CodedError)
        .with.property('code', 'PDF_MALFORMED');
    }
  });

  it('refuses a circular page tree', () => {
    expect(() => open('pyhanko/circular-page-tree.pdf').pages()).to.throw(/cycle/);
  });

  it('detects encryption and its handler', () => {
    expect(open('pyhanko/minimal-rc4.pdf').encryption?.filter).to.equal('Standard');
    expect(open('pyhanko/minimal-pubkey-aes256.pdf').encryption?.filter).to.equal('Adobe.PubSec');
    expect(open('pyhanko/minimal.pdf').isEncrypted).to.equal(false);
  });

  it('resolves inherited page attributes', () => {
    const r = open('pyhanko/minimal-two-pages.pdf');
    const pages = r.pages();
    expect(pages).to.have.length(2);
    expect(pages[1].index).to.equal(1);
    expect(pages[0].mediaBox).to.have.length(4);
    expect(pages[0].ref).to.be.instanceOf(PdfRef);
  });

  it('finds the DocMDP certification and its permission level', () => {
    const r = open('pyhanko/certified-with-indirect-refs-in-dir.pdf');
    const form = r.acroForm();
    expect(form.docMdp).to.not.equal(undefined);
    expect([1, 2, 3]).to.include(form.docMdp!.permissions);
    expect(form.docMdp!.signature.references.map((x) => x.transformMethod)).to.include('DocMDP');
  });

  it('gives full field names through the /Parent /T chain and widget pages', () => {
    const r = open('pyhanko/minimal-with-textfield-group.pdf');
    const names = r.acroForm().fields.map((f) => f.fullName);
    expect(names.some((n) => n.includes('.'))).to.equal(true);
    const widgets = r.acroForm().fields.flatMap((f) => f.widgets);
    expect(widgets.some((w) => w.pageIndex === 0)).to.equal(true);
  });

  it('returns an object as of an earlier revision', () => {
    const r = open('pyhanko/minimal-with-field.pdf');
    expect(r.revisions).to.have.length(2);
    const root = r.rootRef!;
    const before = r.getObjectAt(root, 0) as PdfDict;
    const after = r.getObjectAt(root, 1) as PdfDict;
    expect(before.has('AcroForm')).to.equal(false);
    expect(after.has('AcroForm')).to.equal(true);
  });

  it('records the node-signpdf off-by-one startxref as a repair', () => {
    const r = open('node-signpdf/signed-twice.pdf');
    expect(r.revisions).to.have.length(3);
    expect(r.repaired).to.equal(true);
    expect(r.acroForm().signatureFields).to.have.length(2);
  });
});
