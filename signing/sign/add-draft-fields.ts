/**
 * The empty number and date text fields (ISO 32000-2 §12.7.4.3) added inside an incremental update,
 * for drafts that cannot be rewritten before the first signature — encrypted ones: pdf-lib would
 * drop their encryption. Each field is merged with its widget (§12.7.1), joins the page's /Annots
 * and the AcroForm's /Fields; the AcroForm gets /DA and a /DR with Helvetica (§12.7.3) so that
 * viewers know how to show a value typed in later. The clerk's fill draws its own appearance.
 */
import { IncrementalUpdate, PdfDict, PdfName, PdfNumber, PdfRef, PdfString } from '../pdf';
import { acroFormForUpdate, dictForUpdate } from './signature-field';
import type { StampBox, StampProfile } from './stamp-profile';

/** Adds the profile's number and date fields that `existing` lacks, on `pageRef`. */
export function addDraftFields(
  update: IncrementalUpdate,
  profile: StampProfile,
  pageRef: PdfRef,
  existing: ReadonlySet<string>,
): void {
  const wanted = [profile.fields.number, profile.fields.date].filter((f) => !existing.has(f.name));
  if (wanted.length === 0) return;
  const formRef = acroFormForUpdate(update);
  const form = update.get(formRef) as PdfDict;
  if (!form.has('DA')) form.set('DA', PdfString.fromText('/Helv 0 Tf 0 g'));
  const dr = update.reader.resolve(form.get('DR'));
  if (!(dr instanceof PdfDict)) {
    const helv = update.add(
      new PdfDict({
        Type: PdfName.of('Font'),
        Subtype: PdfName.of('Type1'),
        BaseFont: PdfName.of('Helvetica'),
        Encoding: PdfName.of('WinAnsiEncoding'),
      }),
    );
    form.set('DR', new PdfDict({ Font: new PdfDict({ Helv: helv }) }));
  }
  const page = dictForUpdate(update, pageRef);
  for (const f of wanted) {
    const field = update.add(
      new PdfDict({
        FT: PdfName.of('Tx'),
        T: PdfString.fromText(f.name),
        Type: PdfName.of('Annot'),
        Subtype: PdfName.of('Widget'),
        Rect: rect(f.box),
        F: PdfNumber.of(4), // §12.5.3: Print
        P: pageRef,
        DA: PdfString.fromText('/Helv 0 Tf 0 g'),
      }),
    );
    append(update, page, 'Annots', field);
    append(update, form, 'Fields', field);
  }
}

function rect(b: StampBox): PdfNumber[] {
  return [b.x, b.y, b.x + b.width, b.y + b.height].map((v) => PdfNumber.of(Math.round(v * 1000) / 1000));
}

/** Append to `dict[key]`, an array held directly or as an indirect object. */
function append(update: IncrementalUpdate, dict: PdfDict, key: string, item: PdfRef): void {
  const v = dict.get(key);
  if (v instanceof PdfRef) {
    const arr = update.get(v);
    update.set(v, [...(Array.isArray(arr) ? arr : []), item]);
    return;
  }
  dict.set(key, [...(Array.isArray(v) ? v : []), item]);
}
