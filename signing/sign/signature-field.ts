/**
 * A signature field with its widget (merged into one dictionary, ISO 32000-2 §12.7.1) added in an
 * incremental update: the field joins the AcroForm's /Fields (§12.7.3), the widget joins its page's
 * /Annots (§12.5.2), and /SigFlags becomes 3 — SignaturesExist | AppendOnly (§12.7.3 table 225).
 * Indirect /Fields and /Annots arrays are updated where they live.
 */
import { IncrementalUpdate, PdfDict, PdfName, PdfNumber, PdfRef, PdfString, type PdfValue } from '../pdf';
import { SignError } from './sign-error';
import type { StampBox } from './stamp-profile';

export interface SignatureFieldSpec {
  readonly name: string;
  /** The signature (or document timestamp) dictionary's reference, for /V. */
  readonly value: PdfRef;
  readonly pageRef: PdfRef;
  /** Widget rectangle; undefined for an invisible signature (zero-size widget). */
  readonly rect?: StampBox;
  /** Normal appearance stream, for visible widgets. */
  readonly appearance?: PdfRef;
}

/** Add the merged field/widget and wire it into the page and the AcroForm; returns its reference. */
export function addSignatureField(update: IncrementalUpdate, spec: SignatureFieldSpec): PdfRef {
  const r = spec.rect;
  const rect = r ? [r.x, r.y, r.x + r.width, r.y + r.height] : [0, 0, 0, 0];
  const field = new PdfDict({
    FT: PdfName.of('Sig'),
    T: PdfString.fromText(spec.name),
    V: spec.value,
    Type: PdfName.of('Annot'),
    Subtype: PdfName.of('Widget'),
    Rect: rect.map((v) => PdfNumber.of(Math.round(v * 1000) / 1000)),
    F: PdfNumber.of(132), // §12.5.3: Print (4) + Locked (128)
    P: spec.pageRef,
  });
  if (spec.appearance) field.set('AP', new PdfDict({ N: spec.appearance }));
  const ref = update.add(field);
  appendToArray(update, spec.pageRef, 'Annots', ref);
  const form = acroFormForUpdate(update);
  appendToArray(update, form, 'Fields', ref);
  const formDict = update.get(form) as PdfDict;
  formDict.set('SigFlags', PdfNumber.of(3));
  return ref;
}

/**
 * The AcroForm as an indirect object that this update may change: an existing indirect one is
 * copied into the update; a direct or missing one becomes a new object referenced from a copy of
 * the catalog.
 */
export function acroFormForUpdate(update: IncrementalUpdate): PdfRef {
  const reader = update.reader;
  const rootRef = reader.rootRef;
  if (rootRef === undefined) throw invalid('the trailer has no /Root reference');
  const catalog = update.get(rootRef);
  if (!(catalog instanceof PdfDict)) throw invalid('the catalog is not a dictionary');
  const formValue = catalog.get('AcroForm');
  if (formValue instanceof PdfRef) {
    const current = update.get(formValue);
    if (!(current instanceof PdfDict)) throw invalid('/AcroForm is not a dictionary');
    if (!update.objectNumbers.includes(formValue.num)) update.set(formValue, current.clone());
    return formValue;
  }
  const form = formValue instanceof PdfDict ? formValue.clone() : new PdfDict({ Fields: [] });
  const ref = update.add(form);
  const newCatalog = update.objectNumbers.includes(rootRef.num) ? catalog : catalog.clone();
  newCatalog.set('AcroForm', ref);
  update.set(rootRef, newCatalog);
  return ref;
}

/** The dictionary at `ref` as pending in `update` (copied into the update on first change). */
export function dictForUpdate(update: IncrementalUpdate, ref: PdfRef): PdfDict {
  const current = update.get(ref);
  if (!(current instanceof PdfDict)) throw invalid(`object ${ref.toString()} is not a dictionary`);
  if (update.objectNumbers.includes(ref.num)) return current;
  const copy = current.clone();
  update.set(ref, copy);
  return copy;
}

/** Append `item` to the array `owner[key]`, wherever that array lives (direct or indirect). */
function appendToArray(update: IncrementalUpdate, owner: PdfRef, key: string, item: PdfValue): void {
  const dict = dictForUpdate(update, owner);
  const v = dict.get(key);
  if (v instanceof PdfRef) {
    const arr = update.get(v);
    if (!Array.isArray(arr)) throw invalid(`/${key} is not an array`);
    update.set(v, [...arr, item]);
    return;
  }
  dict.set(key, [...(Array.isArray(v) ? v : []), item]);
}

function invalid(en: string): SignError {
  return new SignError('SIGN_OPTIONS_INVALID', {
    vi: `Cấu trúc PDF không cho phép thêm trường chữ ký: ${en}`,
    en: `Cannot add a signature field: ${en}`,
  });
}
