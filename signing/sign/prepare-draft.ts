/**
 * Pre-signature preparation of a draft (DESIGN §4 step 1): before any signature the file may be
 * rewritten, so pdf-lib adds the empty number and date text fields (ISO 32000-2 §12.7.4.3) where the
 * stamp profile puts them. After the first signature every change is an incremental update.
 */
import { PDFDocument, PDFName } from 'pdf-lib';
import { PdfError, PdfReader, type PdfLimits } from '../pdf';
import { SignError } from './sign-error';
import { DEFAULT_STAMP_PROFILE, type StampBox, type StampProfile } from './stamp-profile';

export interface PrepareDraftOptions {
  profile?: StampProfile;
  /** Override the profile's field names or boxes. */
  numberField?: { name?: string; box?: StampBox };
  dateField?: { name?: string; box?: StampBox };
  /** Limits of the reader that looks for existing fields and signatures first. */
  limits?: Partial<PdfLimits>;
}

/**
 * The draft with the number and date fields added (fields that already exist are left alone).
 * Refuses a PDF that already holds a signature: rewriting it would break that signature.
 */
export async function prepareDraft(pdf: Buffer, options: PrepareDraftOptions = {}): Promise<Buffer> {
  const profile = options.profile ?? DEFAULT_STAMP_PROFILE;
  const reader = PdfReader.open(pdf, { limits: options.limits });
  if (reader.isEncrypted) {
    throw new SignError('PDF_ENCRYPTED', {
      vi: 'Tệp PDF được mã hoá; không thể chuẩn bị bản thảo',
      en: 'The PDF is encrypted; cannot prepare the draft',
    });
  }
  const form = reader.acroForm();
  if (form.signatureFields.some((f) => f.signature !== undefined)) {
    throw new SignError('SIGN_OPTIONS_INVALID', {
      vi: 'Văn bản đã có chữ ký; không được sửa lại bản thảo',
      en: 'The document is already signed; the draft can no longer be rewritten',
    });
  }
  const existing = new Set(form.fields.map((f) => f.fullName));
  const wanted = [
    {
      name: options.numberField?.name ?? profile.fields.number.name,
      box: options.numberField?.box ?? profile.fields.number.box,
    },
    {
      name: options.dateField?.name ?? profile.fields.date.name,
      box: options.dateField?.box ?? profile.fields.date.box,
    },
  ].filter((f) => !existing.has(f.name));
  if (wanted.length === 0) return pdf;
  // pdf-lib parses the whole file recursively: a structure our reader accepts (a page tree 20,000
  // levels deep) can still overflow its stack or break its parser. Either is the file's fault.
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const pages = doc.getPages();
    const p = profile.fields.page;
    const page = pages[p === 'first' ? 0 : p === 'last' ? pages.length - 1 : Math.min(p, pages.length - 1)];
    const pdfForm = doc.getForm();
    for (const f of wanted) {
      const field = pdfForm.createTextField(f.name);
      field.addToPage(page, {
        x: f.box.x,
        y: f.box.y,
        width: f.box.width,
        height: f.box.height,
        borderWidth: 0,
        borderColor: undefined,
        backgroundColor: undefined,
      });
    }
    // Our fills carry their own appearances; viewers must not regenerate them in Helvetica.
    pdfForm.acroForm.dict.delete(PDFName.of('NeedAppearances'));
    return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
  } catch (e) {
    if (e instanceof PdfError || e instanceof SignError) throw e;
    throw new PdfError(
      'PDF_MALFORMED',
      {
        vi: 'Không thể thêm trường số và ngày vào bản thảo: cấu trúc tệp PDF không đọc được',
        en: 'Cannot add the number and date fields to the draft: the PDF structure cannot be read',
      },
      { details: { reason: e instanceof Error ? e.message : String(e) }, cause: e },
    );
  }
}
