/** Test helpers: apply a typical update (new /Info, an extra object, an empty signature field). */
import { execFileSync } from 'node:child_process';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfReader,
  PdfRef,
  PdfString,
  addSignaturePlaceholder,
  type IncrementalUpdateOptions,
  type PdfValue,
} from '../../../signing/pdf';

export function fixedId(n: number): () => Buffer {
  return () => Buffer.alloc(16, n);
}

/**
 * Add an unsigned-then-reserved signature field on page 1: a signature dictionary with placeholders,
 * a widget field referring to it, the page's /Annots and the catalog's /AcroForm updated as
 * modified copies (ISO 32000-2 §12.7.5.5).
 */
export function addSignatureField(update: IncrementalUpdate, name: string, contentsSize = 8192): PdfRef {
  const r = update.reader;
  const sig = update.add(
    addSignaturePlaceholder(
      new PdfDict({
        Type: PdfName.of('Sig'),
        Filter: PdfName.of('Adobe.PPKLite'),
        SubFilter: PdfName.of('ETSI.CAdES.detached'),
        M: PdfString.fromText("D:20260101120000+07'00'"),
      }),
      contentsSize,
    ),
  );
  const page = r.pages()[0];
  const field = update.add(
    new PdfDict({
      FT: PdfName.of('Sig'),
      T: PdfString.fromText(name),
      V: sig,
      Type: PdfName.of('Annot'),
      Subtype: PdfName.of('Widget'),
      Rect: [0, 0, 0, 0].map((x) => PdfNumber.of(x)),
      F: PdfNumber.of(132),
      P: page.ref!,
    }),
  );
  const pageDict = (update.get(page.ref!) as PdfDict).clone();
  const annots = r.resolve(pageDict.get('Annots'));
  pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), field]);
  update.set(page.ref!, pageDict);
  const rootRef = r.rootRef!;
  const catalog = (update.get(rootRef) as PdfDict).clone();
  const formValue = catalog.get('AcroForm');
  const form = (r.resolve(formValue) as PdfDict | undefined)?.clone() ?? new PdfDict();
  const fields = r.resolve(form.get('Fields'));
  form.set('Fields', [...(Array.isArray(fields) ? (fields as PdfValue[]) : []), field]);
  form.set('SigFlags', PdfNumber.of(3));
  if (formValue instanceof PdfRef) update.set(formValue, form);
  else catalog.set('AcroForm', form);
  update.set(rootRef, catalog);
  return field;
}

/** A typical update: new /Info, a free-standing object and a signature field. */
export function typicalUpdate(
  reader: PdfReader,
  n: number,
  options: IncrementalUpdateOptions = {},
): IncrementalUpdate {
  const update = new IncrementalUpdate(reader, { newId: fixedId(n), ...options });
  update.setTrailer(
    'Info',
    update.add(new PdfDict({ Producer: PdfString.fromText(`VanBan – bản cập nhật ${n}`) })),
  );
  update.add(new PdfDict({ Marker: PdfNumber.of(n), Real: new PdfNumber(0.5) }));
  addSignatureField(update, `VanBanSig${n}`);
  return update;
}

/** `qpdf --check`; returns its output and whether it was clean (exit 0, no warnings). */
export function qpdfCheck(path: string): { clean: boolean; output: string } {
  try {
    const output = execFileSync('qpdf', ['--check', path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { clean: /No syntax or stream encoding errors/.test(output), output };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    return { clean: false, output: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}
