import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { CodedError } from '../../../signing/errors';
import { PdfReader, type PageInfo } from '../../../signing/pdf';
import { syntheticPdf } from './synthetic-pdf';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');

/** The fields of a PageInfo that a caller uses, comparable with deep equality. */
const summary = (p: PageInfo | undefined) =>
  p && {
    index: p.index,
    ref: p.ref?.key,
    mediaBox: p.mediaBox,
    cropBox: p.cropBox,
    rotate: p.rotate,
    resources: p.resources === undefined ? undefined : [...p.resources.keys()],
    keys: [...p.dict.keys()],
  };

/** page(i) and pageCount() agree with the full walk pages() for every page. */
function expectSameAsWalk(reader: PdfReader, label: string): void {
  const all = reader.pages();
  expect(reader.pageCount(), label).to.equal(all.length);
  all.forEach((p, i) => expect(summary(reader.page(i)), `${label} page ${i}`).to.deep.equal(summary(p)));
  expect(reader.page(all.length), label).to.equal(undefined);
  expect(reader.page(-1), label).to.equal(undefined);
}

/**
 * A page tree of 7 pages over three levels, with attributes inherited from intermediate nodes
 * (ISO 32000-2 §7.7.3.4): objects 1 catalog, 2 root, 3–4 intermediate nodes, 5–11 pages.
 */
function nestedTree(rootCount: number | string = 7, midCount: number | string = 3): Buffer {
  const page = (parent: number, extra = '') => `<< /Type /Page /Parent ${parent} 0 R${extra} >>`;
  return syntheticPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [5 0 R 3 0 R 4 0 R] /Count ${rootCount} /MediaBox [0 0 595 842] /Resources << /Font << >> >> >>`,
    `<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 7 0 R 8 0 R] /Count ${midCount} /Rotate 90 >>`,
    '<< /Type /Pages /Parent 2 0 R /Kids [9 0 R 10 0 R 11 0 R] /Count 3 /CropBox [10 10 500 800] >>',
    page(2),
    page(3, ' /MediaBox [0 0 842 595]'),
    page(3),
    page(3, ' /Rotate 0'),
    page(4),
    page(4, ' /Resources << /XObject << >> >>'),
    page(4),
  ]);
}

describe('signing/pdf page lookup by /Count (ISO 32000-2 §7.7.3.2)', () => {
  it('finds every page of a nested tree with the inherited attributes of a full walk', () => {
    expectSameAsWalk(PdfReader.open(nestedTree()), 'nested');
  });

  it('agrees with the full walk on a flat 100-page tree and on every readable corpus file', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 100; i++) doc.addPage([100 + i, 200]);
    expectSameAsWalk(PdfReader.open(Buffer.from(await doc.save())), '100 pages');
    for (const dir of ['node-signpdf', 'pyhanko']) {
      for (const f of fs.readdirSync(path.join(CORPUS, dir)).filter((x) => x.endsWith('.pdf'))) {
        let reader: PdfReader;
        try {
          reader = PdfReader.open(fs.readFileSync(path.join(CORPUS, dir, f)));
          reader.pages();
        } catch (e) {
          expect(e, f).to.be.instanceOf(CodedError);
          continue;
        }
        expectSameAsWalk(reader, `${dir}/${f}`);
      }
    }
  });

  it('reads only the path to the last page: the other pages stay unparsed', () => {
    // Page objects 5–10 are garbage: a full walk would meet them, a descent to page 7 does not.
    const broken = syntheticPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [5 0 R 3 0 R 4 0 R] /Count 7 >>',
      '<< /Type /Pages /Kids [6 0 R 7 0 R 8 0 R] /Count 3 >>',
      '<< /Type /Pages /Kids [9 0 R 10 0 R 11 0 R] /Count 3 >>',
      ...Array.from({ length: 6 }, () => '<< /Type /Page /Annots [ 1 2 R'),
      '<< /Type /Page /Parent 4 0 R /MediaBox [0 0 1 1] >>',
    ]);
    const reader = PdfReader.open(broken);
    expect(reader.page(6)?.ref?.key).to.equal('11 0');
    expect(reader.page(6)?.mediaBox).to.deep.equal([0, 0, 1, 1]);
  });

  it('keeps the last leaf as the last page when the counts are inflated', () => {
    // Root says 9 pages (there are 7), an intermediate node says 1 (it has 3): viewers trust /Count.
    const reader = PdfReader.open(nestedTree(9, 1));
    expect(reader.pages()).to.have.length(7);
    expect(reader.page(reader.pageCount() - 1)?.ref?.key).to.equal('11 0');
    expect(reader.page(0)?.ref?.key).to.equal('5 0');
  });

  it('falls back to the full walk where the counts lead nowhere (missing or non-numeric /Count)', () => {
    for (const [root, mid] of [
      ['/Foo', '3'],
      ['7', '(three)'],
    ] as const) {
      const reader = PdfReader.open(nestedTree(root, mid));
      expect(reader.repaired).to.equal(false);
      const all = reader.pages();
      expect(all, `${root} ${mid}`).to.have.length(7);
      expect(reader.pageCount(), `${root} ${mid}`).to.equal(7);
      all.forEach((p, i) => expect(summary(reader.page(i)), `page ${i}`).to.deep.equal(summary(p)));
    }
  });

  it('reports a cycle in the tree as PDF_MALFORMED, like the full walk', () => {
    const cyclic = syntheticPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 2 >>',
      '<< /Type /Pages /Kids [2 0 R] /Count 2 >>',
    ]);
    const reader = PdfReader.open(cyclic);
    expect(() => reader.page(1)).to.throw(CodedError, /cycle/);
    expect(() => reader.pageCount()).to.throw(CodedError, /cycle/);
  });
});
