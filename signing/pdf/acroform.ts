/**
 * Interactive form data, ISO 32000-2 §12.7 (AcroForm, field tree, §12.7.4 field names) and
 * signatures, §12.8.1 (signature dictionary), §12.8.2.2 (DocMDP), §12.8.2.4 (FieldMDP),
 * §12.8.4 (/Perms).
 */
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfString, type PdfValue } from './objects';
import type { PdfReader } from './reader';

/** A widget annotation of a field (§12.5.6.19). */
export interface WidgetInfo {
  readonly ref: PdfRef | undefined;
  readonly dict: PdfDict;
  /** 0-based page index, found through the pages' /Annots (or the widget's /P); computed on first read, while the reader is open. */
  readonly pageIndex: number | undefined;
  readonly rect: number[] | undefined;
}

/** A terminal field of the field tree (§12.7.4). */
export interface FormField {
  readonly ref: PdfRef | undefined;
  readonly dict: PdfDict;
  /** Fully qualified name: the /T of the ancestors joined with '.' (§12.7.4.2). */
  readonly fullName: string;
  /** /FT, inherited: 'Btn', 'Tx', 'Ch' or 'Sig'. */
  readonly fieldType: string | undefined;
  /** /V, inherited, unresolved (a signature field's /V is usually a reference). */
  readonly value: PdfValue | undefined;
  /** /Ff, inherited. */
  readonly flags: number;
  readonly widgets: readonly WidgetInfo[];
}

/** A /Reference entry of a signature dictionary (§12.8.1 table 255, signature references). */
export interface SignatureReference {
  /** 'DocMDP', 'UR3' or 'FieldMDP'. */
  readonly transformMethod: string;
  /** DocMDP /P (1, 2 or 3; 2 when absent, §12.8.2.2.2). */
  readonly permissions?: number;
  /** FieldMDP /Action ('All', 'Include', 'Exclude') and /Fields. */
  readonly fieldMdp?: { readonly action: string; readonly fields: readonly string[] };
}

/** A signature dictionary (§12.8.1) or document timestamp dictionary (§12.8.5). */
export interface SignatureInfo {
  readonly ref: PdfRef | undefined;
  readonly dict: PdfDict;
  /** /Type: 'Sig', 'DocTimeStamp' or undefined when absent. */
  readonly type: string | undefined;
  readonly filter: string | undefined;
  readonly subFilter: string | undefined;
  /** /ByteRange as numbers (undefined when absent or not all integers). */
  readonly byteRange: number[] | undefined;
  /** /Contents: the raw bytes of the string (the DER CMS padded with zeros). */
  readonly contents: Buffer | undefined;
  /** /M as written (a PDF date string, §7.9.4). */
  readonly signingTime: string | undefined;
  readonly name: string | undefined;
  readonly reason: string | undefined;
  readonly location: string | undefined;
  readonly references: readonly SignatureReference[];
}

export interface SignatureField extends FormField {
  /** The signature dictionary in /V, when the field is signed. */
  readonly signature: SignatureInfo | undefined;
}

export interface AcroFormInfo {
  /** Whether the catalog has an /AcroForm dictionary. */
  readonly present: boolean;
  /** /SigFlags (§12.7.3 table 225): 1 SignaturesExist, 2 AppendOnly. */
  readonly sigFlags: number;
  /** Terminal fields in field-tree order. */
  readonly fields: readonly FormField[];
  readonly signatureFields: readonly SignatureField[];
  /** The certification signature from /Perms /DocMDP and its /P (§12.8.4). */
  readonly docMdp: { readonly signature: SignatureInfo; readonly permissions: number } | undefined;
}

const MAX_FIELDS = 100_000;

/** Read the AcroForm of the document's current revision. */
export function readAcroForm(reader: PdfReader): AcroFormInfo {
  const catalog = reader.catalog;
  const form = reader.resolve(catalog.get('AcroForm'));
  // The annotation → page map costs a walk of every page: built only when a widget's page is read.
  let pageMap: Map<string, number> | undefined;
  const pageOfAnnot = () => (pageMap ??= annotationPages(reader));
  const fields: FormField[] = [];
  const signatureFields: SignatureField[] = [];
  let sigFlags = 0;
  if (form instanceof PdfDict) {
    const sf = reader.resolve(form.get('SigFlags'));
    sigFlags = sf instanceof PdfNumber ? sf.value : 0;
    const roots = reader.resolve(form.get('Fields'));
    const seen = new Set<unknown>();
    type Inh = { name: string; ft?: PdfValue; v?: PdfValue; ff?: PdfValue };
    const walk = (node: PdfValue, inh: Inh, depth: number): void => {
      if (depth > 64 || fields.length >= MAX_FIELDS) return;
      const ref = node instanceof PdfRef ? node : undefined;
      const dict = reader.resolve(node);
      if (!(dict instanceof PdfDict)) return;
      const key = ref?.key ?? dict;
      if (seen.has(key)) return;
      seen.add(key);
      const t = reader.resolve(dict.get('T'));
      const partial = t instanceof PdfString ? t.text() : undefined;
      const here: Inh = {
        name: partial === undefined ? inh.name : inh.name === '' ? partial : `${inh.name}.${partial}`,
        ft: dict.get('FT') ?? inh.ft,
        v: dict.get('V') ?? inh.v,
        ff: dict.get('Ff') ?? inh.ff,
      };
      const kids = reader.resolve(dict.get('Kids'));
      const fieldKids: PdfValue[] = [];
      const widgets: WidgetInfo[] = [];
      if (Array.isArray(kids)) {
        for (const k of kids) {
          const kd = reader.resolve(k);
          if (!(kd instanceof PdfDict)) continue;
          if (kd.has('T') || (!kd.has('Subtype') && kd.has('Kids'))) fieldKids.push(k);
          else widgets.push(widget(reader, k, kd, pageOfAnnot));
        }
      }
      if (fieldKids.length > 0) {
        for (const k of fieldKids) walk(k, here, depth + 1);
        return;
      }
      if (dict.getName('Subtype') === 'Widget') widgets.unshift(widget(reader, node, dict, pageOfAnnot));
      const ftv = reader.resolve(here.ft);
      const ff = reader.resolve(here.ff);
      const field: FormField = {
        ref,
        dict,
        fullName: here.name,
        fieldType: ftv instanceof PdfName ? ftv.name : undefined,
        value: here.v,
        flags: ff instanceof PdfNumber ? ff.value : 0,
        widgets,
      };
      fields.push(field);
      if (field.fieldType === 'Sig') {
        const sd = reader.resolve(field.value);
        signatureFields.push({
          ...field,
          signature:
            sd instanceof PdfDict
              ? readSignature(reader, field.value instanceof PdfRef ? field.value : undefined, sd)
              : undefined,
        });
      }
    };
    if (Array.isArray(roots)) for (const r of roots) walk(r, { name: '' }, 0);
  }
  let docMdp: AcroFormInfo['docMdp'];
  const perms = reader.resolve(catalog.get('Perms'));
  if (perms instanceof PdfDict) {
    const v = perms.get('DocMDP');
    const sd = reader.resolve(v);
    if (sd instanceof PdfDict) {
      const signature = readSignature(reader, v instanceof PdfRef ? v : undefined, sd);
      const ref = signature.references.find((r) => r.transformMethod === 'DocMDP');
      docMdp = { signature, permissions: ref?.permissions ?? 2 };
    }
  }
  return { present: form instanceof PdfDict, sigFlags, fields, signatureFields, docMdp };
}

/** Decode one signature dictionary (§12.8.1 table 255). */
export function readSignature(reader: PdfReader, ref: PdfRef | undefined, dict: PdfDict): SignatureInfo {
  const name = (k: string): string | undefined => {
    const v = reader.resolve(dict.get(k));
    return v instanceof PdfName ? v.name : undefined;
  };
  const text = (k: string): string | undefined => {
    const v = reader.resolve(dict.get(k));
    return v instanceof PdfString ? v.text() : undefined;
  };
  const br = reader.resolve(dict.get('ByteRange'));
  let byteRange: number[] | undefined;
  if (Array.isArray(br)) {
    const nums = br.map((x) => reader.resolve(x));
    if (nums.every((x) => x instanceof PdfNumber && Number.isInteger(x.value)))
      byteRange = nums.map((x) => (x as PdfNumber).value);
  }
  const c = reader.resolve(dict.get('Contents'));
  const references: SignatureReference[] = [];
  const refs = reader.resolve(dict.get('Reference'));
  if (Array.isArray(refs)) {
    for (const r of refs) {
      const rd = reader.resolve(r);
      if (!(rd instanceof PdfDict)) continue;
      const tm = reader.resolve(rd.get('TransformMethod'));
      const tp = reader.resolve(rd.get('TransformParams'));
      const method = tm instanceof PdfName ? tm.name : '';
      let permissions: number | undefined;
      let fieldMdp: SignatureReference['fieldMdp'];
      if (tp instanceof PdfDict) {
        const p = reader.resolve(tp.get('P'));
        if (method === 'DocMDP') permissions = p instanceof PdfNumber ? p.value : 2;
        if (method === 'FieldMDP') {
          const a = reader.resolve(tp.get('Action'));
          const fs = reader.resolve(tp.get('Fields'));
          fieldMdp = {
            action: a instanceof PdfName ? a.name : '',
            fields: Array.isArray(fs)
              ? fs
                  .map((x) => reader.resolve(x))
                  .filter((x) => x instanceof PdfString)
                  .map((x) => x.text())
              : [],
          };
        }
      } else if (method === 'DocMDP') permissions = 2;
      references.push({ transformMethod: method, permissions, fieldMdp });
    }
  }
  const m = reader.resolve(dict.get('M'));
  return {
    ref,
    dict,
    type: name('Type'),
    filter: name('Filter'),
    subFilter: name('SubFilter'),
    byteRange,
    contents: c instanceof PdfString ? c.bytes : undefined,
    signingTime: m instanceof PdfString ? m.bytes.toString('latin1') : undefined,
    name: text('Name'),
    reason: text('Reason'),
    location: text('Location'),
    references,
  };
}

function widget(
  reader: PdfReader,
  node: PdfValue,
  dict: PdfDict,
  pageOfAnnot: () => Map<string, number>,
): WidgetInfo {
  const ref = node instanceof PdfRef ? node : undefined;
  const r = reader.resolve(dict.get('Rect'));
  const rect = Array.isArray(r) ? r.map((x) => reader.resolve(x)) : undefined;
  let pageIndex: number | undefined | null = null;
  return {
    ref,
    dict,
    // Computed on first read (signing never needs it; the validator's reports do).
    get pageIndex(): number | undefined {
      if (pageIndex === null) {
        const map = pageOfAnnot();
        pageIndex = ref !== undefined ? map.get(ref.key) : undefined;
        const p = dict.getRef('P');
        if (pageIndex === undefined && p !== undefined) pageIndex = map.get(`page:${p.key}`);
      }
      return pageIndex;
    },
    rect: rect?.every((x) => x instanceof PdfNumber) ? rect.map((x) => (x as PdfNumber).value) : undefined,
  };
}

/** Annotation reference → page index, plus `page:<ref>` → page index. */
function annotationPages(reader: PdfReader): Map<string, number> {
  const map = new Map<string, number>();
  let pages;
  try {
    pages = reader.pages();
  } catch {
    return map;
  }
  for (const p of pages) {
    if (p.ref) map.set(`page:${p.ref.key}`, p.index);
    const annots = reader.resolve(p.dict.get('Annots'));
    if (!Array.isArray(annots)) continue;
    for (const a of annots) if (a instanceof PdfRef && !map.has(a.key)) map.set(a.key, p.index);
  }
  return map;
}
