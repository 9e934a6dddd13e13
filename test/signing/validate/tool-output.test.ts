/**
 * Issue 9 item 7: what ordinary tools write when they fill or sign is not OTHER — a choice field's
 * /I with its /V, /Resources re-pointed to an identical copy, an indirect /Annots array gaining a
 * signature widget, a tagged PDF's structure tree gaining the widget — while the same kinds of
 * objects changed in ways that matter still are.
 */
import { expect } from 'chai';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfReader,
  PdfRef,
  PdfString,
  type PdfValue,
} from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import type { SignatureValidation } from '../../../signing/validate/validation-result';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { appendRevision, draftPdf, signPdf, type SignOptions } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);
const num = (n: number) => PdfNumber.of(n);
const text = (s: string) => PdfString.fromText(s);

describe('signing/validate ordinary tool output (issue 9 item 7)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
  });

  const sign = (pdf: Buffer, fieldName = 'lanh_dao', extra: Partial<SignOptions> = {}) =>
    signPdf(pdf, {
      identity: fieldName === 'lanh_dao' ? pki.leader : pki.organisation,
      fieldName,
      crls,
      ...extra,
    });
  const signatureOf = async (pdf: Buffer, field = 'lanh_dao'): Promise<SignatureValidation> => {
    const r = await validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT });
    const s = r.signatures.find((x) => x.fieldName === field)!;
    expect(s.intact).to.equal(true);
    return s;
  };
  const details = (s: SignatureValidation) =>
    s.modifications.changes.map((c) => `${c.kind} ${c.detail}`).join('; ');

  describe('a choice field', () => {
    let choice: PdfRef | undefined;
    let signed: Buffer;
    before(async () => {
      const draft = appendRevision(await draftPdf(), (update, reader) => {
        const page = reader.pages()[0];
        choice = update.add(
          new PdfDict({
            FT: PdfName.of('Ch'),
            Ff: num(1 << 17), // combo box
            T: text('do_mat'),
            Opt: [text('Thuong'), text('Mat'), text('Toi mat')],
            V: text('Thuong'),
            I: [num(0)],
            Type: PdfName.of('Annot'),
            Subtype: PdfName.of('Widget'),
            Rect: [300, 700, 500, 720].map(num),
            P: page.ref!,
          }),
        );
        const pageDict = (update.get(page.ref!) as PdfDict).clone();
        const annots = reader.resolve(pageDict.get('Annots')) as PdfValue[];
        update.set(page.ref!, pageDict.set('Annots', [...annots, choice]));
        const formRef = reader.catalog.get('AcroForm');
        const form = (reader.resolve(formRef) as PdfDict).clone();
        form.set('Fields', [...(reader.resolve(form.get('Fields')) as PdfValue[]), choice]);
        if (formRef instanceof PdfRef) update.set(formRef, form);
        else update.set(reader.rootRef!, reader.catalog.clone().set('AcroForm', form));
      });
      signed = await sign(draft);
    });
    const choose = (pdf: Buffer, v: string | undefined, i: number) =>
      appendRevision(pdf, (update, reader) => {
        const d = (reader.getObject(choice!) as PdfDict).clone().set('I', [num(i)]);
        if (v !== undefined) d.set('V', text(v));
        update.set(choice!, d);
      });

    it('/I updated with /V is form filling (allowed)', async () => {
      const s = await signatureOf(choose(signed, 'Mat', 1));
      expect(s.modifications.allowed, details(s)).to.equal(true);
      expect(s.modificationLevel).to.equal('FORM_FILLING');
    });

    it('/I changed alone (the shown selection differs from /V) is not (OTHER)', async () => {
      const s = await signatureOf(choose(signed, undefined, 2));
      expect(s.modificationLevel).to.equal('OTHER');
    });
  });

  describe('a page’s /Resources re-pointed', () => {
    /** Re-points page 1's /Resources to a new object: a copy, or a copy with `change` applied. */
    const repoint = (pdf: Buffer, change?: (copy: PdfDict) => void) =>
      appendRevision(pdf, (update, reader) => {
        const page = reader.pages()[0];
        const copy = (reader.resolve(page.dict.get('Resources')) as PdfDict).clone();
        change?.(copy);
        update.set(page.ref!, (update.get(page.ref!) as PdfDict).clone().set('Resources', update.add(copy)));
      });

    it('to an object identical in content: allowed (nothing changes)', async () => {
      const s = await signatureOf(repoint(await sign(await draftPdf())));
      expect(s.modifications.allowed, details(s)).to.equal(true);
      expect(details(s)).to.contain('identical in content');
    });

    it('to one whose font differs: OTHER', async () => {
      const s = await signatureOf(
        repoint(await sign(await draftPdf()), (copy) => {
          const fonts = (copy.get('Font') as PdfDict).clone();
          const name = [...fonts.keys()][0];
          fonts.set(
            name,
            new PdfDict({
              Type: PdfName.of('Font'),
              Subtype: PdfName.of('Type1'),
              BaseFont: PdfName.of('Courier'),
            }),
          );
          copy.set('Font', fonts);
        }),
      );
      expect(s.modificationLevel).to.equal('OTHER');
    });
  });

  it('an indirect /Annots array updated in place with each new signature widget: all signatures pass', async () => {
    const draft = appendRevision(await draftPdf(), (update, reader) => {
      const page = reader.pages()[0];
      const annots = reader.resolve(page.dict.get('Annots')) as PdfValue[];
      update.set(
        page.ref!,
        (update.get(page.ref!) as PdfDict).clone().set('Annots', update.add([...annots])),
      );
    });
    const once = await sign(draft);
    const twice = await sign(once, 'co_quan');
    const r = await validatePdf(twice, { trustAnchors: [pki.root.certificate], at: AT });
    expect(r.signatures).to.have.length(2);
    for (const s of r.signatures)
      expect(s.indication, `${s.fieldName}: ${details(s)}`).to.equal('TOTAL_PASSED');
    expect(details(r.signatures[0])).to.match(/page \/Annots gained/);
    // The same array losing an annotation is still OTHER.
    const removed = appendRevision(twice, (update, reader) => {
      const ref = reader.pages()[0].dict.get('Annots') as PdfRef;
      update.set(ref, (reader.getObject(ref) as PdfValue[]).slice(1));
    });
    expect((await signatureOf(removed)).modificationLevel).to.equal('OTHER');
  });

  describe('a tagged PDF signed again', () => {
    interface Tagged {
      pdf: Buffer;
      elements: PdfRef;
      parentTree: PdfRef;
      paragraph: PdfRef;
    }
    /** A draft with a structure tree: Document → [P], a parent tree, /MarkInfo. */
    async function taggedDraft(): Promise<Tagged> {
      const t = {} as Tagged;
      t.pdf = appendRevision(await draftPdf(), (update, reader) => {
        const page = reader.pages()[0];
        const root = update.add(new PdfDict({ Type: PdfName.of('StructTreeRoot') }));
        t.paragraph = update.add(
          new PdfDict({
            Type: PdfName.of('StructElem'),
            S: PdfName.of('P'),
            P: root,
            Pg: page.ref!,
            K: num(0),
            ActualText: text('QUYET DINH'),
          }),
        );
        t.elements = update.add([t.paragraph]);
        const document = update.add(
          new PdfDict({ Type: PdfName.of('StructElem'), S: PdfName.of('Document'), P: root, K: t.elements }),
        );
        t.parentTree = update.add(new PdfDict({ Nums: [num(0), [t.paragraph]] }));
        update.set(
          root,
          new PdfDict({
            Type: PdfName.of('StructTreeRoot'),
            K: document,
            ParentTree: t.parentTree,
            ParentTreeNextKey: num(1),
          }),
        );
        update.set(
          reader.rootRef!,
          reader.catalog
            .clone()
            .set('StructTreeRoot', root)
            .set('MarkInfo', new PdfDict({ Marked: PdfName.of('true') })),
        );
      });
      return t;
    }
    /** What a signer of tagged PDFs adds: a Form element with an OBJR for the widget (§14.7.4.3). */
    const tagWidget =
      (t: Tagged, root: () => PdfRef) =>
      (update: IncrementalUpdate, reader: PdfReader, field: PdfRef): void => {
        const form = update.add(
          new PdfDict({
            Type: PdfName.of('StructElem'),
            S: PdfName.of('Form'),
            P: root(),
            K: new PdfDict({ Type: PdfName.of('OBJR'), Obj: field }),
          }),
        );
        update.set(field, (update.get(field) as PdfDict).clone().set('StructParent', num(1)));
        update.set(t.elements, [...(reader.getObject(t.elements) as PdfValue[]), form]);
        const tree = reader.getObject(t.parentTree) as PdfDict;
        update.set(
          t.parentTree,
          tree.clone().set('Nums', [...(tree.get('Nums') as PdfValue[]), num(1), form]),
        );
        const rootRef = root();
        update.set(rootRef, (reader.getObject(rootRef) as PdfDict).clone().set('ParentTreeNextKey', num(2)));
      };

    it('its structure tree gaining the new widget: the first signature still passes', async () => {
      const t = await taggedDraft();
      const once = await sign(t.pdf);
      const rootOf = (pdf: Buffer) => () => PdfReader.open(pdf).catalog.get('StructTreeRoot') as PdfRef;
      const twice = await sign(once, 'co_quan', { alsoChange: tagWidget(t, rootOf(once)) });
      const s = await signatureOf(twice);
      expect(s.indication, details(s)).to.equal('TOTAL_PASSED');
      expect(details(s)).to.match(/structure tree/);
    });

    it('a structure element’s /ActualText changed: OTHER', async () => {
      const t = await taggedDraft();
      const once = await sign(t.pdf);
      const changed = appendRevision(once, (update, reader) =>
        update.set(
          t.paragraph,
          (reader.getObject(t.paragraph) as PdfDict).clone().set('ActualText', text('QUYET DINH HUY')),
        ),
      );
      expect((await signatureOf(changed)).modificationLevel).to.equal('OTHER');
    });
  });
});
