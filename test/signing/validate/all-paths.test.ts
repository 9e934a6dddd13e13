/**
 * Issue 9 items 1 and 2: a changed object is allowed only when every path to it in the signed
 * revision is covered by a rule allowing that change, and a field's appearance changes only with
 * its value. Each forgery beside the same change made harmlessly, so the test shows the rule decides.
 */
import { expect } from 'chai';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfReader,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfValue,
} from '../../../signing/pdf';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import type { SignatureValidation } from '../../../signing/validate/validation-result';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { appendRevision, draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

const stream = (text: string, extra: Record<string, PdfValue> = {}): PdfStream => {
  const data = Buffer.from(text, 'latin1');
  return new PdfStream(new PdfDict({ ...extra, Length: PdfNumber.of(data.length) }), data);
};
const formXObject = (text: string): PdfStream =>
  stream(text, {
    Type: PdfName.of('XObject'),
    Subtype: PdfName.of('Form'),
    BBox: [0, 0, 200, 40].map((x) => PdfNumber.of(x)),
  });

/** Puts `value` in page 1's /Resources under `category`/`name`, and draws `content` after the page's own. */
function onPage(
  update: IncrementalUpdate,
  reader: PdfReader,
  category: string,
  name: string,
  value: PdfRef,
  content: string,
): void {
  const page = reader.pages()[0];
  const pageDict = (update.get(page.ref!) as PdfDict).clone();
  const resValue = pageDict.get('Resources');
  const resources = (reader.resolve(resValue) as PdfDict).clone();
  const sub = (
    (reader.resolve(resources.get(category)) as PdfDict | undefined)?.clone() ?? new PdfDict()
  ).set(name, value);
  resources.set(category, sub);
  if (resValue instanceof PdfRef) update.set(resValue, resources);
  else pageDict.set('Resources', resources);
  const contents = pageDict.get('Contents');
  pageDict.set('Contents', [
    ...(Array.isArray(contents) ? contents : [contents as PdfRef]),
    update.add(stream(content)),
  ]);
  update.set(page.ref!, pageDict);
}

/** Adds a field (widget merged) to page 1's /Annots and the AcroForm's /Fields. */
function addField(update: IncrementalUpdate, reader: PdfReader, field: PdfDict): PdfRef {
  const page = reader.pages()[0];
  field.set('P', page.ref!);
  const ref = update.add(field);
  const pageDict = (update.get(page.ref!) as PdfDict).clone();
  const annots = reader.resolve(pageDict.get('Annots'));
  pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), ref]);
  update.set(page.ref!, pageDict);
  const formValue = reader.catalog.get('AcroForm');
  const form = (reader.resolve(formValue) as PdfDict).clone();
  const fields = reader.resolve(form.get('Fields')) as PdfValue[];
  form.set('Fields', [...fields, ref]);
  if (formValue instanceof PdfRef) update.set(formValue, form);
  else update.set(reader.rootRef!, reader.catalog.clone().set('AcroForm', form));
  return ref;
}

describe('signing/validate every path to a changed object (issue 9 items 1, 2)', function () {
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

  const sign = async (draft: Buffer): Promise<Buffer> =>
    signPdf(draft, { identity: pki.leader, fieldName: 'lanh_dao', crls });
  const first = async (pdf: Buffer): Promise<SignatureValidation> => {
    const r = await validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT });
    const s = r.signatures.find((x) => x.fieldName === 'lanh_dao')!;
    expect(s.intact).to.equal(true);
    return s;
  };
  const details = (s: SignatureValidation): string => s.modifications.changes.map((c) => c.detail).join('; ');

  /**
   * A draft with an empty signature field "ky_sau" whose appearance stream is `ap`; when `alsoOnPage`,
   * the same stream is also page 1's XObject /X1, drawn by the page.
   */
  async function emptySignatureFieldDraft(
    alsoOnPage: boolean,
  ): Promise<{ pdf: Buffer; ap: PdfRef; field: PdfRef }> {
    let ap: PdfRef | undefined;
    let field: PdfRef | undefined;
    const pdf = appendRevision(await draftPdf(), (update, reader) => {
      ap = update.add(formXObject('BT /Helv 12 Tf 2 10 Td (Cho ky) Tj ET'));
      field = addField(
        update,
        reader,
        new PdfDict({
          FT: PdfName.of('Sig'),
          T: PdfString.fromText('ky_sau'),
          Type: PdfName.of('Annot'),
          Subtype: PdfName.of('Widget'),
          Rect: [300, 60, 500, 100].map((x) => PdfNumber.of(x)),
          F: PdfNumber.of(4),
          AP: new PdfDict({ N: ap }),
        }),
      );
      if (alsoOnPage) onPage(update, reader, 'XObject', 'X1', ap, 'q 1 0 0 1 60 600 cm /X1 Do Q');
    });
    return { pdf, ap: ap!, field: field! };
  }

  /** Signs "ky_sau" in place: its /V set and its appearance stream rewritten (what some signers do). */
  const signEmptyFieldInPlace = (pdf: Buffer, ap: PdfRef, field: PdfRef, text: string): Buffer =>
    appendRevision(pdf, (update, reader) => {
      const sig = update.add(
        new PdfDict({
          Type: PdfName.of('Sig'),
          Filter: PdfName.of('Adobe.PPKLite'),
          SubFilter: PdfName.of('ETSI.CAdES.detached'),
          ByteRange: [0, 0, 0, 0].map((x) => PdfNumber.of(x)),
          Contents: new PdfString(Buffer.alloc(64), true),
        }),
      );
      update.set(field, (reader.getObject(field) as PdfDict).clone().set('V', sig));
      update.set(ap, formXObject(`BT /Helv 12 Tf 2 10 Td (${text}) Tj ET`));
    });

  it('an empty signature field’s appearance stream rewritten when signed: allowed (FORM_FILLING)', async () => {
    const { pdf, ap, field } = await emptySignatureFieldDraft(false);
    const s = await first(signEmptyFieldInPlace(await sign(pdf), ap, field, 'Da ky'));
    expect(s.modifications.allowed, details(s)).to.equal(true);
    expect(s.modificationLevel).to.equal('FORM_FILLING');
  });

  it('…but when that stream is also a page XObject, the page changes: TOTAL_FAILED (OTHER)', async () => {
    const { pdf, ap, field } = await emptySignatureFieldDraft(true);
    const s = await first(signEmptyFieldInPlace(await sign(pdf), ap, field, 'So tien: 900.000.000 VND'));
    expect(s.modificationLevel).to.equal('OTHER');
    expect(s.indication).to.equal('TOTAL_FAILED');
    expect(s.subIndication).to.equal('FORMAT_FAILURE');
    expect(details(s)).to.match(/also reaches it otherwise/);
  });

  /**
   * An empty signature field "ky_sau" whose /AP is an indirect dictionary; when `alsoInCatalog`, the
   * same dictionary is also a catalog entry. Signing rewrites that dictionary's /N in place.
   */
  async function indirectApDictionary(alsoInCatalog: boolean): Promise<SignatureValidation> {
    let apDict: PdfRef | undefined;
    let field: PdfRef | undefined;
    const draft = appendRevision(await draftPdf(), (update, reader) => {
      apDict = update.add(
        new PdfDict({ N: update.add(formXObject('BT /Helv 12 Tf 2 10 Td (Cho ky) Tj ET')) }),
      );
      field = addField(
        update,
        reader,
        new PdfDict({
          FT: PdfName.of('Sig'),
          T: PdfString.fromText('ky_sau'),
          Type: PdfName.of('Annot'),
          Subtype: PdfName.of('Widget'),
          Rect: [300, 60, 500, 100].map((x) => PdfNumber.of(x)),
          F: PdfNumber.of(4),
          AP: apDict,
        }),
      );
      if (alsoInCatalog)
        update.set(reader.rootRef!, (update.get(reader.rootRef!) as PdfDict).clone().set('VanBanAP', apDict));
    });
    const signed = appendRevision(await sign(draft), (update, reader) => {
      const sig = update.add(
        new PdfDict({
          Type: PdfName.of('Sig'),
          ByteRange: [0, 0, 0, 0].map((x) => PdfNumber.of(x)),
          Contents: new PdfString(Buffer.alloc(64), true),
        }),
      );
      update.set(field!, (reader.getObject(field!) as PdfDict).clone().set('V', sig));
      update.set(
        apDict!,
        new PdfDict({ N: update.add(formXObject('BT /Helv 12 Tf 2 10 Td (Da ky) Tj ET')) }),
      );
    });
    return first(signed);
  }

  it('an empty signature field’s indirect /AP dictionary rewritten when signed: allowed', async () => {
    const s = await indirectApDictionary(false);
    expect(s.modifications.allowed, details(s)).to.equal(true);
    expect(details(s)).to.contain('field appearance object changed');
  });

  it('…but not when that dictionary is also a catalog entry (OTHER)', async () => {
    const s = await indirectApDictionary(true);
    expect(s.modificationLevel).to.equal('OTHER');
    expect(details(s)).to.match(
      /appearance object changed, but the signed revision also reaches it otherwise/,
    );
  });

  /** A draft whose catalog /Extensions dictionary is also, when `alsoOnPage`, page 1's ExtGState /GS0. */
  async function extensionsDraft(alsoOnPage: boolean): Promise<{ pdf: Buffer; ext: PdfRef }> {
    let ext: PdfRef | undefined;
    const pdf = appendRevision(await draftPdf(), (update, reader) => {
      ext = update.add(new PdfDict({}));
      update.set(reader.rootRef!, reader.catalog.clone().set('Extensions', ext));
      if (alsoOnPage) onPage(update, reader, 'ExtGState', 'GS0', ext, '/GS0 gs');
    });
    return { pdf, ext: ext! };
  }
  /** The "extension" an attacker writes: for the page, a fill alpha of 0 that hides the text after it. */
  const rewriteExtensions = (pdf: Buffer, ext: PdfRef): Buffer =>
    appendRevision(pdf, (update) =>
      update.set(
        ext,
        new PdfDict({
          ca: PdfNumber.of(0),
          ESIC: new PdfDict({ BaseVersion: PdfName.of('1.7'), ExtensionLevel: PdfNumber.of(2) }),
        }),
      ),
    );

  it('an /Extensions dictionary reached only from the catalog may be updated (LTA_UPDATES)', async () => {
    const { pdf, ext } = await extensionsDraft(false);
    const s = await first(rewriteExtensions(await sign(pdf), ext));
    expect(s.modifications.allowed, details(s)).to.equal(true);
    expect(s.modificationLevel).to.equal('LTA_UPDATES');
  });

  it('…but not when it is also a page’s graphics state: TOTAL_FAILED (OTHER)', async () => {
    const { pdf, ext } = await extensionsDraft(true);
    const s = await first(rewriteExtensions(await sign(pdf), ext));
    expect(s.modificationLevel).to.equal('OTHER');
    expect(s.indication).to.equal('TOTAL_FAILED');
  });

  it('an annotation that is also a page’s graphics state changes the page: TOTAL_FAILED (OTHER)', async () => {
    let annot: PdfRef | undefined;
    const draft = appendRevision(await draftPdf(), (update, reader) => {
      annot = update.add(
        new PdfDict({
          Type: PdfName.of('Annot'),
          Subtype: PdfName.of('Text'),
          Rect: [10, 10, 30, 30].map((x) => PdfNumber.of(x)),
          Contents: PdfString.fromText('ghi chu'),
        }),
      );
      const page = reader.pages()[0];
      update.set(page.ref!, (update.get(page.ref!) as PdfDict).clone().set('Annots', [annot]));
      onPage(update, reader, 'ExtGState', 'GS0', annot, '/GS0 gs');
    });
    // The change as it looks: the note's text, and an entry the page's graphics state reads.
    const changeAnnotation = (pdf: Buffer, extra: Record<string, PdfValue>): Buffer =>
      appendRevision(pdf, (update, reader) => {
        const d = (reader.getObject(annot!) as PdfDict).clone().set('Contents', PdfString.fromText('sua'));
        for (const [k, v] of Object.entries(extra)) d.set(k, v);
        update.set(annot!, d);
      });
    const s = await first(changeAnnotation(await sign(draft), { ca: PdfNumber.of(0) }));
    expect(s.modificationLevel).to.equal('OTHER');
    expect(details(s)).to.match(/annotation changed, but it is also reached otherwise/);
  });

  /** A draft whose text field "so_ky_hieu" holds /V "Attacker" but shows "12/UBND" (prepared before signing). */
  async function shadowDraft(): Promise<{ pdf: Buffer; ap: PdfRef }> {
    let ap: PdfRef | undefined;
    const pdf = appendRevision(await draftPdf(), (update, reader) => {
      const f = reader.acroForm().fields.find((x) => x.fullName === 'so_ky_hieu')!;
      ap = update.add(formXObject('/Tx BMC BT /Helv 10 Tf 2 5 Td (12/UBND) Tj ET EMC'));
      update.set(
        f.ref!,
        f.dict
          .clone()
          .set('V', PdfString.fromText('Attacker'))
          .set('AP', new PdfDict({ N: ap })),
      );
    });
    return { pdf, ap: ap! };
  }

  it('item 2: a text field’s /AP replaced without a new /V is not form filling (TOTAL_FAILED)', async () => {
    const { pdf } = await shadowDraft();
    const attacked = appendRevision(await sign(pdf), (update, reader) => {
      const f = reader.acroForm().fields.find((x) => x.fullName === 'so_ky_hieu')!;
      const shown = update.add(formXObject('/Tx BMC BT /Helv 10 Tf 2 5 Td (Attacker) Tj ET EMC'));
      update.set(f.ref!, f.dict.clone().set('AP', new PdfDict({ N: shown })));
    });
    const s = await first(attacked);
    expect(s.modificationLevel).to.equal('OTHER');
    expect(s.indication).to.equal('TOTAL_FAILED');
    expect(details(s)).to.match(/field \/AP replaced without a new \/V/);
  });

  it('item 2: the same field’s appearance stream rewritten in place without a new /V (TOTAL_FAILED)', async () => {
    const { pdf, ap } = await shadowDraft();
    const attacked = appendRevision(await sign(pdf), (update) =>
      update.set(ap, formXObject('/Tx BMC BT /Helv 10 Tf 2 5 Td (Attacker) Tj ET EMC')),
    );
    const s = await first(attacked);
    expect(s.modificationLevel).to.equal('OTHER');
    expect(details(s)).to.match(/appearance stream replaced without a new \/V/);
  });

  it('item 2: a new /V with its appearance is form filling (allowed)', async () => {
    const { pdf, ap } = await shadowDraft();
    const filled = appendRevision(await sign(pdf), (update, reader) => {
      const f = reader.acroForm().fields.find((x) => x.fullName === 'so_ky_hieu')!;
      update.set(f.ref!, f.dict.clone().set('V', PdfString.fromText('15/UBND')));
      update.set(ap, formXObject('/Tx BMC BT /Helv 10 Tf 2 5 Td (15/UBND) Tj ET EMC'));
    });
    const s = await first(filled);
    expect(s.modifications.allowed, details(s)).to.equal(true);
    expect(s.modificationLevel).to.equal('FORM_FILLING');
  });
});
