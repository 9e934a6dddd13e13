import { expect } from 'chai';
import { PdfDict, PdfReader, PdfRef, PdfString } from '../../../signing/pdf';
import { ReferenceTracker } from '../../../signing/validate/reference-tracker';
import { appendRevision, draftPdf } from './signed-pdf-fixture';

describe('signing/validate ReferenceTracker', () => {
  let reader: PdfReader;
  let orphan: PdfRef;
  let content: string;
  let page: string;

  before(async () => {
    let o: PdfRef | undefined;
    const pdf = appendRevision(await draftPdf(), (update) => {
      o = update.add(new PdfDict({ Ghi: PdfString.fromText('khong ai tro toi') }));
    });
    orphan = o!;
    reader = PdfReader.open(pdf);
    const p = reader.pages()[0];
    page = p.ref!.key;
    const c = p.dict.get('Contents');
    content = ((Array.isArray(c) ? c[0] : c) as PdfRef).key;
  });

  const newest = () => reader.revisions.length - 1;

  it('finds a page content stream through the page, and not an object nothing refers to', () => {
    const t = new ReferenceTracker(reader, newest());
    expect(t.reachedOtherwise(content, 'none', () => false)).to.equal(true);
    expect(t.reachedOtherwise(orphan.key, 'none', () => false)).to.equal(false);
    expect(t.objectsRead).to.be.greaterThan(3);
  });

  it('a cut of the only path (the page’s /Contents) leaves the stream unreached', () => {
    const t = new ReferenceTracker(reader, newest());
    expect(
      t.reachedOtherwise(content, 'contents', (from, key) => from === page && key === 'Contents'),
    ).to.equal(false);
    // Another cut leaves it reached.
    expect(t.reachedOtherwise(content, 'annots', (from, key) => from === page && key === 'Annots')).to.equal(
      true,
    );
  });

  it('past its budget it proves nothing: every object counts as reached otherwise (fail closed)', () => {
    const budget = { objects: 2 };
    const t = new ReferenceTracker(reader, newest(), budget);
    expect(t.reachedOtherwise(orphan.key, 'none', () => false)).to.equal(true);
    expect(budget.objects).to.be.lessThan(0);
  });
});
